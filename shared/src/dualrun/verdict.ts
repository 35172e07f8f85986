import type { Model } from '../engine/compile.ts';
import { dayOf, dateAt, timeOfDay, tradingAt } from '../engine/days.ts';
import type { BreakClass, BreakField } from '../scenario/breaks.ts';
import { formatClock } from '../scenario/units.ts';
import type { Cause, DualState, Mismatch, ReconResult } from './shadow.ts';

/**
 * Dual-run over days (docs/domain.md C7, E2): each trading day is judged by its first
 * reconciliation after the close (after its night's clearing when the scenario has nights); N consecutive clean days gate the switch, a day with breaks
 * resets the count, and the switch happens at a day boundary. Breaks reach the trainee unlabelled:
 * the trainee classifies them (classify_break) and the engine grades each classification against
 * its own cause.
 */

/** One trading day's verdict. */
export interface DayVerdict {
  date: string;
  breaks: number; // open breaks at the post-close reconciliation
}

/** A trainee's classification of one break, graded when it was made. */
export interface Classification {
  account: number;
  field: BreakField;
  as: BreakClass;
  cause: Cause; // the engine's cause at the time
  at: number;
  actor: string;
}

export interface DaysOfDualRun {
  cleanDays: number; // consecutive clean trading days, up to the last judged
  judged: number; // the last trading day judged (day index), -1 none
  postJudged: number; // the last day judged again after its night's clearing, -1 none
  verdicts: DayVerdict[];
  classes: Classification[]; // one per (account, field), the latest
  correct: number; // classifications graded right (cumulative: a wrong answer stays counted)
  wrong: number;
}

/** At most this many breaks carry a classification: what a reconciliation lists (shadow MAX_LISTED) over several rounds. */
export const MAX_CLASSIFIED = 2000;

export const createDays = (): DaysOfDualRun => ({ cleanDays: 0, judged: -1, postJudged: -1, verdicts: [], classes: [], correct: 0, wrong: 0 });

/** Breaks that block a switch: every one but orders in flight at the mirror point (which settle by themselves). */
export const openBreaks = (r: ReconResult): number => r.total - r.byCause.timing;

export const closeOf = (m: Model) => (m.sessions.length > 0 ? m.sessions[m.sessions.length - 1]!.end : 0);

/**
 * After a reconciliation at t: the first one after a trading day's close judges that day. With a
 * night section the day's first post-clearing reconciliation (postDay, engine/night.ts
 * postClearingDay) judges it again: a day is clean only when its books still agree once each side
 * has cleared, so breaks there reset the count.
 */
export function judgeDay(m: Model, d: DualState, r: ReconResult, t: number, postDay = -1): DayVerdict | undefined {
  const first = judgeClose(m, d, r, t);
  if (postDay < 0 || r.checkpoint !== 'post_clearing' || postDay !== d.days.judged || d.days.postJudged >= postDay) return first;
  d.days.postJudged = postDay;
  const open = openBreaks(r);
  const v = d.days.verdicts.at(-1)!;
  if (open > 0) {
    v.breaks = Math.max(v.breaks, open);
    d.days.cleanDays = 0;
  }
  return first ?? (open > 0 ? v : undefined);
}

function judgeClose(m: Model, d: DualState, r: ReconResult, t: number): DayVerdict | undefined {
  const day = dayOf(t);
  if (day <= d.days.judged || !tradingAt(m.days, t) || timeOfDay(t) < closeOf(m)) return undefined;
  const v = { date: dateAt(m.days, t), breaks: openBreaks(r) };
  d.days.judged = day;
  d.days.verdicts.push(v);
  d.days.cleanDays = v.breaks === 0 ? d.days.cleanDays + 1 : 0;
  return v;
}

/** The cause a break is graded against: the cause of its largest part (ties: the order of CAUSES). */
function causeOf(list: readonly Mismatch[], account: number, field: BreakField): Cause | undefined {
  let best: Mismatch | undefined;
  for (const x of list) if (x.account === account && x.field === field && (!best || x.amount > best.amount)) best = x;
  return best?.cause;
}

/** classify_break: grade each break of the last reconciliation it names; returns the line for the timeline. */
export function classifyBreaks(d: DualState, sel: { account?: number | undefined; field?: BreakField | undefined; as: BreakClass }, actor: string, t: number): { ok: boolean; text: string } {
  const last = d.last;
  if (!last) return { ok: false, text: 'classify_break: nothing to classify, no reconciliation has run' };
  const keys = new Map<string, [number, BreakField]>();
  for (const x of last.mismatches)
    if ((sel.account === undefined || x.account === sel.account) && (sel.field === undefined || x.field === sel.field)) keys.set(`${x.account}:${x.field}`, [x.account, x.field]);
  if (keys.size === 0)
    return {
      ok: false,
      text: `classify_break: the reconciliation at ${formatClock(last.at)} lists no break${sel.account !== undefined ? ` of account ${sel.account}` : ''}${sel.field ? ` in ${sel.field}` : ''}`,
    };
  const days = d.days;
  let right = 0;
  let wrong = 0;
  for (const [account, field] of keys.values()) {
    const cause = causeOf(last.mismatches, account, field)!;
    const i = days.classes.findIndex((c) => c.account === account && c.field === field);
    if (i < 0 && days.classes.length >= MAX_CLASSIFIED) return { ok: false, text: `classify_break: at most ${MAX_CLASSIFIED} breaks carry a classification` };
    const c: Classification = { account, field, as: sel.as, cause, at: t, actor };
    if (i < 0) days.classes.push(c);
    else days.classes[i] = c;
    if (cause === sel.as) right++;
    else wrong++;
  }
  days.correct += right;
  days.wrong += wrong;
  // The trainee's line says what was classified, not whether it was right: the grade is the judge's.
  return { ok: true, text: `${keys.size} break(s) classified as ${sel.as}` };
}

/** Breaks the last reconciliation lists that carry no classification yet. */
export function unclassified(d: DualState): number {
  const last = d.last;
  if (!last) return 0;
  const seen = new Set<string>();
  let n = 0;
  for (const x of last.mismatches) {
    const k = `${x.account}:${x.field}`;
    if (seen.has(k)) continue;
    seen.add(k);
    if (!d.days.classes.some((c) => c.account === x.account && c.field === x.field)) n++;
  }
  return n;
}
