import type { Drill } from '../scenario/drill.ts';
import type { DrillTracker, HintUse, ObjectiveState } from './track.ts';

export interface Penalty {
  kind: 'hints' | 'time' | 'lost_orders' | 'rejected_orders' | 'classification' | 'sla';
  points: number;
  /** In English, for logs, the CLI and reports; `values` lets a UI say it in its own language. */
  detail: string;
  /** hints: n; time: over, par (min); lost_orders: lost, allowed; rejected_orders: rejected, allowed, metric; classification: wrong; sla: check, seconds. */
  values: Record<string, string | number>;
}

export interface DrillScore {
  /** Out of 100: the weighted share of objectives met, less penalties, never below 0. */
  score: number;
  passed: boolean;
  /** Why it did not pass, in the trainee's words; empty when it passed. */
  reasons: string[];
  objectivesPoints: number;
  penalties: Penalty[];
  objectives: ObjectiveState[];
  /** µs from the drill start to the last timed objective met, if any. */
  timeUsed: number | undefined;
  hintsUsed: number[];
  lostOrders: number;
  /** The rejectedOrders metric's increase over the drill (0 when the drill does not score refusals; absent in results stored before it). */
  rejectedOrders?: number;
  slaBreachUs: number;
}

const MIN = 60_000_000;
const cap = (x: number, max: number) => Math.min(max, Math.max(0, Math.round(x)));

/** Hints that cost: asked for before they would have appeared by themselves, once each, within the drill. */
export function chargedHints(drill: Drill, start: number, end: number, uses: readonly HintUse[]): number[] {
  const charged = new Set<number>();
  for (const u of uses) {
    const hint = drill.hints[u.hint];
    if (!hint || u.at > end) continue;
    if (hint.after === undefined || u.at < start + hint.after) charged.add(u.hint);
  }
  return [...charged].sort((a, b) => a - b);
}

/** The score from a finished tracker: weights of objectives met, less the drill's penalties. */
export function scoreDrill(drill: Drill, tracker: DrillTracker, hints: readonly HintUse[]): DrillScore {
  const objectives = tracker.finish();
  const total = objectives.reduce((n, o) => n + o.weight, 0);
  const earned = objectives.reduce((n, o) => n + (o.status === 'met' || o.status === 'not_triggered' ? o.weight : 0), 0);
  const objectivesPoints = total === 0 ? 0 : Math.round((100 * earned) / total);
  const penalties: Penalty[] = [];
  const s = drill.scoring;

  const hintsUsed = chargedHints(drill, tracker.start, tracker.end, hints);
  const hintPoints = hintsUsed.reduce((n, i) => n + drill.hints[i]!.cost, 0);
  if (hintPoints > 0) penalties.push({ kind: 'hints', points: hintPoints, detail: `${hintsUsed.length} hint(s) asked for early`, values: { n: hintsUsed.length } });

  const timed = objectives.filter((o, i) => !drill.objectives[i]!.always && o.status === 'met' && o.metAt !== undefined);
  const timeUsed = timed.length ? Math.max(...timed.map((o) => o.metAt!)) - tracker.start : undefined;
  if (s.time && timeUsed !== undefined && timeUsed > s.time.par) {
    const over = Math.ceil((timeUsed - s.time.par) / MIN);
    const points = cap(over * s.time.perMinute, s.time.max);
    if (points > 0) penalties.push({ kind: 'time', points, detail: `${over} min over the par of ${s.time.par / MIN} min`, values: { over, par: s.time.par / MIN } });
  }

  const lostOrders = (tracker.lostAtEnd ?? 0) - (tracker.lostAtStart ?? 0);
  if (s.lostOrders && lostOrders > s.lostOrders.allowed) {
    const points = cap(((lostOrders - s.lostOrders.allowed) / 1000) * s.lostOrders.perThousand, s.lostOrders.max);
    if (points > 0) penalties.push({ kind: 'lost_orders', points, detail: `${lostOrders} orders lost (${s.lostOrders.allowed} allowed)`, values: { lost: lostOrders, allowed: s.lostOrders.allowed } });
  }

  const rejectedOrders = (tracker.rejectedAtEnd ?? 0) - (tracker.rejectedAtStart ?? 0);
  if (s.rejectedOrders && rejectedOrders > s.rejectedOrders.allowed) {
    const r = s.rejectedOrders;
    const points = cap(((rejectedOrders - r.allowed) / 1000) * r.perThousand, r.max);
    if (points > 0)
      penalties.push({
        kind: 'rejected_orders',
        points,
        detail: `${rejectedOrders} orders refused (${r.metric}; ${r.allowed} allowed)`,
        values: { rejected: rejectedOrders, allowed: r.allowed, metric: r.metric },
      });
  }

  if (s.classification && tracker.misclassified > 0) {
    const points = cap(tracker.misclassified * s.classification.perWrong, s.classification.max);
    if (points > 0) penalties.push({ kind: 'classification', points, detail: `${tracker.misclassified} reconciliation break(s) classified wrongly`, values: { wrong: tracker.misclassified } });
  }

  if (s.sla && tracker.slaBreachUs > 0) {
    const minutes = Math.ceil(tracker.slaBreachUs / MIN);
    const points = cap(minutes * s.sla.perMinute, s.sla.max);
    if (points > 0)
      penalties.push({
        kind: 'sla',
        points,
        detail: `SLA "${s.sla.check}" broken for ${Math.round(tracker.slaBreachUs / 1_000_000)} s`,
        values: { check: s.sla.check, seconds: Math.round(tracker.slaBreachUs / 1_000_000) },
      });
  }

  const score = Math.max(0, objectivesPoints - penalties.reduce((n, p) => n + p.points, 0));
  const reasons = objectives.filter((o) => o.required && o.status === 'missed').map((o) => `missed: ${o.title}`);
  if (score < s.pass) reasons.push(`score ${score} is below the pass mark ${s.pass}`);
  return { score, passed: reasons.length === 0, reasons, objectivesPoints, penalties, objectives, timeUsed, hintsUsed, lostOrders, rejectedOrders, slaBreachUs: tracker.slaBreachUs };
}
