import type { AuditReport, MetricsSummary, Simulation } from '@twinlab/shared/engine/api';
import { AUDIT_PATHS, auditView, CUTOVER_NAMESPACES, cutoverReportView, metricPaths, metricsView } from '@twinlab/shared/predicate/view';
import { cutoverFor, type Viewer } from '@twinlab/shared/dualrun/view';
import type { PredicateView } from '@twinlab/shared/predicate/evaluate';
import { parsePredicate, predicatePaths, type Literal } from '@twinlab/shared/predicate/parse';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { CutoverReport } from '@twinlab/shared/engine/cutover-report';
import type { Sample } from './protocol.ts';
import { OPEN_PREFIXES } from '@twinlab/shared/predicate/paths';

/**
 * The engine's metrics, cut down to what the panels and the 3D view read (no per-second series).
 * In a drill the reconciliation's causes are withheld from a trainee (dualrun/view.ts); the drill's
 * own cutover checks are read from the full report first, so live checks still see what the server grades.
 */
export function sampleOf(
  m: MetricsSummary,
  epoch: number,
  cutover?: CutoverReport,
  drill?: { needs: DrillNeeds; audit?: AuditReport | undefined; engine?: PredicateView },
  viewer: Viewer = { drill: drill !== undefined, lead: false },
): Sample {
  const audit = drill?.audit;
  return {
    ...(cutover && (drill?.needs.cutover || cutover.runbook || cutover.halted || cutover.recon) ? { cutover: cutoverFor(cutover, viewer) } : {}),
    ...(drill
      ? {
          checks: {
            ...checkValues(metricsView(m), drill.needs.paths),
            ...(audit ? checkValues(auditView(audit), AUDIT_PATHS) : {}),
            ...(drill.engine ? checkValues(drill.engine, drill.needs.engine) : {}),
            ...(cutover ? checkValues(cutoverReportView(cutover), drill.needs.cutoverPaths) : {}),
          },
        }
      : {}),
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

/** What a drill's checks need from the simulation besides its metrics, read once per sample. */
export function drillInputs(sim: Pick<Simulation, 'audit' | 'engineValue'>, needs: DrillNeeds): { needs: DrillNeeds; audit?: AuditReport | undefined; engine: PredicateView } {
  return { needs, audit: needs.audit ? sim.audit() : undefined, engine: (p) => sim.engineValue(p) };
}

export interface DrillNeeds {
  /** Metric paths a check may read (throughput excepted: the lab averages it over its own samples). */
  paths: string[];
  cutover: boolean;
  /** The cutover paths its checks read, valued from the engine's full report before any cause is withheld. */
  cutoverPaths: string[];
  audit: boolean;
  /** Paths only the engine answers (config.*, calendar.*, night.*): read through Simulation.engineValue. */
  engine: string[];
}

/** What the scenario's drill checks: the worker adds those parts to every sample. Null without a drill. */
export function drillNeeds(scenario: Scenario): DrillNeeds | null {
  const d = scenario.drill;
  if (!d) return null;
  const checks = [...d.objectives.map((o) => o.check), ...(d.scoring.sla ? [d.scoring.sla.check] : [])];
  const read = checks.flatMap((c) => predicatePaths(parsePredicate(c)));
  const namespaces = new Set(read.map((p) => p.slice(0, Math.max(0, p.indexOf('.')))));
  const engineOnly = [OPEN_PREFIXES.config, OPEN_PREFIXES.calendar, OPEN_PREFIXES.night];
  return {
    paths: metricPaths(scenario).filter((p) => p !== 'throughput'),
    cutover: CUTOVER_NAMESPACES.some((ns) => namespaces.has(ns)),
    cutoverPaths: [...new Set(read.filter((p) => CUTOVER_NAMESPACES.includes(p.slice(0, Math.max(0, p.indexOf('.'))))))],
    audit: namespaces.has('audit'),
    engine: [...new Set(read.filter((p) => engineOnly.some((x) => p.startsWith(x))))],
  };
}

function checkValues(view: PredicateView, paths: readonly string[]): Record<string, Literal> {
  const out: Record<string, Literal> = {};
  for (const p of paths) {
    const v = view(p);
    if (v !== undefined) out[p] = v;
  }
  return out;
}
