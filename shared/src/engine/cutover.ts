import { createDual, FLAG_MIRRORED, FLAG_PRIMARY_ACCEPTED, FLAG_SHADOW_REJECTED, reconcile, shadowNode, type DualState } from '../dualrun/shadow.ts';
import { createMigration, migrateAccounts, migrationCounts, validateRound, type MigrationState } from '../migration/records.ts';
import type { Literal } from '../predicate/parse.ts';
import { evaluatePredicate, type PredicateView } from '../predicate/evaluate.ts';
import { parsePredicate, predicatePaths, type Predicate } from '../predicate/parse.ts';
import { metricsView, THROUGHPUT_WINDOW_S } from '../predicate/view.ts';
import { applyRunbookInput, initialRunbook, isRunbookInput, plannedStarts, type RunbookState } from '../runbook/machine.ts';
import type { Command } from '../scenario/faults.ts';
import type { Scenario } from '../scenario/schema.ts';
import { formatClock } from '../scenario/units.ts';
import type { Model } from './compile.ts';
import { summarizeMetrics } from './metrics.ts';
import { push } from './queue.ts';
import { COUNT, EV, PRIO, isTerminal } from './codes.ts';
import type { SimState } from './state.ts';
import { waitingAt } from './station.ts';
import { calendarPath } from './days.ts';
import { nightPath } from './night.ts';

/**
 * The cutover layer of the engine: runbook, dual-run, migration, guardrails, batch files and
 * report resync. Its state lives in SimState.cut (plain data: hashed and snapshotted with the
 * rest); its work happens on rare events (inputs, checkpoints, checks), never per order, except
 * the dual-run hooks that run only when a scenario has a dual-run.
 */

export interface CutoverModel {
  legacyNode: number; // -1 without a cutover section
  newNode: number;
  mirrorFrom: number;
  planned: number[];
  predicates: Map<string, Predicate>;
}

export function compileCutover(sc: Scenario, nodeIndex: Map<string, number>): CutoverModel {
  const c = sc.cutover;
  return {
    legacyNode: c ? nodeIndex.get(c.legacy)! : -1,
    newNode: c ? nodeIndex.get(c.new)! : -1,
    mirrorFrom: sc.dualRun?.from ?? 0,
    planned: sc.runbook ? plannedStarts(sc.runbook) : [],
    predicates: new Map(),
  };
}

export interface TimelineEntry {
  at: number;
  kind: 'input' | 'refused' | 'wrong_decision' | 'halt' | 'emergency_stop' | 'fault_ended' | 'switch' | 'recon' | 'migration' | 'file' | 'resync';
  actor: string;
  text: string;
}

export interface Halt {
  at: number;
  by: 'stop_condition' | 'emergency_stop';
  id: string; // stop condition id, or the actor of the emergency stop
  reason: string;
}

export interface FileState {
  arrivedAt: number;
  valid: boolean;
  resendAt: number; // -1 none requested
}

/** An exchange report lost on its way back; the order slot is kept until it is resynced. */
export interface HeldReport {
  order: number;
  gateway: number; // route position of the gateway (node index before failover)
  hop: number;
  flags: number;
  qty: number;
  amount: number;
  index: number;
  count: number;
}

export interface CutoverState {
  seed: number;
  halted: Halt | null;
  stopSince: number[];
  timeline: TimelineEntry[];
  runbook: RunbookState | null;
  primary: 'legacy' | 'new';
  switchedDirty: number;
  dual: DualState | null;
  mig: MigrationState | null;
  files: FileState[];
  held: HeldReport[];
}

export function createCutoverState(m: Model, seed: number): CutoverState {
  const sc = m.scenario;
  return {
    seed,
    halted: null,
    stopSince: sc.stopConditions.map(() => -1),
    timeline: [],
    runbook: sc.runbook ? initialRunbook(sc.runbook) : null,
    primary: 'legacy',
    switchedDirty: 0,
    dual: sc.dualRun ? createDual(m) : null,
    mig: sc.migration ? createMigration() : null,
    files: sc.files.map(() => ({ arrivedAt: -1, valid: false, resendAt: -1 })),
    held: [],
  };
}

/** Put the cutover's own events on the list: stop-condition checks, reconciliations, file arrivals. */
export function scheduleCutover(m: Model, s: SimState): void {
  const sc = m.scenario;
  const t0 = m.windowStart;
  if (sc.stopConditions.length > 0) push(s.q, t0 + sc.guardCheckEvery, PRIO.SCHEDULE, EV.GUARD_CHECK, 0);
  if (sc.dualRun) push(s.q, Math.max(t0, m.cut.mirrorFrom) + sc.dualRun.reconcileEvery, PRIO.SCHEDULE, EV.RECONCILE, 0);
  sc.files.forEach((f, i) => push(s.q, Math.max(t0, f.arrives), PRIO.SCHEDULE, EV.FILE, i));
}

export function note(s: SimState, at: number, kind: TimelineEntry['kind'], actor: string, text: string): void {
  s.cut.timeline.push({ at, kind, actor, text });
}

// ---------------------------------------------------------------------------------------------
// Checks over the simulated state

function predicate(m: Model, text: string): Predicate {
  let p = m.cut.predicates.get(text);
  if (!p) {
    p = parsePredicate(text);
    m.cut.predicates.set(text, p);
  }
  return p;
}

/** The check view at the current state: the metrics, plus runbook.*, gate.*, recon.*, migration.*, file.*, config.*. */
export function cutoverView(m: Model, s: SimState): PredicateView {
  let base: PredicateView | undefined;
  const metrics = (path: string) => (base ??= metricsView(summarizeMetrics(m, s, THROUGHPUT_WINDOW_S + 2)))(path);
  return (path) => cutoverPath(m, s, path) ?? countPath(m, s, path) ?? metrics(path);
}

const ORDER_COUNT: Record<string, number> = { created: COUNT.CREATED, filled: COUNT.FILLED, cancelled: COUNT.CANCELLED, expired: COUNT.EXPIRED, rejected: COUNT.REJECTED, done: COUNT.DONE };

/**
 * Counters read straight from the state, as metricsView has them, so a stop condition checked
 * every second does not summarise every histogram; latencies and throughput take the full path.
 */
function countPath(m: Model, s: SimState, path: string): Literal | undefined {
  if (path.startsWith('orders.')) {
    const k = ORDER_COUNT[path.slice(7)];
    return k === undefined ? undefined : s.counts[k]!;
  }
  if (path === 'time') return s.now;
  if (!path.startsWith('node.')) return undefined;
  const k = path.lastIndexOf('.');
  const n = m.nodeIndex.get(path.slice(5, k));
  if (n === undefined) return undefined;
  switch (path.slice(k + 1)) {
    case 'queueDepth':
      return waitingAt(s, n, s.now);
    case 'processed':
      return s.nodeProcessed[n]!;
    case 'rejected':
      return s.nodeRejected[n]!;
    case 'lost':
      return s.nodeLost[n]!;
    case 'maxQueueDepth':
      return s.nodeMaxQueue[n]!;
    default:
      return undefined;
  }
}

export function check(m: Model, s: SimState, text: string, view = cutoverView(m, s)) {
  return evaluatePredicate(predicate(m, text), view);
}

function cutoverPath(m: Model, s: SimState, path: string): Literal | undefined {
  const dot = path.indexOf('.');
  const ns = dot < 0 ? path : path.slice(0, dot);
  const rest = path.slice(dot + 1);
  const c = s.cut;
  const rb = m.scenario.runbook;
  switch (ns) {
    case 'guard':
      return rest === 'halted' ? c.halted !== null : undefined;
    case 'cutover':
      if (rest === 'primary') return c.primary;
      if (rest === 'switchedDirty') return c.switchedDirty;
      return undefined;
    case 'runbook': {
      if (!rb || !c.runbook) return undefined;
      const st = c.runbook;
      const end = st.completeAt >= 0 ? st.completeAt : s.now;
      if (rest === 'mode') return st.mode;
      if (rest === 'complete') return st.completeAt >= 0;
      if (rest === 'overdue') return end > rb.window.deadline;
      if (rest === 'slack') return rb.window.deadline - end;
      if (rest === 'elapsed') return end - rb.window.start;
      if (rest === 'done') return st.steps.filter((x) => x.status === 'done').length;
      if (rest === 'wrongDecisions') return st.steps.filter((x) => x.wrong).length;
      const k = rest.lastIndexOf('.');
      const i = rb.steps.findIndex((x) => x.id === rest.slice(0, k));
      if (i < 0) return undefined;
      const step = st.steps[i]!;
      const field = rest.slice(k + 1);
      if (field === 'status') return step.status;
      if (field === 'verified') return step.verified === 'passed';
      if (field === 'overrun') return step.doneAt >= 0 ? step.doneAt - step.startedAt - rb.steps[i]!.expected : 0;
      return undefined;
    }
    case 'gate': {
      const id = rest.slice(0, rest.lastIndexOf('.'));
      const i = rb?.steps.findIndex((x) => x.id === id && x.kind === 'gate') ?? -1;
      if (i < 0 || !c.runbook) return undefined;
      return c.runbook.steps[i]!.decision || 'pending';
    }
    case 'recon': {
      const d = c.dual;
      if (!d) return undefined;
      const last = d.last;
      if (rest === 'at') return last?.at ?? -1;
      if (rest === 'rounds') return d.rounds;
      if (rest === 'mismatches') return last ? last.total : -1; // -1: never reconciled, never "clean"
      if (last && rest in last.byCause) return last.byCause[rest as keyof typeof last.byCause];
      return last ? undefined : -1;
    }
    case 'migration': {
      const mg = c.mig;
      if (!mg) return undefined;
      if (rest === 'migrated') return mg.migrated;
      if (rest === 'rounds') return mg.rounds;
      const counts = migrationCounts(mg);
      return rest in counts ? counts[rest as keyof typeof counts] : undefined;
    }
    case 'file': {
      const k = rest.lastIndexOf('.');
      const i = m.scenario.files.findIndex((f) => f.id === rest.slice(0, k));
      if (i < 0) return undefined;
      const f = c.files[i]!;
      return rest.slice(k + 1) === 'arrived' ? f.arrivedAt >= 0 : rest.slice(k + 1) === 'valid' ? f.valid : undefined;
    }
    case 'resync':
      return rest === 'missing' ? c.held.length : undefined;
    case 'config':
      return configValue(m, s, rest);
    case 'calendar':
      return calendarPath(m.days, m.nodeIds, s, rest);
    case 'night':
      return nightPath(m, s, rest);
    default:
      return undefined;
  }
}

/** config.<node>.<key>: the value in force (command or fault override, else the scenario's). */
function configValue(m: Model, s: SimState, rest: string): Literal | undefined {
  for (let n = 0; n < m.nodeIds.length; n++) {
    const id = m.nodeIds[n]!;
    if (!rest.startsWith(`${id}.`)) continue;
    const key = rest.slice(id.length + 1);
    let v: Literal | undefined;
    const node = m.scenario.nodes[n]!;
    const fees = m.nodeFees[n]!;
    if (key in node.config) v = node.config[key];
    else if (key === 'fees.minimumApplies') v = fees.minimumApplies;
    else if (key === 'fees.commissionPpm') v = fees.commissionPpm;
    else if (key === 'fees.minimumCommissionFen') v = fees.minimumCommission;
    for (const [k, value] of s.nodeConfig[n]!) if (k === key) v = value;
    if (v !== undefined) return v;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Events

/** Every guardCheckEvery: a stop condition that has held for its `for` halts the run. */
export function onGuardCheck(m: Model, s: SimState, t: number): void {
  const stops = m.scenario.stopConditions;
  const view = cutoverView(m, s);
  for (let i = 0; i < stops.length; i++) {
    const stop = stops[i]!;
    const p = predicate(m, stop.when);
    if (!evaluatePredicate(p, view).ok) {
      s.cut.stopSince[i] = -1;
      continue;
    }
    if (s.cut.stopSince[i]! < 0) s.cut.stopSince[i] = t;
    if (t - s.cut.stopSince[i]! >= stop.for) {
      const values = [...new Set(predicatePaths(p))].map((path) => `${path} = ${String(view(path))}`).join(', ');
      halt(s, t, { at: t, by: 'stop_condition', id: stop.id, reason: `${stop.message} (${stop.when}: ${values})` });
      return;
    }
  }
  push(s.q, t + m.scenario.guardCheckEvery, PRIO.SCHEDULE, EV.GUARD_CHECK, 0);
}

function halt(s: SimState, t: number, h: Halt): void {
  s.cut.halted = h;
  note(s, t, h.by === 'emergency_stop' ? 'emergency_stop' : 'halt', h.by === 'emergency_stop' ? h.id : 'guardrail', h.reason);
}

export function onReconcile(m: Model, s: SimState, t: number): void {
  runReconcile(m, s, t, 'schedule');
  push(s.q, t + m.scenario.dualRun!.reconcileEvery, PRIO.SCHEDULE, EV.RECONCILE, 0);
}

function runReconcile(m: Model, s: SimState, t: number, actor: string): void {
  const r = reconcile(m, s, s.cut.dual!, t);
  const causes = Object.entries(r.byCause).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${n}`).join(', ');
  note(s, t, 'recon', actor, r.total === 0 ? 'reconciliation clean' : `reconciliation: ${r.total} mismatches (${causes})`);
}

export function onFile(m: Model, s: SimState, i: number, t: number): void {
  const spec = m.scenario.files[i]!;
  const f = s.cut.files[i]!;
  const resent = f.resendAt >= 0 && t >= f.resendAt;
  f.arrivedAt = t;
  f.valid = resent || !spec.corrupt;
  note(s, t, 'file', 'batch', `${spec.title ?? spec.id} ${resent ? 're-sent and ' : ''}arrived: control totals ${f.valid ? 'match' : 'DO NOT match'}`);
}

// ---------------------------------------------------------------------------------------------
// Commands

export type Effect = (c: Command, seq: number, actor: string, t: number) => void;

/** Check a cutover command's references before it is queued (the scenario sections it needs). */
export function checkCutoverCommand(m: Model, c: Command): void {
  const sc = m.scenario;
  const need = (ok: unknown, what: string) => {
    if (!ok) throw new Error(`${c.type}: scenario ${sc.id} has no ${what}`);
  };
  if (isRunbookInput(c)) need(sc.runbook, 'runbook');
  else if (c.type === 'switch_primary') need(sc.cutover, 'cutover section');
  else if (c.type === 'reconcile' || c.type === 'rerun_shadow') need(sc.dualRun, 'dual-run');
  else if (c.type === 'migrate_data' || c.type === 'validate_migration' || c.type === 'clean_migration') need(sc.migration, 'migration');
  else if (c.type === 'request_resend') need(sc.files.some((f) => f.id === c.file), `file "${c.file}"`);
}

/** Run a cutover command at t; `effect` runs the plain operator commands a runbook step issues. */
export function runCutoverCommand(m: Model, s: SimState, c: Command, seq: number, actor: string, t: number, effect: Effect, endAllFaults: (t: number) => string[]): void {
  const cut = s.cut;
  if (isRunbookInput(c)) {
    const rb = m.scenario.runbook!;
    const view = cutoverView(m, s);
    const r = applyRunbookInput(rb, cut.runbook!, c, actor, t, (text) => check(m, s, text, view));
    if (!r.ok) {
      note(s, t, 'refused', actor, r.error);
      return;
    }
    const wrong = c.type === 'gate_decision' && cut.runbook!.steps[rb.steps.findIndex((x) => x.id === c.gate)]!.wrong;
    note(s, t, wrong ? 'wrong_decision' : 'input', actor, r.text);
    for (const cmd of r.issue) effect(cmd, seq, actor, t);
    return;
  }
  switch (c.type) {
    case 'emergency_stop': {
      const ended = endAllFaults(t);
      for (const id of ended) note(s, t, 'fault_ended', actor, `emergency stop ends fault ${id}`);
      halt(s, t, { at: t, by: 'emergency_stop', id: actor, reason: `emergency stop by ${actor}: ${c.reason}` });
      return;
    }
    case 'switch_primary':
      switchPrimary(m, s, c.to, actor, t);
      return;
    case 'reconcile':
      runReconcile(m, s, t, actor);
      return;
    case 'rerun_shadow':
      rerunShadow(m, s, t, actor);
      return;
    case 'migrate_data': {
      const mig = cut.mig!;
      if (mig.migrated) return note(s, t, 'refused', actor, 'the data was already migrated');
      migrateAccounts(m, s, mig, t);
      const d = cut.dual;
      for (const r of mig.records) shiftShadow(m, d, r.account, r.kind, r.instrument, r.delta);
      note(s, t, 'migration', actor, `${m.accountCount} accounts migrated into ${m.nodeIds[m.cut.newNode]}`);
      return;
    }
    case 'validate_migration': {
      const mig = cut.mig!;
      if (!mig.migrated) return note(s, t, 'refused', actor, 'nothing to validate: the data has not been migrated');
      const n = validateRound(m, s, mig);
      const k = migrationCounts(mig);
      note(s, t, 'migration', actor, `validation round ${mig.rounds} finds ${n} dirty records (${k.found} found and not cleaned, ${k.unfound} still unfound)`);
      return;
    }
    case 'clean_migration': {
      const mig = cut.mig!;
      let n = 0;
      for (const r of mig.records) {
        if (!r.found || r.cleaned) continue;
        r.cleaned = true;
        n++;
        shiftShadow(m, cut.dual, r.account, r.kind, r.instrument, -r.delta);
        if (r.live) {
          const cell = r.account * m.instrumentCount + r.instrument;
          s.sellable[cell] = s.sellable[cell]! - r.delta;
          r.live = false;
        }
      }
      note(s, t, 'migration', actor, `cleaning fixes ${n} records; ${migrationCounts(mig).dirty} dirty records remain`);
      return;
    }
    case 'resync_reports':
      return; // handled by the engine core (engine/effects.ts), which owns the report path
    case 'request_resend': {
      const i = m.scenario.files.findIndex((f) => f.id === c.file);
      const f = cut.files[i]!;
      f.resendAt = t + m.scenario.files[i]!.resendAfter;
      push(s.q, f.resendAt, PRIO.SCHEDULE, EV.FILE, i);
      note(s, t, 'file', actor, `${c.file}: re-send requested, due ${formatClock(f.resendAt)}`);
      return;
    }
    default:
      return;
  }
}

function shiftShadow(m: Model, d: DualState | null, account: number, kind: 'cash' | 'position', instrument: number, delta: number): void {
  if (!d) return;
  if (kind === 'cash') {
    d.shFunds[account] = d.shFunds[account]! + delta;
    d.migFunds[account] = d.migFunds[account]! + delta;
  } else {
    const cell = account * m.instrumentCount + instrument;
    d.shPos[cell] = d.shPos[cell]! + delta;
    d.migPos[cell] = d.migPos[cell]! + delta;
  }
}

/** Why switching now would be the wrong decision, or '' when the evidence is clean. */
export function dirtyEvidence(m: Model, s: SimState): string {
  const why: string[] = [];
  const d = s.cut.dual;
  if (d) {
    const last = d.last;
    if (!last) why.push('never reconciled');
    else {
      const open = last.total - last.byCause.timing;
      if (open > 0) why.push(`${open} open reconciliation breaks at ${formatClock(last.at)}`);
    }
  }
  const mig = s.cut.mig;
  if (mig) {
    if (!mig.migrated) why.push('the data was never migrated');
    else {
      const k = migrationCounts(mig);
      if (k.dirty > 0) why.push(`${k.dirty} dirty migrated records`);
    }
  }
  return why.join('; ');
}

function switchPrimary(m: Model, s: SimState, to: 'legacy' | 'new', actor: string, t: number): void {
  const cut = s.cut;
  if (cut.primary === to) return note(s, t, 'refused', actor, `the ${to} system is already primary`);
  const legacy = m.cut.legacyNode;
  const next = m.cut.newNode;
  cut.primary = to;
  s.nodeSubst[legacy] = to === 'new' ? next : -1;
  let dirty = '';
  if (to === 'new') {
    dirty = dirtyEvidence(m, s);
    if (dirty) cut.switchedDirty++;
  }
  // Wrong sellable quantities in the migrated data bite once the new system serves clients.
  for (const r of cut.mig?.records ?? []) {
    if (r.kind !== 'position' || r.cleaned || r.live === (to === 'new')) continue;
    const cell = r.account * m.instrumentCount + r.instrument;
    s.sellable[cell] = s.sellable[cell]! + (to === 'new' ? r.delta : -r.delta);
    r.live = to === 'new';
  }
  note(s, t, dirty ? 'wrong_decision' : 'switch', actor, `primary switched to ${m.nodeIds[to === 'new' ? next : legacy]} (${to})${dirty ? ` WITH DIRTY EVIDENCE: ${dirty}` : ''}`);
}

/** After a fix: the shadow's books restart from the primary's, keeping the migrated errors not yet cleaned. */
function rerunShadow(m: Model, s: SimState, t: number, actor: string): void {
  const d = s.cut.dual!;
  const fresh = createDual(m);
  for (let a = 0; a < m.accountCount; a++) {
    fresh.shFunds[a] = s.cash[a]! + s.frozen[a]!;
    fresh.shOrders[a] = d.prOrders[a]!;
    fresh.prOrders[a] = d.prOrders[a]!;
    fresh.shFills[a] = d.prFills[a]! + d.tmFills[a]!;
    fresh.prFills[a] = d.prFills[a]! + d.tmFills[a]!;
  }
  fresh.shPos.set(s.position);
  s.ordShadowFee.set(s.ordFeePaid); // orders still live were re-run too: their fees so far match
  // …and the fixed system takes the orders it had refused; those still on their way count as in flight.
  for (let o = 0; o < s.ordPool.capacity; o++) {
    const f = s.ordFlags[o]!;
    if (!(f & FLAG_MIRRORED)) continue;
    s.ordFlags[o] = f & ~FLAG_SHADOW_REJECTED;
    if (!(f & FLAG_PRIMARY_ACCEPTED) && !isTerminal(s.ordStatus[o]!)) {
      fresh.shOrders[s.ordAccount[o]!]!++;
      fresh.pending[s.ordAccount[o]!]!++;
    }
  }
  fresh.rounds = d.rounds;
  fresh.last = d.last;
  s.cut.dual = fresh;
  for (const r of s.cut.mig?.records ?? []) if (!r.cleaned && s.cut.mig!.migrated) shiftShadow(m, fresh, r.account, r.kind, r.instrument, r.delta);
  note(s, t, 'recon', actor, `day re-run through ${m.nodeIds[shadowNode(m, s)]}: its books restart from the primary's`);
}
