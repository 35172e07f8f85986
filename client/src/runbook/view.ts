import type { StepView } from '@twinlab/shared/engine/cutover-report';
import type { CutoverView } from '@twinlab/shared/dualrun/view';
import type { Command } from '@twinlab/shared/scenario/command';
import type { Role } from '@twinlab/shared/session/roles';
import { formatClock } from '@twinlab/shared/scenario/units';

/**
 * What the runbook panel shows and offers one participant: pure, so it is tested without a
 * browser. The report comes from the participant's own engine (everyone derives the same one);
 * the actions are the inputs this participant may submit now (the server judges them again).
 */

export type Action = { kind: 'claim'; role: string } | { kind: 'start' | 'done' | 'signoff'; step: string } | { kind: 'decide'; gate: string };

export interface Row {
  step: StepView;
  /** This participant holds the step's role. */
  mine: boolean;
  actions: Action[];
  /** Planned start and expected duration, and actual time so far, as mm:ss. */
  planned: string;
  timer: string;
  overrun: boolean;
}

/** A time of day to the minute, with its day after the first ("D+3 09:00") for a weekend runbook. */
const hhmm = (us: number) => formatClock(us).replace(/:\d\d\.\d{3}$/, '');
/** A planned duration: mm:ss under an hour, h:mm:ss from an hour (a conversion takes hours). */
const span = (us: number) => {
  const s = Math.max(0, Math.floor(us / 1_000_000));
  return s < 3600 ? mmss(us) : `${Math.floor(s / 3600)}:${mmss((s % 3600) * 1_000_000)}`;
};
const mmss = (us: number) => {
  const s = Math.max(0, Math.floor(us / 1_000_000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

export function rowsFor(report: CutoverView, me: string, role: Role): Row[] {
  const rb = report.runbook;
  if (!rb) return [];
  const byId = new Map(rb.steps.map((s) => [s.id, s]));
  return rb.steps.map((step) => {
    const mine = step.holders.includes(me);
    const actions: Action[] = [];
    if (role !== 'observer') {
      const open =
        step.path === rb.mode &&
        step.after.every((a) => {
          const p = byId.get(a);
          return p !== undefined && (p.status === 'skipped' || (p.status === 'done' && (p.kind !== 'gate' || p.decision === 'go')));
        });
      if (!mine && step.status !== 'done' && step.status !== 'skipped' && (step.kind !== 'gate' || role === 'lead')) actions.push({ kind: 'claim', role: step.owner });
      if (mine && open && step.kind === 'step' && (step.status === 'pending' || step.status === 'failed')) actions.push({ kind: 'start', step: step.id });
      if (mine && step.status === 'running') actions.push({ kind: 'done', step: step.id });
      if (step.status === 'awaiting_signoff' && step.doneBy !== me && !step.signoffs.includes(me)) actions.push({ kind: 'signoff', step: step.id });
      if (mine && open && step.kind === 'gate' && step.status === 'pending' && role === 'lead') actions.push({ kind: 'decide', gate: step.id });
    }
    const actual = step.actual < 0 ? 0 : step.actual;
    return {
      step,
      mine,
      actions,
      planned: `${hhmm(step.plannedStart)} +${span(step.expected)}`,
      timer: step.actual < 0 ? '' : mmss(actual),
      overrun: step.overrun > 0,
    };
  });
}

/** The command a button submits. */
export function commandFor(action: Action, decision?: { go: boolean; reason: string }): Command {
  switch (action.kind) {
    case 'claim':
      return { type: 'claim_role', role: action.role };
    case 'start':
      return { type: 'step_start', step: action.step };
    case 'done':
      return { type: 'step_done', step: action.step };
    case 'signoff':
      return { type: 'step_signoff', step: action.step };
    case 'decide':
      return { type: 'gate_decision', gate: action.gate, decision: decision?.go ? 'go' : 'no_go', reason: decision?.reason ?? '' };
  }
}

/** The window as a line: deadline, slack or overrun, RTO. */
export function windowLine(report: CutoverView): { deadline: string; slack: string; late: boolean; complete: boolean; rto: string } | null {
  const rb = report.runbook;
  if (!rb) return null;
  return {
    deadline: hhmm(rb.deadline),
    slack: `${rb.slack < 0 ? '-' : ''}${mmss(Math.abs(rb.slack))}`,
    late: rb.overdue,
    complete: rb.complete,
    rto: rb.rto === undefined ? '' : `${mmss(rb.elapsed)} / ${mmss(rb.rto)}`,
  };
}
