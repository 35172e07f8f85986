import type { ReconResult, ReconRound } from '../dualrun/shadow.ts';
import { unclassified, type Classification, type DayVerdict } from '../dualrun/verdict.ts';
import { switchable } from './cutover-evidence.ts';
import { migrationCounts, type MigrationCounts } from '../migration/records.ts';
import type { StepStatus } from '../runbook/machine.ts';
import type { SignOff } from '../scenario/cutover.ts';
import type { Model } from './compile.ts';
import type { Halt, TimelineEntry } from './cutover-state.ts';
import type { SimState } from './state.ts';

/** One runbook step as every participant sees it: who owns it, who did it, when, and what the checks said. */
export interface StepView {
  id: string;
  title: string;
  kind: 'step' | 'gate';
  path: 'forward' | 'rollback';
  owner: string;
  holders: string[]; // participants who claimed the owner role
  after: string[];
  rollback?: string;
  status: StepStatus;
  startedAt: number;
  startedBy: string;
  completedAt: number;
  doneAt: number;
  doneBy: string;
  signoff: string; // the rule in words, '' when none
  signoffs: string[];
  plannedStart: number;
  expected: number;
  actual: number; // µs from start to done (or to now while running), -1 not started
  overrun: number; // actual − expected, 0 until it passes expected
  verified: 'unchecked' | 'passed' | 'failed';
  failures: string[];
  decision: '' | 'go' | 'no_go';
  reason: string;
  wrong: boolean;
  checks: { precondition?: string; verify?: string; criteria?: string };
}

export interface CutoverReport {
  now: number;
  halted: Halt | null;
  timeline: TimelineEntry[];
  primary: 'legacy' | 'new';
  switchedDirty: number;
  runbook?: {
    title: string;
    mode: 'forward' | 'rollback';
    rollbackReason: string;
    windowStart: number;
    deadline: number;
    rto?: number;
    complete: boolean;
    completeAt: number;
    elapsed: number;
    slack: number;
    overdue: boolean;
    rtoMet?: boolean;
    steps: StepView[];
  };
  /** Would switch_primary to new now be justified (clean evidence, and at a day boundary when cleanDaysRequired gates it)? */
  switchable: boolean;
  recon?: {
    rounds: number;
    last: ReconResult | null;
    /** Every reconciliation so far, oldest first (the latest MAX_ROUNDS_KEPT). */
    history: ReconRound[];
    cleanDays: number;
    days: DayVerdict[];
    classes: Classification[];
    classified: number;
    misclassified: number;
    unclassified: number;
  };
  migration?: MigrationCounts & { migrated: boolean; rounds: number };
  files: { id: string; arrived: boolean; valid: boolean; arrivedAt: number }[];
  resyncMissing: number;
}

const rule = (r: SignOff | undefined) => (r === undefined ? '' : r === 'anyone' ? 'anyone else' : 'people' in r ? `${r.people} people${r.role ? ` (${r.role})` : ''}` : `the ${r.role} role`);

export function cutoverReport(m: Model, s: SimState): CutoverReport {
  const c = s.cut;
  const rb = m.scenario.runbook;
  const out: CutoverReport = {
    now: s.now,
    halted: c.halted,
    timeline: c.timeline.map((e) => ({ ...e })),
    primary: c.primary,
    switchedDirty: c.switchedDirty,
    files: m.scenario.files.map((f, i) => ({ id: f.id, arrived: c.files[i]!.arrivedAt >= 0, valid: c.files[i]!.valid, arrivedAt: c.files[i]!.arrivedAt })),
    resyncMissing: c.held.length,
    switchable: switchable(m, s),
  };
  if (rb && c.runbook) {
    const st = c.runbook;
    const end = st.completeAt >= 0 ? st.completeAt : s.now;
    out.runbook = {
      title: rb.title,
      mode: st.mode,
      rollbackReason: st.rollbackReason,
      windowStart: rb.window.start,
      deadline: rb.window.deadline,
      ...(rb.rto !== undefined ? { rto: rb.rto, rtoMet: st.completeAt >= 0 && st.completeAt - rb.window.start <= rb.rto } : {}),
      complete: st.completeAt >= 0,
      completeAt: st.completeAt,
      elapsed: end - rb.window.start,
      slack: rb.window.deadline - end,
      overdue: end > rb.window.deadline,
      steps: rb.steps.map((d, i) => {
        const x = st.steps[i]!;
        const actual = x.startedAt < 0 ? -1 : (x.doneAt >= 0 ? x.doneAt : s.now) - x.startedAt;
        return {
          id: d.id,
          title: d.title,
          kind: d.kind,
          path: d.path,
          owner: d.owner,
          holders: st.claims.filter(([r]) => r === d.owner).map(([, who]) => who),
          after: d.after,
          ...(d.rollback !== undefined ? { rollback: d.rollback } : {}),
          status: x.status,
          startedAt: x.startedAt,
          startedBy: x.startedBy,
          completedAt: x.completedAt,
          doneAt: x.doneAt,
          doneBy: x.doneBy,
          signoff: rule(d.signoff),
          signoffs: [...x.signoffs],
          plannedStart: m.cut.planned[i]!,
          expected: d.expected,
          actual,
          overrun: actual > d.expected ? actual - d.expected : 0,
          verified: x.verified,
          failures: [...x.failures],
          decision: x.decision,
          reason: x.reason,
          wrong: x.wrong,
          checks: { ...(d.precondition ? { precondition: d.precondition } : {}), ...(d.verify ? { verify: d.verify } : {}), ...(d.criteria ? { criteria: d.criteria } : {}) },
        };
      }),
    };
  }
  if (c.dual) {
    const k = c.dual.days;
    out.recon = {
      rounds: c.dual.rounds,
      last: c.dual.last,
      history: c.dual.history.map((x) => ({ ...x, byCause: { ...x.byCause } })),
      cleanDays: k.cleanDays,
      days: k.verdicts.map((v) => ({ ...v })),
      classes: k.classes.map((x) => ({ ...x })),
      classified: k.correct + k.wrong,
      misclassified: k.wrong,
      unclassified: unclassified(c.dual),
    };
  }
  if (c.mig) out.migration = { ...migrationCounts(c.mig), migrated: c.mig.migrated, rounds: c.mig.rounds };
  return out;
}
