import type { Literal } from '../predicate/parse.ts';
import { evaluatePredicate, type PredicateView } from '../predicate/evaluate.ts';
import { parsePredicate, predicatePaths, type Predicate } from '../predicate/parse.ts';
import { OPEN_PREFIXES, readCheckPath, sourceOf, THROUGHPUT_WINDOW_S, type CheckSources, type NodeCountField, type OrderField } from '../predicate/paths.ts';
import { calendarPath } from './days.ts';
import { nightPath } from './night.ts';
import { metricsView } from '../predicate/view.ts';
import type { Model } from './compile.ts';
import { cutoverReport } from './cutover-report.ts';
import { halt } from './cutover-state.ts';
import { summarizeMetrics } from './metrics.ts';
import { push } from './queue.ts';
import { COUNT, EV, PRIO } from './codes.ts';
import type { SimState } from './state.ts';
import { waitingAt } from './station.ts';
import { nodeConfigValue } from './node-config.ts';

// The engine's own checks (stop conditions, runbook verifications, gate criteria) over the
// simulated state, with the paths of predicate/paths.ts.

function predicate(m: Model, text: string): Predicate {
  let p = m.cut.predicates.get(text);
  if (!p) {
    p = parsePredicate(text);
    m.cut.predicates.set(text, p);
  }
  return p;
}

/**
 * The check view at the current state: the table's paths (predicate/paths.ts) with the cutover
 * namespaces read from the cutover report, plus config.*, which only the engine has. Each source
 * is built only when a check reads a path of it.
 */
export function cutoverView(m: Model, s: SimState): PredicateView {
  let base: PredicateView | undefined;
  let report: ReturnType<typeof cutoverReport> | undefined;
  const metrics = (path: string) => (base ??= metricsView(summarizeMetrics(m, s, THROUGHPUT_WINDOW_S + 2)))(path);
  const sources: CheckSources = { cutover: () => (report ??= cutoverReport(m, s)) };
  const cutover = (path: string) => engineOwn(m, s, path) ?? (sourceOf(path) === 'cutover' ? readCheckPath(path, sources) : undefined);
  return (path) => cutover(path) ?? countPath(m, s, path) ?? metrics(path);
}

/** The namespaces only the engine has: config.*, calendar.* (days.ts) and night.* (night.ts). */
export function engineOwn(m: Model, s: SimState, path: string): Literal | undefined {
  const { config, calendar, night } = OPEN_PREFIXES;
  if (path.startsWith(config)) return configValue(m, s, path.slice(config.length));
  if (path.startsWith(calendar)) return calendarPath(m.days, m.nodeIds, s, path.slice(calendar.length));
  if (path.startsWith(night)) return nightPath(m, s, path.slice(night.length));
  return undefined;
}

/** The engine's fast readers, keyed by the table's field names. */
const ORDER_COUNT: Partial<Record<OrderField, number>> = {
  created: COUNT.CREATED,
  filled: COUNT.FILLED,
  cancelled: COUNT.CANCELLED,
  expired: COUNT.EXPIRED,
  rejected: COUNT.REJECTED,
  done: COUNT.DONE,
};
const NODE_COUNT: Record<NodeCountField, (s: SimState, n: number) => number> = {
  processed: (s, n) => s.nodeProcessed[n]!,
  rejected: (s, n) => s.nodeRejected[n]!,
  lost: (s, n) => s.nodeLost[n]!,
  queueDepth: (s, n) => waitingAt(s, n, s.now),
  maxQueueDepth: (s, n) => s.nodeMaxQueue[n]!,
};

/**
 * Counters read straight from the state, as metricsView has them, so a stop condition checked
 * every second does not summarise every histogram; latencies and throughput take the full path.
 */
function countPath(m: Model, s: SimState, path: string): Literal | undefined {
  if (path.startsWith('orders.')) {
    const f = path.slice(7);
    const k = Object.hasOwn(ORDER_COUNT, f) ? ORDER_COUNT[f as OrderField] : undefined;
    return k === undefined ? undefined : s.counts[k]!;
  }
  if (path === 'time') return s.now;
  if (!path.startsWith('node.')) return undefined;
  const k = path.lastIndexOf('.');
  const n = m.nodeIndex.get(path.slice(5, k));
  const f = path.slice(k + 1);
  if (n === undefined || !Object.hasOwn(NODE_COUNT, f)) return undefined;
  return NODE_COUNT[f as NodeCountField](s, n);
}

export function check(m: Model, s: SimState, text: string, view = cutoverView(m, s)) {
  return evaluatePredicate(predicate(m, text), view);
}

/** config.<node>.<key>: the value in force (command or fault override, else the scenario's). */
function configValue(m: Model, s: SimState, rest: string): Literal | undefined {
  for (let n = 0; n < m.nodeIds.length; n++) {
    const id = m.nodeIds[n]!;
    if (!rest.startsWith(`${id}.`)) continue;
    const key = rest.slice(id.length + 1);
    const v = nodeConfigValue(m, s, n, key) ?? feeDefault(m, n, key);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** A fee key the node's config does not name reads as the compiled fee rule's. */
function feeDefault(m: Model, n: number, key: string): Literal | undefined {
  const fees = m.nodeFees[n]!;
  if (key === 'fees.minimumApplies') return fees.minimumApplies;
  if (key === 'fees.commissionPpm') return fees.commissionPpm;
  if (key === 'fees.minimumCommissionFen') return fees.minimumCommission;
  return undefined;
}

/** Every guardCheckEvery: a stop condition that has held for its `for` halts the run. */
export function onGuardCheck(m: Model, s: SimState, t: number): void {
  const stops = m.scenario.stopConditions;
  const view = cutoverView(m, s);
  for (let i = 0; i < stops.length; i++) {
    const stop = stops[i]!;
    const p = predicate(m, stop.when);
    if (!evaluatePredicate(p, view).ok) {
      s.cut.stopSince[i] = -1;
      continue;
    }
    if (s.cut.stopSince[i]! < 0) s.cut.stopSince[i] = t;
    if (t - s.cut.stopSince[i]! >= stop.for) {
      const values = [...new Set(predicatePaths(p))].map((path) => `${path} = ${String(view(path))}`).join(', ');
      halt(s, t, { at: t, by: 'stop_condition', id: stop.id, reason: `${stop.message} (${stop.when}: ${values})` });
      return;
    }
  }
  push(s.q, t + m.scenario.guardCheckEvery, PRIO.SCHEDULE, EV.GUARD_CHECK, 0);
}
