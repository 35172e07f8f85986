import { CAUSES, type Cause, type Checkpoint } from '@twinlab/shared/dualrun/shadow';
import type { CutoverView } from '@twinlab/shared/dualrun/view';
import type { BreakField } from '@twinlab/shared/scenario/breaks';
import { formatClock } from '@twinlab/shared/scenario/units';

/**
 * What the reconciliation panel shows (docs/domain.md C7, E2, E3 3): every reconciliation so far
 * with its checkpoint (intraday, or after the night's clearing) and its count, and the breaks of
 * the last one. Causes show only where the viewer's report carries them (dualrun/view.ts: the lead,
 * anyone outside a drill, a trainee after the grade). Pure, so it is tested without a browser.
 */

/** One reconciliation as the panel lists it (the engine's history, dualrun/shadow.ts ReconRound). */
export interface ReconRound {
  at: number;
  clock: string;
  actor: string;
  checkpoint: Checkpoint;
  total: number;
  /** The parts each cause explains; empty when clean or when the causes are withheld. */
  causes: { cause: Cause; n: number }[];
}

/** One row of the last reconciliation's breaks. */
export interface BreakRow {
  account: number;
  field: BreakField;
  legacy: number;
  shadow: number;
  checkpoint: Checkpoint;
  cause?: Cause;
}

/** A time of day to the second, with its day after the first ("D+1 18:05:00") for a dual-run over days. */
export const clockOf = (us: number) => formatClock(us).replace(/\.\d{3}$/, '');

/** Every reconciliation of the session, in order. */
export function reconRounds(report: CutoverView): ReconRound[] {
  return (report.recon?.history ?? []).map((r) => ({
    at: r.at,
    clock: clockOf(r.at),
    actor: r.actor,
    checkpoint: r.checkpoint,
    total: r.total,
    causes: CAUSES.flatMap((cause) => (r.byCause && r.byCause[cause] > 0 ? [{ cause, n: r.byCause[cause] }] : [])),
  }));
}

/** The last reconciliation's breaks, each with that reconciliation's checkpoint and, where shown, its cause. */
export function lastBreaks(report: CutoverView): BreakRow[] {
  const last = report.recon?.last;
  if (!last) return [];
  return last.mismatches.map((x) => ({ account: x.account, field: x.field, legacy: x.legacy, shadow: x.shadow, checkpoint: last.checkpoint, ...(x.cause ? { cause: x.cause } : {}) }));
}

/** The message keys of a cause's label and a checkpoint's name (client i18n). */
export const causeKey = (c: Cause) => `break.${c}` as const;
export const checkpointKey = (c: Checkpoint) => `recon.checkpoint.${c}` as const;

/** A break's value as read: funds in yuan (the engine books fen), orders, fills and positions as counts. */
export const shownValue = (field: BreakField, v: number): { n: number; digits: number } => (field === 'funds' ? { n: v / 100, digits: 2 } : { n: v, digits: 0 });
