import type { StepView } from '@twinlab/shared/engine/cutover-report';
import type { CutoverView } from '@twinlab/shared/dualrun/view';
import { formatClock, US_PER_DAY, US_PER_HOUR, US_PER_MIN } from '@twinlab/shared/scenario/units';

/**
 * The runbook as a timeline (how cutover teams read one, as in a Gantt view): per step a planned
 * bar and an actual bar on the simulated clock, the critical path, gates as milestones, the
 * rollback branch in its own lanes and overrun marked. Pure, so it is tested without a browser.
 */

export interface GanttBar {
  start: number; // µs since midnight
  end: number;
}

export interface GanttRow {
  step: StepView;
  planned: GanttBar;
  /** From start to done, or to now while running; null before it starts. */
  actual: GanttBar | null;
  /** The part of the actual bar past the expected duration. */
  overrun: GanttBar | null;
  critical: boolean;
  /** The forward step this rollback step undoes (for the rollback lanes), or ''. */
  undoes: string;
}

export interface Gantt {
  from: number;
  to: number;
  now: number;
  deadline: number;
  rows: GanttRow[];
  /** Ids on the critical path, first to last. */
  critical: string[];
}

/**
 * The critical path of the forward plan: the chain of `after` dependencies ending at the step
 * that finishes last as planned, each link the predecessor that finishes last.
 */
export function criticalPath(steps: readonly StepView[]): string[] {
  const forward = steps.filter((s) => s.path === 'forward');
  const byId = new Map(forward.map((s) => [s.id, s]));
  const finish = (s: StepView) => s.plannedStart + s.expected;
  let last: StepView | undefined;
  for (const s of forward) if (!last || finish(s) > finish(last)) last = s;
  const path: string[] = [];
  const seen = new Set<string>();
  for (let s = last; s && !seen.has(s.id);) {
    seen.add(s.id);
    path.unshift(s.id);
    let prev: StepView | undefined;
    for (const a of s.after) {
      const p = byId.get(a);
      if (p && (!prev || finish(p) > finish(prev))) prev = p;
    }
    s = prev;
  }
  return path;
}

export function ganttFor(report: CutoverView): Gantt | null {
  const rb = report.runbook;
  if (!rb) return null;
  const now = report.now;
  const critical = criticalPath(rb.steps);
  const onPath = new Set(critical);
  const undoes = new Map<string, string>();
  for (const s of rb.steps) if (s.rollback) undoes.set(s.rollback, s.id);
  let to = Math.max(rb.deadline, rb.windowStart + 1);
  const rows = rb.steps.map((step): GanttRow => {
    const planned = { start: step.plannedStart, end: step.plannedStart + step.expected };
    const actual = step.startedAt < 0 ? null : { start: step.startedAt, end: step.startedAt + Math.max(0, step.actual) };
    const overrun = actual && step.overrun > 0 ? { start: actual.start + step.expected, end: actual.end } : null;
    to = Math.max(to, planned.end, actual?.end ?? 0);
    return { step, planned, actual, overrun, critical: onPath.has(step.id), undoes: undoes.get(step.id) ?? '' };
  });
  // The forward plan first, then the rollback branch, each in plan order.
  rows.sort((a, b) => (a.step.path === b.step.path ? a.planned.start - b.planned.start : a.step.path === 'forward' ? -1 : 1));
  return { from: rb.windowStart, to: Math.max(to, Math.min(now, to + 3_600_000_000)), now, deadline: rb.deadline, rows, critical };
}

export interface GanttTick {
  at: number;
  label: string;
}

/**
 * Hour lines across the runbook window. A weekend window spans days, so its lines are further
 * apart, and a line at midnight names its day (`D+1`, as the clock shows it) instead of a bare 00:00.
 */
export function ganttTicks(from: number, to: number): GanttTick[] {
  const span = to - from;
  const step = span > 24 * US_PER_HOUR ? 6 * US_PER_HOUR : span > 4 * US_PER_HOUR ? US_PER_HOUR : span > 90 * US_PER_MIN ? 30 * US_PER_MIN : 15 * US_PER_MIN;
  const ticks: GanttTick[] = [];
  for (let at = Math.ceil(from / step) * step; at <= to; at += step) {
    const clock = formatClock(at).replace(/:\d\d\.\d{3}$/, ''); // "D+1 06:00" or "18:00"
    ticks.push({ at, label: at % US_PER_DAY === 0 || at === Math.ceil(from / step) * step ? clock : clock.replace(/^D\+\d+ /, '') });
  }
  return ticks;
}
