/// <reference lib="webworker" />
import { parseScenario, formatScenarioError } from '@twinlab/shared/scenario/parse';
import { simTimeAt, type ClockState } from '@twinlab/shared/session/clock';
import type { StampedCommand } from '@twinlab/shared/scenario/command';
import { SessionRun } from './runner.ts';
import { drillInputs, drillNeeds, sampleOf, type DrillNeeds } from './sample.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import { httpSnapshots, joinSession } from './late-join.ts';

// The engine runs here so the page stays smooth: a tick every TICK_MS of wall time runs the
// session towards the shared clock, never longer than BUDGET_MS before it reads its messages again.
const TICK_MS = 40;
const BUDGET_MS = 30;
const SAMPLE_MS = 200;
/** Stay this far behind the estimated server clock: commands stamped "now" then rarely arrive late. */
const LAG_MS = 120;
const SNAPSHOT_WALL_S = 20;

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromWorker) => ctx.postMessage(m);

let run: SessionRun | null = null;
let log: StampedCommand[] = [];
let clock: ClockState | null = null;
let offsetMs = 0;
let lastSample = 0;
let hashedAt = '';
let sampledAt = '';
let needs: DrillNeeds | null = null;
/** A join waiting for the clock (it decides whether to start from the server's snapshot), then catching up to it. */
let joining: { scenario: Scenario; seed: number; snapshotUrl: string; token: string } | null = null;
let catchingUp = false;
const logWaiters: (() => void)[] = [];

const sampleNow = (r: SessionRun) => sampleOf(r.sim.metrics(), r.epoch, r.sim.cutover(), needs ? drillInputs(r.sim, needs) : undefined);

ctx.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  try {
    if (m.type === 'init') init(m.scenarioText, m.seed, m.join);
    else if (m.type === 'log') {
      log = m.commands;
      logWaiters.splice(0).forEach((wake) => wake());
      const reason = run?.setLog(log);
      if (reason && run) post({ type: 'rollback', reason, now: run.now });
    } else {
      clock = m.clock;
      offsetMs = m.offsetMs;
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};

function init(text: string, seed: number, join?: { snapshotUrl: string; token: string }): void {
  post({ type: 'status', status: 'parsing' });
  const parsed = parseScenario(text, 'session scenario');
  if (!parsed.ok) {
    post({ type: 'error', message: parsed.errors.map(formatScenarioError).join('\n') });
    return;
  }
  post({ type: 'status', status: 'preparing' });
  if (join) {
    needs = drillNeeds(parsed.scenario);
    joining = { scenario: parsed.scenario, seed, ...join };
    return;
  }
  run = new SessionRun(parsed.scenario, seed, { keepSnapshots: 3 });
  needs = drillNeeds(parsed.scenario);
  run.setLog(log);
  hashedAt = '';
  post({ type: 'status', status: 'ready' });
  post({ type: 'sample', sample: sampleNow(run) });
}

function target(c: ClockState): number {
  const serverNow = Date.now() + offsetMs;
  return simTimeAt(c, c.running ? serverNow - LAG_MS : serverNow);
}

function startJoin(c: ClockState): void {
  const j = joining!;
  joining = null;
  let shown = 0;
  void joinSession(j.scenario, j.seed, target(c), {
    fetchSnapshot: httpSnapshots(j.snapshotUrl, j.token),
    log: () => log,
    logChanged: () => new Promise<void>((wake) => (logWaiters.push(wake), setTimeout(wake, 250))),
    stage: (status) => post({ type: 'status', status }),
    bytes: (received, total, until) => {
      if (received - shown < 1 << 20 && received !== total) return;
      shown = received;
      post({ type: 'join-bytes', received, total, until });
    },
  }).then(
    ({ run: joined, report }) => {
      run = joined;
      run.setLog(log);
      hashedAt = '';
      catchingUp = true;
      post({ type: 'joined', report });
      post({ type: 'status', status: 'catching-up' });
      post({ type: 'sample', sample: sampleNow(run) });
    },
    (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
}

function tick(): void {
  if (joining && clock) startJoin(clock);
  if (!run || !clock) return;
  try {
    const started = performance.now();
    const goal = target(clock);
    // About one snapshot per SNAPSHOT_WALL_S of wall time, and never more often than every 5 simulated minutes.
    run.setSnapshotInterval(Math.max(300_000_000, Math.round(clock.speed * SNAPSHOT_WALL_S) * 1_000_000));
    if (run.rewind(goal)) post({ type: 'rollback', reason: 'the shared clock is behind this run', now: run.now });
    const reached = run.advance(goal, () => performance.now() - started > BUDGET_MS);
    if (catchingUp && reached) {
      catchingUp = false;
      post({ type: 'status', status: 'ready' });
    }
    const wall = performance.now();
    const key = `${run.now}:${run.appliedCount}:${run.epoch}`;
    // Standing still at a paused clock: nothing new to show, so no samples to redraw for.
    const moved = key !== sampledAt;
    if ((moved && wall - lastSample >= SAMPLE_MS) || (reached && !clock.running && key !== hashedAt)) {
      sampledAt = key;
      lastSample = wall;
      post({ type: 'sample', sample: sampleNow(run) });
      if (reached && !clock.running && key !== hashedAt) {
        hashedAt = key;
        post({ type: 'hash', now: run.now, hash: run.sim.stateHash(), applied: run.appliedCount });
      }
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    run = null;
  }
}

setInterval(tick, TICK_MS);
