import type { MetricsSummary } from '@twinlab/shared/engine/api';
import type { CutoverReport } from '@twinlab/shared/engine/cutover-report';
import type { Sample } from './protocol.ts';

/** The engine's metrics, cut down to what the panels and the 3D view read (no per-second series). */
export function sampleOf(m: MetricsSummary, epoch: number, cutover?: CutoverReport): Sample {
  return {
    ...(cutover && (cutover.runbook || cutover.halted || cutover.recon) ? { cutover } : {}),
    now: m.now,
    epoch,
    phase: m.phase,
    created: m.orders.created,
    done: m.orders.done,
    rejected: m.orders.rejected,
    lost: m.orders.lost,
    inFlight: m.orders.inFlight,
    p50: m.endToEnd.p50,
    p95: m.endToEnd.p95,
    p99: m.endToEnd.p99,
    nodes: m.nodes.map((n) => ({ state: n.state, processed: n.processed, rejected: n.rejected, lost: n.lost, queue: n.queueDepth, p50: n.sojourn.p50, p99: n.sojourn.p99 })),
    links: m.links.map((l) => ({ connected: l.connected, carried: l.carried, lost: l.lost })),
  };
}
