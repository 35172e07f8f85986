import type { AuditReport, LatencySummary, MetricsSummary } from '../engine/api.ts';
import type { CutoverReport } from '../engine/cutover-report.ts';
import { STATE_NAMES } from '../engine/codes.ts';
import { FEE_ITEMS } from '../engine/fees.ts';
import { BANK_COUNTS, IPO_COUNTS, REJECT_REASONS } from '../engine/market-state.ts';
import type { BatchFile, Cutover, DualRun, Migration, Runbook } from '../scenario/cutover.ts';
import { linkId } from '../scenario/topology.ts';
import type { Literal } from './parse.ts';

/**
 * THE check-path vocabulary: every namespace a check (stop condition, runbook verify, gate
 * criteria, drill objective) may read, its fields, and how each is read. Scenario validation lists
 * paths from here (checkPaths), the report and live views read with it (readCheckPath), and the
 * engine's fast readers are keyed by its field lists. A new path is added here, once.
 */

/** Where values come from; each is asked only when a path of its source is read. */
export interface CheckSources {
  metrics?: () => MetricsSummary;
  cutover?: () => CutoverReport;
  audit?: () => AuditReport;
}

/** What of a scenario decides which paths exist (a partial scenario will do: validation runs on one). */
export interface PathScenario {
  nodes: readonly { id: string; replication?: unknown }[];
  links: readonly { id?: string | undefined; from: string; to: string }[];
  cutover?: Cutover | undefined;
  runbook?: Runbook | undefined;
  dualRun?: DualRun | undefined;
  migration?: Migration | undefined;
  files: readonly BatchFile[];
  ipo?: unknown;
}

export const ORDER_FIELDS = [
  'created',
  'done',
  'filled',
  'cancelled',
  'expired',
  'rejected',
  'failed',
  'inFlight',
  'held',
  'inDoubt',
  'settled',
  'voided',
  'wrongInvalid',
  'backlogSent',
  'backlogCancelled',
  'killRejects',
  'rateRejects',
  'cancelsWrongPbu',
  'topAccount',
  'topAccountOpen',
  'cancelRejects',
  'closingCall',
  'resubmitted',
  'duplicates',
] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];
export const REPORT_FIELDS = ['delivered', 'lost', 'gaps', 'duplicates', 'doublePosted', 'backlog', 'lag'] as const;
export const LATENCY_FIELDS = ['count', 'mean', 'p50', 'p95', 'p99', 'max'] as const;
/** Node latencies have no count: processed says how many. */
const NODE_LATENCY_FIELDS = ['mean', 'p50', 'p95', 'p99', 'max'] as const;
export const NODE_COUNT_FIELDS = ['processed', 'rejected', 'lost', 'queueDepth', 'maxQueueDepth'] as const;
export type NodeCountField = (typeof NODE_COUNT_FIELDS)[number];
const NODE_FIELDS = ['state', ...NODE_COUNT_FIELDS, ...NODE_LATENCY_FIELDS] as const;
const LINK_FIELDS = ['connected', 'carried', 'lost'] as const;
const RUNBOOK_FIELDS = ['mode', 'overdue', 'slack', 'elapsed', 'done', 'complete', 'wrongDecisions'] as const;
const STEP_FIELDS = ['status', 'verified', 'overrun'] as const;
const RECON_FIELDS = ['at', 'checkpoint', 'rounds', 'mismatches', 'unexplained', 'fee_rule', 'holiday_calendar', 'dirty_migrated_record', 'corporate_action', 'timing'] as const;
/** Dual-run over days and the trainee's classifications (dualrun/verdict.ts). */
const RECON_DAY_FIELDS = ['cleanDays', 'daysJudged', 'classified', 'misclassified', 'unclassified'] as const;
const CUTOVER_FIELDS = ['primary', 'switchedDirty', 'switchable'] as const;
const MIGRATION_FIELDS = ['migrated', 'records', 'dirty', 'found', 'unfound', 'cleaned', 'rounds', 'skipped', 'classBroken', 'fullChecks'] as const;
const FILE_FIELDS = ['arrived', 'valid'] as const;
const AUDIT_FIELDS = ['cashBreaks', 'negativePositions', 'booksBehindExchange'] as const;
export const DR_FIELDS = ['lag', 'unapplied', 'rpo', 'lostOrders', 'missing', 'unbooked', 'found', 'stopped', 'clients', 'incidentClass'] as const;

/** Seconds of series that `throughput` averages over: long enough to smooth Poisson noise, short enough to see a stall. */
export const THROUGHPUT_WINDOW_S = 10;

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

type Source = keyof CheckSources;
interface Namespace {
  /** Which source its values come from. */
  source: Source;
  /** Every path of the namespace this scenario offers. */
  paths(sc: PathScenario): string[];
  /** The value at `rest` (the path after "<ns>."), undefined when the namespace has no such path. */
  read(rest: string, from: never): Literal | undefined;
}
const ns = <S extends Source>(source: S, paths: (sc: PathScenario) => string[], read: (rest: string, from: ReturnType<NonNullable<CheckSources[S]>>) => Literal | undefined): Namespace => ({
  source,
  paths,
  read: read as Namespace['read'],
});
const fields = (prefix: string, list: readonly string[]) => list.map((f) => `${prefix}.${f}`);
const has = <T extends string>(list: readonly T[], k: string): k is T => (list as readonly string[]).includes(k);
/** Nodes or links by id, built once per report (a live sample reads every path of every node). */
const indexes = new WeakMap<readonly { id: string }[], Map<string, unknown>>();
function byId<T extends { id: string }>(list: readonly T[], id: string): T | undefined {
  let index = indexes.get(list);
  if (!index) indexes.set(list, (index = new Map(list.map((x) => [x.id, x]))));
  return index.get(id) as T | undefined;
}
/** "<id>.<field>" split at the last dot (ids may hold dots, fields do not). */
const split = (rest: string): [string, string] => {
  const k = rest.lastIndexOf('.');
  return [rest.slice(0, k), rest.slice(k + 1)];
};
const latency = (s: LatencySummary, f: string, list: readonly string[]) => (has(list, f) ? s[f as keyof LatencySummary] : undefined);

/** Top-level paths without a namespace. */
const PLAIN: Record<string, (m: MetricsSummary) => Literal> = { time: (m) => m.now, phase: (m) => m.phase, throughput };

const NAMESPACES: Record<string, Namespace> = {
  orders: ns(
    'metrics',
    () => [...fields('orders', ORDER_FIELDS), ...fields('orders.state', STATE_NAMES)],
    (rest, m) => {
      if (rest === 'held') return m.market.held; // what the counters hold now (market-summary), as metrics have it
      if (has(ORDER_FIELDS, rest)) return m.orders[rest];
      if (rest.startsWith('state.')) return Object.hasOwn(m.orders.states, rest.slice(6)) ? m.orders.states[rest.slice(6) as keyof typeof m.orders.states] : undefined;
      return undefined;
    },
  ),
  reports: ns(
    'metrics',
    () => fields('reports', REPORT_FIELDS),
    (rest, m) => (has(REPORT_FIELDS, rest) ? m.reports[rest] : undefined),
  ),
  e2e: ns(
    'metrics',
    () => fields('e2e', LATENCY_FIELDS),
    (rest, m) => latency(m.endToEnd, rest, LATENCY_FIELDS),
  ),
  node: ns(
    'metrics',
    (sc) => sc.nodes.flatMap((n) => fields(`node.${n.id}`, NODE_FIELDS)),
    (rest, m) => {
      const [id, f] = split(rest);
      const n = byId(m.nodes, id);
      if (!n) return undefined;
      if (f === 'state') return n.state;
      return has(NODE_COUNT_FIELDS, f) ? n[f] : latency(n.sojourn, f, NODE_LATENCY_FIELDS);
    },
  ),
  link: ns(
    'metrics',
    (sc) => sc.links.flatMap((l) => fields(`link.${linkId(l)}`, LINK_FIELDS)),
    (rest, m) => {
      const [id, f] = split(rest);
      const l = byId(m.links, id);
      return l && has(LINK_FIELDS, f) ? l[f] : undefined;
    },
  ),
  // Why orders were refused, fees by item (fen), bank transfers (engine/market-summary.ts).
  rejects: ns(
    'metrics',
    () => fields('rejects', REJECT_REASONS),
    (rest, m) => (has(REJECT_REASONS, rest) ? m.market.rejects[rest] : undefined),
  ),
  fees: ns(
    'metrics',
    () => fields('fees', FEE_ITEMS),
    (rest, m) => (has(FEE_ITEMS, rest) ? m.market.fees[rest] : undefined),
  ),
  bank: ns(
    'metrics',
    () => fields('bank', BANK_COUNTS),
    (rest, m) => (has(BANK_COUNTS, rest) ? m.market.bank[rest] : undefined),
  ),
  // The new-share subscription day (engine/ipo.ts): subscriptions sent, taken, refused by reason, cancels refused, and what the business answers for.
  ipo: ns(
    'metrics',
    (sc) => (sc.ipo !== undefined ? fields('ipo', IPO_COUNTS) : []),
    (rest, m) => (m.market.ipo && has(IPO_COUNTS, rest) ? m.market.ipo[rest] : undefined),
  ),
  // The replicating database and the DR failover (engine/dr-summary.ts): lag, the unapplied tail, what reconciliation finds, the incident's class.
  dr: ns(
    'metrics',
    (sc) => (sc.nodes.some((n) => n.replication !== undefined) ? fields('dr', DR_FIELDS) : []),
    (rest, m) => (m.dr && has(DR_FIELDS, rest) ? m.dr[rest] : undefined),
  ),

  // The engine's cutover layer, read from its report with the values the engine's own checks see.
  guard: ns(
    'cutover',
    () => ['guard.halted'],
    (rest, c) => (rest === 'halted' ? c.halted !== null : undefined),
  ),
  runbook: ns('cutover', (sc) => [...fields('runbook', RUNBOOK_FIELDS), ...(sc.runbook?.steps ?? []).flatMap((s) => fields(`runbook.${s.id}`, STEP_FIELDS))], runbookValue),
  gate: ns(
    'cutover',
    (sc) => (sc.runbook?.steps ?? []).filter((s) => s.kind === 'gate').map((s) => `gate.${s.id}.decision`),
    (rest, c) => {
      const g = c.runbook?.steps.find((s) => s.kind === 'gate' && `${s.id}.decision` === rest);
      return g ? g.decision || 'pending' : undefined;
    },
  ),
  cutover: ns(
    'cutover',
    (sc) => (sc.cutover ? fields('cutover', CUTOVER_FIELDS) : []),
    (rest, c) => (has(CUTOVER_FIELDS, rest) ? c[rest] : undefined),
  ),
  recon: ns(
    'cutover',
    (sc) => (sc.dualRun ? [...fields('recon', RECON_FIELDS), ...fields('recon', RECON_DAY_FIELDS)] : []),
    (rest, c) => {
      if (!c.recon) return undefined;
      const r = c.recon;
      if (rest === 'daysJudged') return r.days.length;
      if (rest === 'cleanDays' || rest === 'classified' || rest === 'misclassified' || rest === 'unclassified') return r[rest];
      const last = c.recon.last;
      if (rest === 'at') return last?.at ?? -1;
      if (rest === 'checkpoint') return last?.checkpoint ?? 'none'; // intraday, post_clearing
      if (rest === 'rounds') return c.recon.rounds;
      if (rest === 'mismatches') return last ? last.total : -1; // -1: never reconciled, never "clean"
      if (!last) return -1;
      return Object.hasOwn(last.byCause, rest) ? last.byCause[rest as keyof typeof last.byCause] : undefined;
    },
  ),
  migration: ns(
    'cutover',
    (sc) => (sc.migration ? fields('migration', MIGRATION_FIELDS) : []),
    (rest, c) => {
      const mg = c.migration;
      return mg && has(MIGRATION_FIELDS, rest) ? mg[rest] : undefined;
    },
  ),
  file: ns(
    'cutover',
    (sc) => sc.files.flatMap((f) => fields(`file.${f.id}`, FILE_FIELDS)),
    (rest, c) => {
      const [id, k] = split(rest);
      const f = c.files.find((x) => x.id === id);
      return f && has(FILE_FIELDS, k) ? f[k] : undefined;
    },
  ),

  resync: ns(
    'cutover',
    () => ['resync.missing'],
    (rest, c) => (rest === 'missing' ? c.resyncMissing : undefined),
  ),
  // Invariants recomputed from the raw state (engine/audit.ts): accounts whose cash ledger does not
  // balance (e.g. a fill posted twice), negative positions, orders whose fills the books have not posted.
  audit: ns(
    'audit',
    () => fields('audit', AUDIT_FIELDS),
    (rest, a) => {
      if (rest === 'cashBreaks') return a.cashBreaks.length;
      if (rest === 'negativePositions') return a.negativePositions;
      if (rest === 'booksBehindExchange') return a.booksBehindExchange;
      return undefined;
    },
  ),
};

function runbookValue(rest: string, c: CutoverReport): Literal | undefined {
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
  const [id, f] = split(rest);
  const step = rb.steps.find((s) => s.id === id);
  if (!step) return undefined;
  switch (f) {
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

/** Namespaces filled by someone other than the engine's reports: config.* (the engine, engine/cutover-checks.ts), drill.* (the drill, drill/track.ts). */
export const OPEN_PREFIXES = { config: 'config.', calendar: 'calendar.', night: 'night.', drill: 'drill.' } as const;

/** The namespaces whose values come from `source`. */
export const namespacesOf = (source: Source): string[] => Object.keys(NAMESPACES).filter((k) => NAMESPACES[k]!.source === source);

/** The source a path reads from, undefined for a path outside the table. */
export function sourceOf(path: string): Source | undefined {
  if (Object.hasOwn(PLAIN, path)) return 'metrics';
  const dot = path.indexOf('.');
  return dot < 0 ? undefined : Object.hasOwn(NAMESPACES, path.slice(0, dot)) ? NAMESPACES[path.slice(0, dot)]!.source : undefined;
}

/** The value of `path` from the given sources; undefined when it is not in the table or its source is not given. */
export function readCheckPath(path: string, sources: CheckSources): Literal | undefined {
  if (Object.hasOwn(PLAIN, path)) return sources.metrics ? PLAIN[path]!(sources.metrics()) : undefined;
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  const space = path.slice(0, dot);
  if (!Object.hasOwn(NAMESPACES, space)) return undefined;
  const n = NAMESPACES[space]!;
  const get = sources[n.source];
  return get ? n.read(path.slice(dot + 1), get() as never) : undefined;
}

/** Every path the table offers for this scenario, of the given sources (all by default), in table order. */
export function checkPaths(sc: PathScenario, only: readonly Source[] = ['metrics', 'cutover', 'audit']): string[] {
  const out = only.includes('metrics') ? Object.keys(PLAIN) : [];
  for (const n of Object.values(NAMESPACES)) if (only.includes(n.source)) out.push(...n.paths(sc));
  return out;
}
