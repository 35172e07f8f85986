import type { AuditReport, MetricsSummary, Simulation } from '../engine/api.ts';
import type { CutoverReport } from '../engine/cutover-report.ts';
import type { PredicateView } from './evaluate.ts';
import { checkPaths, namespacesOf, readCheckPath, type CheckSources, type PathScenario } from './paths.ts';

// Views over the engine's reports, each a cut of the one check-path table (paths.ts).
export { THROUGHPUT_WINDOW_S, throughput } from './paths.ts';

/**
 * The engine's metrics as check paths: time, phase, throughput (orders done per simulated second
 * over the last 10 s), orders.*, reports.*, e2e.* (µs), node.<id>.*, link.<id>.*, rejects.<reason>,
 * fees.<item>, bank.<count>. Further namespaces (drill.*, …) come from `extra`, asked first.
 */
export function metricsView(m: MetricsSummary, extra?: PredicateView): PredicateView {
  const sources: CheckSources = { metrics: () => m };
  return (path) => extra?.(path) ?? readCheckPath(path, sources);
}

/** Every path metricsView offers for this scenario, so a file can be checked before it runs. */
export const metricPaths = (sc: PathScenario): string[] => checkPaths(sc, ['metrics']);

/** Namespaces the engine's cutover layer adds to checks (runbook, gate, cutover, recon, migration, file, resync, guard). */
export const CUTOVER_NAMESPACES: readonly string[] = namespacesOf('cutover');

/**
 * The cutover namespaces read from the engine's report, with the values its own checks (runbook
 * verifications, gate criteria, stop conditions) see. config.* is not in the report and stays the engine's.
 */
export function cutoverReportView(c: CutoverReport): PredicateView {
  const sources: CheckSources = { cutover: () => c };
  return (path) => readCheckPath(path, sources);
}

/** audit.* paths: invariants recomputed from the raw state (engine/audit.ts). */
export const AUDIT_PATHS: readonly string[] = checkPaths({ nodes: [], links: [], files: [] }, ['audit']);

/** The engine's audit as check paths: audit.cashBreaks, audit.negativePositions, audit.booksBehindExchange. */
export function auditView(a: AuditReport): PredicateView {
  const sources: CheckSources = { audit: () => a };
  return (path) => readCheckPath(path, sources);
}

/**
 * Everything a drill may check on a running simulation: the metrics, the engine's own namespaces
 * (config.*, calendar.*, night.*), the cutover namespaces and audit.*, each read only when a check asks for it.
 */
export function simulationView(sim: Pick<Simulation, 'metrics' | 'cutover' | 'audit' | 'engineValue'>, extra?: PredicateView): PredicateView {
  const m = sim.metrics();
  let cut: CutoverReport | undefined;
  let aud: AuditReport | undefined;
  const sources: CheckSources = { metrics: () => m, cutover: () => (cut ??= sim.cutover()), audit: () => (aud ??= sim.audit()) };
  return (path) => extra?.(path) ?? sim.engineValue(path) ?? readCheckPath(path, sources);
}
