/// <reference lib="webworker" />
import { parseScenario, formatScenarioError } from '@twinlab/shared/scenario/parse';
import { createSimulation, restoreSimulation } from '@twinlab/shared/engine/index';
import { ReplayIndex } from '@twinlab/shared/replay/index-builder';
import { sessionTimeline } from '@twinlab/shared/replay/timeline';
import { metricsPoint } from '@twinlab/shared/replay/sample';
import { ReplayCursor } from './cursor.ts';
import type { FromReplay, ToReplay } from './protocol.ts';

// Replays run here: building the index runs the whole session once, which must not freeze the page.
const post = (m: FromReplay) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);
let cursor: ReplayCursor | null = null;

self.onmessage = (e: MessageEvent<ToReplay>) => {
  const m = e.data;
  try {
    if (m.type === 'build') {
      const t0 = performance.now();
      const parsed = parseScenario(m.exp.scenarioText, 'recorded scenario');
      if (!parsed.ok) return post({ type: 'error', message: parsed.errors.map(formatScenarioError).join('; ') });
      const sc = parsed.scenario;
      const index = ReplayIndex.build(createSimulation, restoreSimulation, sc, m.exp.seed, m.exp.commands, Math.min(sc.window.end, Math.max(m.until, sc.window.start + 1)));
      cursor = new ReplayCursor(index);
      const events = sessionTimeline(sc, m.exp.commands, m.exp.runbook, m.exp.chat, m.exp.hints).filter((ev) => ev.at <= index.end);
      post({ type: 'built', start: sc.window.start, end: index.end, snapshots: index.snapshotTimes, events, wallMs: Math.round(performance.now() - t0) });
      return;
    }
    if (!cursor) return post({ type: 'error', message: 'the replay is not built yet' });
    const t0 = performance.now();
    const sim = cursor.at(m.t);
    const metrics = sim.metrics();
    post({
      type: 'state',
      state: { id: m.id, t: sim.now, hash: sim.stateHash(), point: metricsPoint(metrics), nodes: metrics.nodes.map((n) => ({ id: n.id, state: n.state, queue: n.queueDepth })), wallMs: Math.round(performance.now() - t0) },
    });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
