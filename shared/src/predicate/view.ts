import type { AuditReport, LatencySummary, MetricsSummary, Simulation } from '../engine/api.ts';
import type { CutoverReport } from '../engine/cutover-report.ts';
import type { Scenario } from '../scenario/schema.ts';
import { linkId } from '../scenario/schema.ts';
import type { Literal } from './parse.ts';
import { BANK_COUNTS, REJECT_REASONS } from '../engine/market-state.ts';
import { FEE_ITEMS } from '../engine/fees.ts';
import type { PredicateView } from './evaluate.ts';

/** Seconds of series that `throughput` averages over: long enough to smooth Poisson noise, short enough to see a stall. */
export const THROUGHPUT_WINDOW_S = 10;

const ORDER_FIELDS = [
  'created', 'done', 'filled', 'cancelled', 'expired', 'rejected', 'failed', 'inFlight', 'held', 'inDoubt', 'settled', 'voided', 'wrongInvalid', 'backlogSent', 'backlogCancelled', 'killRejects', 'rateRejects', 'cancelsWrongPbu',
] as const;
const REPORT_FIELDS = ['delivered', 'lost', 'gaps', 'duplicates', 'doublePosted'] as const;
const LATENCY_FIELDS = ['count', 'mean', 'p50', 'p95', 'p99', 'max'] as const;
const NODE_FIELDS = ['state', 'processed', 'rejected', 'lost', 'queueDepth', 'maxQueueDepth', 'mean', 'p50', 'p95', 'p99', 'max'] as const;
const LINK_FIELDS = ['connected', 'carried', 'lost'] as const;

/**
 * The engine's metrics as check paths: time, phase, throughput (orders done per simulated second
 * over the last 10 s), orders.*, reports.*, e2e.* (µs), node.<id>.*, link.<id>.*, rejects.<reason>,
 * fees.<item>, bank.<count>. Further
 * namespaces (recon.*, runbook.*) come from `extra`, asked first.
 */
export function metricsView(m: MetricsSummary, extra?: PredicateView): PredicateView {
  const flat = new Map<string, Literal>();
  flat.set('time', m.now);
  flat.set('phase', m.phase);
  flat.set('throughput', throughput(m));
  for (const f of ORDER_FIELDS) flat.set(`orders.${f}`, m.orders[f]);
  for (const [state, n] of Object.entries(m.orders.states)) flat.set(`orders.state.${state}`, n);
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
  // Why orders were refused, fees by item (fen), what counters hold, bank transfers (engine/market-summary.ts).
  for (const [k, v] of Object.entries(m.market.rejects)) flat.set(`rejects.${k}`, v);
  for (const [k, v] of Object.entries(m.market.fees)) flat.set(`fees.${k}`, v);
  for (const [k, v] of Object.entries(m.market.bank)) flat.set(`bank.${k}`, v);
  flat.set('orders.held', m.market.held);
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
  paths.push('orders.held', ...REJECT_REASONS.map((r) => `rejects.${r}`), ...FEE_ITEMS.map((f) => `fees.${f}`), ...BANK_COUNTS.map((b) => `bank.${b}`));
  return paths;
}

/** Namespaces the engine's cutover layer adds to checks (scenario/cutover.ts cutoverPaths lists their paths). */
export const CUTOVER_NAMESPACES = ['runbook', 'gate', 'cutover', 'recon', 'migration', 'file', 'resync', 'guard'] as const;

/**
 * The cutover namespaces read from the engine's report, with the values its own checks (runbook
 * verifications, gate criteria, stop conditions) see: runbook.mode|complete|overdue|slack|elapsed|
 * done|wrongDecisions, runbook.<step>.status|verified|overrun, gate.<id>.decision ("pending" until
 * decided), cutover.primary|switchedDirty, recon.*, migration.*, file.<id>.arrived|valid,
 * resync.missing, guard.halted. config.* is not in the report and stays the engine's.
 */
export function cutoverReportView(c: CutoverReport): PredicateView {
  return (path) => {
    const dot = path.indexOf('.');
    if (dot < 0) return undefined;
    const rest = path.slice(dot + 1);
    switch (path.slice(0, dot)) {
      case 'guard':
        return rest === 'halted' ? c.halted !== null : undefined;
      case 'cutover':
        return rest === 'primary' ? c.primary : rest === 'switchedDirty' ? c.switchedDirty : undefined;
      case 'resync':
        return rest === 'missing' ? c.resyncMissing : undefined;
      case 'runbook':
        return runbookValue(c, rest);
      case 'gate': {
        const g = c.runbook?.steps.find((s) => s.kind === 'gate' && `${s.id}.decision` === rest);
        return g ? g.decision || 'pending' : undefined;
      }
      case 'recon': {
        if (!c.recon) return undefined;
        const last = c.recon.last;
        if (rest === 'at') return last?.at ?? -1;
        if (rest === 'rounds') return c.recon.rounds;
        if (rest === 'mismatches') return last ? last.total : -1; // -1: never reconciled, never "clean"
        if (!last) return -1;
        return Object.hasOwn(last.byCause, rest) ? last.byCause[rest as keyof typeof last.byCause] : undefined;
      }
      case 'migration': {
        const mg = c.migration;
        if (!mg || !['migrated', 'rounds', 'records', 'dirty', 'found', 'unfound', 'cleaned'].includes(rest)) return undefined;
        return mg[rest as keyof typeof mg];
      }
      case 'file': {
        const f = c.files.find((x) => rest === `${x.id}.arrived` || rest === `${x.id}.valid`);
        return f ? (rest.endsWith('.arrived') ? f.arrived : f.valid) : undefined;
      }
      default:
        return undefined;
    }
  };
}

function runbookValue(c: CutoverReport, rest: string): Literal | undefined {
  const rb = c.runbook;
  if (!rb) return undefined;
  switch (rest) {
    case 'mode':
      return rb.mode;
    case 'complete':
      return rb.complete;
    case 'overdue':
      return rb.overdue;
    case 'slack':
      return rb.slack;
    case 'elapsed':
      return rb.elapsed;
    case 'done':
      return rb.steps.filter((s) => s.status === 'done').length;
    case 'wrongDecisions':
      return rb.steps.filter((s) => s.wrong).length;
  }
  const k = rest.lastIndexOf('.');
  const step = rb.steps.find((s) => s.id === rest.slice(0, k));
  if (!step) return undefined;
  switch (rest.slice(k + 1)) {
    case 'status':
      return step.status;
    case 'verified':
      return step.verified === 'passed';
    case 'overrun': // as the engine's checks read it: done − started − expected, 0 until done
      return step.doneAt >= 0 ? step.doneAt - step.startedAt - step.expected : 0;
    default:
      return undefined;
  }
}

const AUDIT_FIELDS = ['cashBreaks', 'negativePositions', 'booksBehindExchange'] as const;
/** audit.* paths: invariants recomputed from the raw state (engine/audit.ts). */
export const AUDIT_PATHS: readonly string[] = AUDIT_FIELDS.map((f) => `audit.${f}`);

/**
 * The engine's audit as check paths: audit.cashBreaks (accounts whose cash ledger does not balance,
 * e.g. a fill posted twice), audit.negativePositions, audit.booksBehindExchange (orders whose fills
 * the exchange reported but the books have not posted).
 */
export function auditView(a: AuditReport): PredicateView {
  return (path) => {
    switch (path) {
      case 'audit.cashBreaks':
        return a.cashBreaks.length;
      case 'audit.negativePositions':
        return a.negativePositions;
      case 'audit.booksBehindExchange':
        return a.booksBehindExchange;
      default:
        return undefined;
    }
  };
}

const isCutoverNamespace = (ns: string) => (CUTOVER_NAMESPACES as readonly string[]).includes(ns);

/**
 * Everything a drill may check on a running simulation: metricsView, then the cutover namespaces
 * and audit.*, each read from the simulation only when a check asks for it.
 */
export function simulationView(sim: Pick<Simulation, 'metrics' | 'cutover' | 'audit'>, extra?: PredicateView): PredicateView {
  const metrics = metricsView(sim.metrics(), extra);
  let cut: PredicateView | undefined;
  let aud: PredicateView | undefined;
  return (path) => {
    const v = metrics(path);
    if (v !== undefined) return v;
    const ns = path.slice(0, Math.max(0, path.indexOf('.')));
    if (ns === 'audit') return (aud ??= auditView(sim.audit()))(path);
    if (isCutoverNamespace(ns)) return (cut ??= cutoverReportView(sim.cutover()))(path);
    return undefined;
  };
}
