import type { Literal } from '@twinlab/shared/predicate/parse';
import type { PredicateView } from '@twinlab/shared/predicate/evaluate';
import { linkId, type Scenario } from '@twinlab/shared/scenario/schema';
import type { Sample } from '../app/engine/protocol.ts';

/** Seconds of history `throughput` averages over, as the server's metricsView does. */
const WINDOW_S = 10;

/**
 * The check paths of metricsView, read from the lab worker's samples: what the guided mode shows
 * live. Only a preview: the score is computed by the server from the recorded inputs.
 */
export function sampleView(scenario: Pick<Scenario, 'nodes' | 'links'>, sample: Sample, history: readonly Sample[]): PredicateView {
  const flat = new Map<string, Literal>();
  flat.set('time', sample.now);
  flat.set('phase', sample.phase);
  const base = [...history].reverse().find((h) => h.epoch === sample.epoch && sample.now - h.now >= WINDOW_S * 1e6);
  flat.set('throughput', base ? Math.floor((sample.done - base.done) / ((sample.now - base.now) / 1e6)) : 0);
  flat.set('orders.created', sample.created);
  flat.set('orders.done', sample.done);
  flat.set('orders.rejected', sample.rejected);
  flat.set('orders.lost', sample.lost);
  flat.set('orders.inFlight', sample.inFlight);
  flat.set('e2e.p50', sample.p50);
  flat.set('e2e.p95', sample.p95);
  flat.set('e2e.p99', sample.p99);
  scenario.nodes.forEach((n, i) => {
    const s = sample.nodes[i];
    if (!s) return;
    flat.set(`node.${n.id}.state`, s.state);
    flat.set(`node.${n.id}.processed`, s.processed);
    flat.set(`node.${n.id}.rejected`, s.rejected);
    flat.set(`node.${n.id}.lost`, s.lost);
    flat.set(`node.${n.id}.queueDepth`, s.queue);
    flat.set(`node.${n.id}.p50`, s.p50);
    flat.set(`node.${n.id}.p99`, s.p99);
  });
  scenario.links.forEach((l, i) => {
    const s = sample.links[i];
    if (!s) return;
    flat.set(`link.${linkId(l)}.connected`, s.connected);
    flat.set(`link.${linkId(l)}.carried`, s.carried);
    flat.set(`link.${linkId(l)}.lost`, s.lost);
  });
  return (path) => flat.get(path);
}
