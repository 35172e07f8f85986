import type { LatencySummary, MetricsSummary } from '../engine/api.ts';
import type { Scenario } from '../scenario/schema.ts';
import { linkId } from '../scenario/schema.ts';
import type { Literal } from './parse.ts';
import type { PredicateView } from './evaluate.ts';

/** Seconds of series that `throughput` averages over: long enough to smooth Poisson noise, short enough to see a stall. */
export const THROUGHPUT_WINDOW_S = 10;

const ORDER_FIELDS = ['created', 'done', 'filled', 'cancelled', 'expired', 'rejected', 'lost', 'inFlight'] as const;
const REPORT_FIELDS = ['delivered', 'lost', 'gaps'] as const;
const LATENCY_FIELDS = ['count', 'mean', 'p50', 'p95', 'p99', 'max'] as const;
const NODE_FIELDS = ['state', 'processed', 'rejected', 'lost', 'queueDepth', 'maxQueueDepth', 'mean', 'p50', 'p95', 'p99', 'max'] as const;
const LINK_FIELDS = ['connected', 'carried', 'lost'] as const;

/**
 * The engine's metrics as check paths: time, phase, throughput (orders done per simulated second
 * over the last 10 s), orders.*, reports.*, e2e.* (µs), node.<id>.*, link.<id>.*. Further
 * namespaces (recon.*, runbook.*) come from `extra`, asked first.
 */
export function metricsView(m: MetricsSummary, extra?: PredicateView): PredicateView {
  const flat = new Map<string, Literal>();
  flat.set('time', m.now);
  flat.set('phase', m.phase);
  flat.set('throughput', throughput(m));
  for (const f of ORDER_FIELDS) flat.set(`orders.${f}`, m.orders[f]);
  for (const f of REPORT_FIELDS) flat.set(`reports.${f}`, m.reports[f]);
  putLatency(flat, 'e2e', m.endToEnd);
  for (const n of m.nodes) {
    flat.set(`node.${n.id}.state`, n.state);
    flat.set(`node.${n.id}.processed`, n.processed);
    flat.set(`node.${n.id}.rejected`, n.rejected);
    flat.set(`node.${n.id}.lost`, n.lost);
    flat.set(`node.${n.id}.queueDepth`, n.queueDepth);
    flat.set(`node.${n.id}.maxQueueDepth`, n.maxQueueDepth);
    putLatency(flat, `node.${n.id}`, n.sojourn);
  }
  for (const l of m.links) {
    flat.set(`link.${l.id}.connected`, l.connected);
    flat.set(`link.${l.id}.carried`, l.carried);
    flat.set(`link.${l.id}.lost`, l.lost);
  }
  return (path) => extra?.(path) ?? flat.get(path);
}

function putLatency(flat: Map<string, Literal>, prefix: string, s: LatencySummary): void {
  for (const f of LATENCY_FIELDS) if (f !== 'count' || prefix === 'e2e') flat.set(`${prefix}.${f}`, s[f]);
}

/** Orders completed per simulated second over the last THROUGHPUT_WINDOW_S whole seconds before now. */
export function throughput(m: MetricsSummary): number {
  const { t0, step, done } = m.series;
  const end = Math.min(done.length, Math.floor((m.now - t0) / step));
  const start = Math.max(0, end - THROUGHPUT_WINDOW_S);
  if (end <= start) return 0;
  let sum = 0;
  for (let i = start; i < end; i++) sum += done[i]!;
  return Math.floor(sum / (end - start));
}

/** Every path metricsView offers for this scenario, so a file can be checked before it runs. */
export function metricPaths(sc: Scenario): string[] {
  const paths = ['time', 'phase', 'throughput'];
  paths.push(...ORDER_FIELDS.map((f) => `orders.${f}`), ...REPORT_FIELDS.map((f) => `reports.${f}`), ...LATENCY_FIELDS.map((f) => `e2e.${f}`));
  for (const n of sc.nodes) paths.push(...NODE_FIELDS.map((f) => `node.${n.id}.${f}`));
  for (const l of sc.links) paths.push(...LINK_FIELDS.map((f) => `link.${linkId(l)}.${f}`));
  return paths;
}
