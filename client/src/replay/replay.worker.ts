/// <reference lib="webworker" />
import { parseScenario, formatScenarioError } from '@twinlab/shared/scenario/parse';
import { createSimulation, restoreSimulation } from '@twinlab/shared/engine/index';
import { ReplayIndexBuilder } from '@twinlab/shared/replay/index-builder';
import { sessionTimeline } from '@twinlab/shared/replay/timeline';
import { metricsPoint, sampleRun } from '@twinlab/shared/replay/sample';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { SessionExport } from '@twinlab/shared/replay/export';
import { ReplayCursor } from './cursor.ts';
import type { FromReplay, ReplayProgress, ToReplay } from './protocol.ts';

// Replays run here: indexing re-runs the whole session, which must not freeze the page. It runs
// in slices of about SLICE_MS and yields between them, so seeks into the part already indexed
// are answered while the rest is still being run.
const SLICE_MS = 50;
/** Points of the replay's charts: enough for a line across the dialog, one pass of the engine. */
const CHART_POINTS = 240;
const post = (m: FromReplay) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);
let cursor: ReplayCursor | null = null;

function progress(b: ReplayIndexBuilder, t0: number): ReplayProgress {
  return { ready: b.index.end, done: b.done, snapshots: b.index.snapshotTimes, wallMs: Math.round(performance.now() - t0) };
}

/** The metrics on an even grid over [start, until], in one more pass once scrubbing is ready. */
function chartSeries(sc: Scenario, exp: SessionExport, until: number): void {
  const start = sc.window.start;
  const step = Math.max(1_000_000, Math.ceil((until - start) / CHART_POINTS));
  const times: number[] = [];
  for (let t = start + step; t < until; t += step) times.push(t);
  times.push(until);
  try {
    const { points } = sampleRun(createSimulation, sc, exp.seed, exp.commands, times);
    post({ type: 'series', points: [...points.values()].sort((a, b) => a.at - b.at) });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

function pump(b: ReplayIndexBuilder, t0: number, then?: () => void): void {
  const slice = performance.now();
  try {
    while (!b.done && performance.now() - slice < SLICE_MS) b.advance();
  } catch (err) {
    return post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
  post({ type: 'progress', ...progress(b, t0) });
  if (!b.done) setTimeout(() => pump(b, t0, then), 0);
  else if (then) setTimeout(then, 0);
}

self.onmessage = (e: MessageEvent<ToReplay>) => {
  const m = e.data;
  try {
    if (m.type === 'build') {
      const t0 = performance.now();
      const parsed = parseScenario(m.exp.scenarioText, 'recorded scenario');
      if (!parsed.ok) return post({ type: 'error', message: parsed.errors.map(formatScenarioError).join('; ') });
      const sc = parsed.scenario;
      const until = Math.min(sc.window.end, Math.max(m.until, sc.window.start + 1));
      const builder = new ReplayIndexBuilder(createSimulation, restoreSimulation, sc, m.exp.seed, m.exp.commands, until);
      cursor = new ReplayCursor(builder.index);
      const events = sessionTimeline(sc, m.exp.commands, m.exp.runbook, m.exp.chat, m.exp.hints).filter((ev) => ev.at <= until);
      post({ type: 'built', start: sc.window.start, end: until, events, ...progress(builder, t0) });
      pump(builder, t0, () => chartSeries(sc, m.exp, until));
      return;
    }
    if (!cursor) return post({ type: 'error', message: 'the replay is not built yet' });
    const t0 = performance.now();
    const sim = cursor.at(m.t);
    const metrics = sim.metrics();
    post({
      type: 'state',
      state: {
        id: m.id,
        t: sim.now,
        hash: sim.stateHash(),
        point: metricsPoint(metrics),
        nodes: metrics.nodes.map((n) => ({ id: n.id, state: n.state, queue: n.queueDepth })),
        wallMs: Math.round(performance.now() - t0),
      },
    });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
