import type { CutoverReport } from '../engine/cutover-report.ts';
import type { BreakClass, BreakField } from '../scenario/breaks.ts';
import type { Cause, ReconResult, ReconRound } from './shadow.ts';

/**
 * What a viewer of a session sees of the reconciliation (docs/domain.md E2: "breaks arrive
 * unlabelled: classifying them is the skill"). The engine explains every break by its cause; the
 * lead and the after-action report see that, a trainee during a drill sees only the raw
 * differences, what they classified, and nothing that says whether it was right.
 */

export interface Viewer {
  /** A drill is running and not yet graded. */
  drill: boolean;
  /** The viewer holds the lead role (the one who runs the drill), or reads the after-action report. */
  lead: boolean;
}

/** One break as a trainee sees it: an account's field, the legacy value and the new system's. */
export interface BreakView {
  account: number;
  field: BreakField;
  legacy: number;
  shadow: number;
  cause?: Cause;
  amount?: number;
  detail?: string;
}

export interface ClassificationView {
  account: number;
  field: BreakField;
  as: BreakClass;
  at: number;
  actor: string;
  cause?: Cause;
}

type Recon = NonNullable<CutoverReport['recon']>;
export type ReconView = Omit<Recon, 'last' | 'history' | 'classes' | 'misclassified'> & {
  last: (Omit<ReconResult, 'byCause' | 'mismatches'> & { byCause?: ReconResult['byCause']; mismatches: BreakView[] }) | null;
  history: (Omit<ReconRound, 'byCause'> & { byCause?: ReconRound['byCause'] })[];
  classes: ClassificationView[];
  misclassified?: number;
};
/** A cutover report as some viewer sees it; the engine's full report is one. */
export type CutoverView = Omit<CutoverReport, 'recon'> & { recon?: ReconView };

/** Does this viewer see the engine's causes? The lead always, anyone outside a drill, a trainee after the grade. */
export const seesCauses = (v: Viewer): boolean => v.lead || !v.drill;

/** The report for this viewer: the engine's own, or with the causes withheld. */
export function cutoverFor(report: CutoverReport, v: Viewer): CutoverView {
  if (seesCauses(v) || !report.recon) return report;
  const r = report.recon;
  const rest: Omit<Recon, 'last' | 'history' | 'classes' | 'misclassified'> & { misclassified?: number } = { ...r };
  delete rest.misclassified;
  return {
    ...report,
    timeline: report.timeline.map((e) => (e.kind === 'recon' ? { ...e, text: unlabelled(e.text) } : e)),
    recon: {
      ...rest,
      last: r.last && { at: r.last.at, checkpoint: r.last.checkpoint, total: r.last.total, mismatches: rawBreaks(r.last.mismatches) },
      history: r.history.map(({ at, actor, checkpoint, total }) => ({ at, actor, checkpoint, total })),
      classes: r.classes.map(({ account, field, as, at, actor }) => ({ account, field, as, at, actor })),
    },
  };
}

/** The engine splits a break into the parts each cause explains; the trainee sees one row per account and field. */
function rawBreaks(list: ReconResult['mismatches']): BreakView[] {
  const out: BreakView[] = [];
  const seen = new Set<string>();
  for (const x of list) {
    const k = `${x.account}:${x.field}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ account: x.account, field: x.field, legacy: x.legacy, shadow: x.shadow });
  }
  return out;
}

/** "reconciliation: 60 mismatches (fee_rule 60)" → "reconciliation: 60 mismatches" (and "reconciliation after clearing: …"). */
const unlabelled = (text: string) => text.replace(/^(reconciliation(?: after clearing)?: \d+ mismatches) \(.*\)$/, '$1');

/** The engine's full report when nothing was withheld from this view (a view outside a drill, or the lead's). */
export function fullReport(c: CutoverView): CutoverReport | undefined {
  const r = c.recon;
  return !r || (r.misclassified !== undefined && (r.last === null || r.last.byCause !== undefined)) ? (c as CutoverReport) : undefined;
}
