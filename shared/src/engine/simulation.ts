import type { Scenario } from '../scenario/schema.ts';
import { StampedCommand } from '../scenario/command.ts';
import type { AuditReport, MetricsSummary, SimSnapshot, Simulation } from './api.ts';
import { accountCash, holding, type AccountCash, type Holding } from './market-summary.ts';
import { audit } from './audit.ts';
import { compile, type Model } from './compile.ts';
import { checkCommand, endFault, newFaultRecord, runCommand, startFault } from './effects.ts';
import { expireAll, openContinuous, STREET_TICK_US, streetTick, uncross } from './exchange.ts';
import { forward, onArrive, onComplete } from './flow.ts';
import { releaseHeld } from './gate.ts';
import { HOLD } from './market-state.ts';
import { onBank, scheduleBank } from './bank.ts';
import { onGenerate, onRunaway, onSubscribe, rescheduleLoad, scheduleSubscriptions } from './load.ts';
import { createIpoState } from './ipo.ts';
import { summarizeMetrics } from './metrics.ts';
import { eventArg, eventType, pop, push } from './queue.ts';
import { deepClone, hashValue, packClone, packedBytes, unpackClone } from './snapshot.ts';
import { createState, EV, PRIO, type SimState } from './state.ts';
import { onFile, onReconcile } from './cutover.ts';
import { engineOwn, onGuardCheck } from './cutover-checks.ts';
import type { Literal } from '../predicate/parse.ts';
import { createCutoverState, scheduleCutover } from './cutover-state.ts';
import { cutoverReport, type CutoverReport } from './cutover-report.ts';
import { createNights, onNight, onNightFile, scheduleNights } from './night.ts';
import { createDr } from './commit-log.ts';

const SNAPSHOT_FORMAT = 'twinlab-sim/6'; // 2: the event list's payload is one packed word; 3: orders carry the counter's state and PBU; 4: the counter state lost (DR tail); 5: a position's fields interleaved, the dual-run's reconciliation history; 6: an account's and an order's fields interleaved (book.ts, order-layout.ts), an exchange book's (order, price) pairs

/** Create a simulation of the scenario at window.start with the given seed (default: the scenario's). */
export function createSimulation(scenario: Scenario, options: { seed?: number } = {}): Simulation {
  const model = compile(scenario);
  const seed = options.seed ?? scenario.seed;
  const state = createState(model, seed, createCutoverState(model, seed));
  const nights = createNights(model);
  if (nights) state.night = nights;
  if (model.repl) state.dr = createDr();
  const ipo = createIpoState(model);
  if (ipo) state.ipo = ipo;
  scheduleDay(model, state);
  return new Run(model, seed, state, hashValue(scenario));
}

/** Continue a simulation from a snapshot taken of the same scenario. */
export function restoreSimulation(scenario: Scenario, snapshot: SimSnapshot): Simulation {
  const scenarioHash = hashValue(scenario);
  if (snapshot.format !== SNAPSHOT_FORMAT) throw new Error(`snapshot format ${snapshot.format} is not ${SNAPSHOT_FORMAT}`);
  if (snapshot.scenarioHash !== scenarioHash) throw new Error('the snapshot was taken of a different scenario');
  const { seed, state } = unpackClone(snapshot.state) as { seed: number; state: SimState };
  return new Run(compile(scenario), seed, state, scenarioHash);
}

/** Put the day's schedule on the event list: phases, bursts, scheduled faults, the first arrival. */
function scheduleDay(m: Model, s: SimState): void {
  const t0 = m.windowStart;
  m.phaseChanges.forEach((p, i) => {
    if (p.at <= t0)
      s.session = p.session; // already in force when the window opens
    else push(s.q, p.at, PRIO.SCHEDULE, EV.PHASE, i);
  });
  m.scenario.load.bursts.forEach((b, i) => {
    if (b.at + b.duration <= t0) return;
    push(s.q, Math.max(b.at, t0), PRIO.SCHEDULE, EV.BURST_START, i);
    push(s.q, b.at + b.duration, PRIO.SCHEDULE, EV.BURST_END, i);
  });
  m.scenario.faults.forEach((f, i) => {
    const { at, ...spec } = f;
    s.faults.push(newFaultRecord(m, f.id ?? `fault-${i + 1}`, spec));
    push(s.q, Math.max(at, t0), PRIO.SCHEDULE, EV.FAULT_START, i);
  });
  if (m.sessions[s.session]?.matching === 'continuous') startStreet(s, t0);
  rescheduleLoad(m, s, t0);
  scheduleCutover(m, s);
  scheduleBank(m, s, t0);
  scheduleSubscriptions(m, s, t0);
  scheduleNights(m, s);
}

/** One tick event moves every instrument: a deep heap of per-instrument ticks would slow every event. */
function startStreet(s: SimState, t: number): void {
  push(s.q, t + STREET_TICK_US, PRIO.TRAFFIC, EV.STREET_TICK, 0);
}

function onStreetTick(m: Model, s: SimState, t: number): void {
  if (m.sessions[s.session]?.matching !== 'continuous') return; // the street rests outside the continuous auction
  for (let i = 0; i < m.instrumentCount; i++) {
    const exchange = m.instrumentExchange[i]!;
    if (exchange >= 0) streetTick(m, s, exchange, i, t);
  }
  push(s.q, t + STREET_TICK_US, PRIO.TRAFFIC, EV.STREET_TICK, 0);
}

function onPhase(m: Model, s: SimState, index: number, t: number): void {
  const prevIndex = s.session;
  const prev = m.sessions[prevIndex];
  const next = m.phaseChanges[index]!.session;
  s.session = next;
  // A call auction uncrosses once, when its last phase ends (09:25, not 09:20 as well: docs/domain.md E1).
  if (prev?.matching === 'call' && m.sessions[next]?.matching !== 'call') {
    for (let i = 0; i < m.instrumentCount; i++) if (m.instrumentExchange[i]! >= 0) uncross(m, s, m.instrumentExchange[i]!, i, t);
  }
  const now = m.sessions[next];
  if (now?.matching === 'continuous' && prev?.matching !== 'continuous') startStreet(s, t);
  if (m.mkt.sessionPreOpen[prevIndex + 1] === 1 && now?.matching === 'continuous') {
    releaseHeld(m, s, HOLD.PRE_OPEN, t, (msg, n, at) => forward(m, s, msg, n, at));
    openContinuous(m, s, t);
  }
  if (m.phaseChanges[index]!.dayEnd) expireAll(m, s, t);
  rescheduleLoad(m, s, t);
}

class Run implements Simulation {
  constructor(
    private readonly model: Model,
    readonly seed: number,
    private state: SimState,
    private readonly scenarioHash: string,
  ) {}

  get scenario(): Scenario {
    return this.model.scenario;
  }

  get now(): number {
    return this.state.now;
  }

  /** Process every event before t; a command stamped at exactly t still runs before t's traffic. */
  runUntil(t: number): void {
    const m = this.model;
    const s = this.state;
    const q = s.q;
    if (s.cut.halted !== null) return; // halted: the run stays frozen where it stopped
    run: while (q.size > 0 && q.time[0]! < t) {
      const time = q.time[0]!;
      const word = q.event[0]!;
      const type = eventType(word);
      const arg = eventArg(word);
      pop(q);
      s.now = time;
      s.events++;
      switch (type) {
        case EV.ARRIVE:
          onArrive(m, s, arg, time);
          break;
        case EV.COMPLETE:
          onComplete(m, s, arg, time);
          break;
        case EV.GENERATE:
          onGenerate(m, s, arg, time);
          break;
        case EV.RUNAWAY:
          onRunaway(m, s, arg, time);
          break;
        case EV.STREET_TICK:
          onStreetTick(m, s, time);
          break;
        case EV.PHASE:
          onPhase(m, s, arg, time);
          break;
        case EV.FAULT_START:
          startFault(m, s, arg, time);
          break;
        case EV.FAULT_END:
          endFault(m, s, arg, time);
          break;
        case EV.COMMAND:
          runCommand(m, s, arg, time);
          if (s.cut.halted !== null) break run;
          break;
        case EV.GUARD_CHECK:
          onGuardCheck(m, s, time);
          if (s.cut.halted !== null) break run;
          break;
        case EV.RECONCILE:
          onReconcile(m, s, time);
          break;
        case EV.FILE:
          onFile(m, s, arg, time);
          onNightFile(m, s, time);
          break;
        case EV.NIGHT:
          onNight(m, s, arg, time);
          break;
        case EV.BANK: // 0: the bank's next transfer; 1 + k: a subscription day's events (engine/load.ts onSubscribe)
          if (arg === 0) onBank(m, s, time);
          else onSubscribe(m, s, arg - 1, time);
          break;
        case EV.BURST_START:
        case EV.BURST_END:
          s.burstActive[arg] = type === EV.BURST_START ? 1 : 0;
          rescheduleLoad(m, s, time);
          break;
      }
    }
    if (t > s.now && s.cut.halted === null) s.now = t;
  }

  apply(command: StampedCommand): void {
    const parsed = StampedCommand.parse(command);
    if (parsed.at < this.state.now) throw new Error(`command ${parsed.seq} is stamped ${parsed.at} µs, before the simulation's now (${this.state.now} µs)`);
    checkCommand(this.model, this.state, parsed.command);
    this.state.commands.push(parsed);
    push(this.state.q, parsed.at, PRIO.COMMAND, EV.COMMAND, this.state.commands.length - 1);
  }

  stateHash(): string {
    return hashValue({ seed: this.seed, state: this.state });
  }

  snapshot(): SimSnapshot {
    return { format: SNAPSHOT_FORMAT, scenarioHash: this.scenarioHash, state: deepClone({ seed: this.seed, state: this.state }) };
  }

  compactSnapshot(): SimSnapshot {
    return { format: SNAPSHOT_FORMAT, scenarioHash: this.scenarioHash, state: packClone({ seed: this.seed, state: this.state }) };
  }

  compactSnapshotBytes(): number {
    return packedBytes(this.state);
  }

  metrics(): MetricsSummary {
    return summarizeMetrics(this.model, this.state);
  }

  audit(): AuditReport {
    return audit(this.model, this.state);
  }

  cutover(): CutoverReport {
    return cutoverReport(this.model, this.state);
  }

  account(index: number): AccountCash {
    return accountCash(this.model, this.state, index);
  }

  engineValue(path: string): Literal | undefined {
    return engineOwn(this.model, this.state, path);
  }

  holding(account: number, instrument: number): Holding {
    return holding(this.model, this.state, account, instrument);
  }
}
