import { closeOf, openBreaks } from '../dualrun/verdict.ts';
import { COUNT } from './codes.ts';
import { timeOfDay, tradingAt } from './days.ts';
import { finalByCount } from './metrics.ts';
import { clearedBy } from './night.ts';
import { migrationCounts } from '../migration/records.ts';
import { formatClock } from '../scenario/units.ts';
import type { Model } from './compile.ts';
import type { SimState } from './state.ts';

// The evidence a switch to the new system is judged on; the switch (cutover.ts) and the report's
// cutover.switchable (cutover-report.ts) read it here.

/** Why switching now would be the wrong decision, or '' when the evidence is clean. */
export function dirtyEvidence(m: Model, s: SimState): string {
  const why: string[] = [];
  const d = s.cut.dual;
  if (d) {
    const last = d.last;
    if (!last) why.push('never reconciled');
    else {
      const open = openBreaks(last);
      if (open > 0) why.push(`${open} open reconciliation breaks at ${formatClock(last.at)}`);
      // E2: the night's clearing is the hardest test of the new system; a day is only known clean once both sides have cleared it.
      else if (m.scenario.night && (last.checkpoint !== 'post_clearing' || d.days.postJudged < d.days.judged)) why.push("not reconciled after the last night's clearing");
    }
    const need = m.scenario.cutover?.cleanDaysRequired;
    if (need !== undefined && d.days.cleanDays < need) why.push(`only ${d.days.cleanDays} of ${need} consecutive clean days`);
  }
  const mig = s.cut.mig;
  if (mig) {
    if (!mig.migrated) why.push('the data was never migrated');
    else {
      const k = migrationCounts(mig);
      if (k.dirty > 0) why.push(`${k.dirty} dirty migrated records`);
    }
  }
  return why.join('; ');
}

/** Would switching to the new system now be justified: clean evidence, at a day boundary when days gate it? */
export function switchable(m: Model, s: SimState): boolean {
  if (s.cut.primary === 'new' || m.cut.legacyNode < 0) return false;
  if (m.scenario.cutover?.cleanDaysRequired !== undefined && notAtDayBoundary(m, s, s.now) !== '') return false;
  return dirtyEvidence(m, s) === '';
}

/** Why now is not a day boundary (after clearing, before the next open, nothing live), or '' when it is. */
export function notAtDayBoundary(m: Model, s: SimState, t: number): string {
  const tod = timeOfDay(t);
  if (tradingAt(m.days, t) && m.sessions.length > 0 && tod >= m.sessions[0]!.start && tod < closeOf(m)) return 'mid-session';
  const live = s.counts[COUNT.CREATED]! - finalByCount(s);
  if (live > 0) return `${live} orders are live`;
  if (!clearedBy(m, s, t)) return "the night's clearing has not finished";
  return '';
}
