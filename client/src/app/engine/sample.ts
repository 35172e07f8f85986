import type { AuditReport, MetricsSummary } from '@twinlab/shared/engine/api';
import { AUDIT_PATHS, auditView, CUTOVER_NAMESPACES, metricPaths, metricsView } from '@twinlab/shared/predicate/view';
import type { PredicateView } from '@twinlab/shared/predicate/evaluate';
import { parsePredicate, predicatePaths, type Literal } from '@twinlab/shared/predicate/parse';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { CutoverReport } from '@twinlab/shared/engine/cutover-report';
import type { Sample } from './protocol.ts';

/** The engine's metrics, cut down to what the panels and the 3D view read (no per-second series). */
export function sampleOf(m: MetricsSummary, epoch: number, cutover?: CutoverReport, drill?: { needs: DrillNeeds; audit?: AuditReport | undefined }): Sample {
  const audit = drill?.audit;
  return {
    ...(cutover && (drill?.needs.cutover || cutover.runbook || cutover.halted || cutover.recon) ? { cutover } : {}),
    ...(drill ? { checks: { ...checkValues(metricsView(m), drill.needs.paths), ...(audit ? checkValues(auditView(audit), AUDIT_PATHS) : {}) } } : {}),
    now: m.now,
    epoch,
    phase: m.phase,
    created: m.orders.created,
    done: m.orders.done,
    rejected: m.orders.rejected,
    // Orders in trouble, cumulative: submissions that failed back to the client, and orders the counter had to hold (待报).
    lost: m.orders.failed + m.orders.held + m.orders.backlogSent + m.orders.backlogCancelled,
    inFlight: m.orders.inFlight,
    p50: m.endToEnd.p50,
    p95: m.endToEnd.p95,
    p99: m.endToEnd.p99,
    nodes: m.nodes.map((n) => ({ state: n.state, processed: n.processed, rejected: n.rejected, lost: n.lost, queue: n.queueDepth, p50: n.sojourn.p50, p99: n.sojourn.p99 })),
    links: m.links.map((l) => ({ connected: l.connected, carried: l.carried, lost: l.lost })),
  };
}

export interface DrillNeeds {
  /** Metric paths a check may read (throughput excepted: the lab averages it over its own samples). */
  paths: string[];
  cutover: boolean;
  audit: boolean;
}

/** What the scenario's drill checks: the worker adds those parts to every sample. Null without a drill. */
export function drillNeeds(scenario: Scenario): DrillNeeds | null {
  const d = scenario.drill;
  if (!d) return null;
  const checks = [...d.objectives.map((o) => o.check), ...(d.scoring.sla ? [d.scoring.sla.check] : [])];
  const namespaces = new Set(checks.flatMap((c) => predicatePaths(parsePredicate(c)).map((p) => p.slice(0, Math.max(0, p.indexOf('.'))))));
  return { paths: metricPaths(scenario).filter((p) => p !== 'throughput'), cutover: CUTOVER_NAMESPACES.some((ns) => namespaces.has(ns)), audit: namespaces.has('audit') };
}

function checkValues(view: PredicateView, paths: readonly string[]): Record<string, Literal> {
  const out: Record<string, Literal> = {};
  for (const p of paths) {
    const v = view(p);
    if (v !== undefined) out[p] = v;
  }
  return out;
}
