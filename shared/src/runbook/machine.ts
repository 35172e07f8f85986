import type { CheckResult } from '../predicate/evaluate.ts';
import type { Runbook, RunbookStep } from '../scenario/cutover.ts';
import type { Command } from '../scenario/command.ts';

/**
 * The runbook as a pure state machine over participants' inputs (claim a role, start a step,
 * report it done, sign it off, decide a gate, start the rollback). The engine drives it with
 * checks evaluated on the simulated state at each input's stamp, the server with no checks (it
 * has no simulation) to refuse inputs that cannot apply, so everyone derives the same runbook.
 */

export const STEP_STATUS = ['pending', 'running', 'awaiting_signoff', 'done', 'failed', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUS)[number];

export interface StepState {
  status: StepStatus;
  startedAt: number; // µs, -1 not yet
  startedBy: string;
  completedAt: number; // reported done (before sign-off), -1
  doneAt: number; // counted done (after sign-off), -1
  doneBy: string;
  signoffs: string[];
  verified: 'unchecked' | 'passed' | 'failed';
  failures: string[];
  attempts: number;
  decision: '' | 'go' | 'no_go';
  reason: string;
  /** A go against failing criteria: the wrong decision the rehearsal is there to catch. */
  wrong: boolean;
  note: string;
}

export interface RunbookState {
  mode: 'forward' | 'rollback';
  rollbackAt: number;
  rollbackReason: string;
  claims: [string, string][]; // [team role, participant], in the order claimed
  steps: StepState[]; // aligned with the runbook's steps
  completeAt: number; // -1 until the path taken (forward or rollback) is complete
}

export type RunbookInput = Extract<Command, { type: 'claim_role' | 'step_start' | 'step_done' | 'step_signoff' | 'gate_decision' | 'start_rollback' }>;
export const RUNBOOK_INPUT_TYPES: readonly RunbookInput['type'][] = ['claim_role', 'step_start', 'step_done', 'step_signoff', 'gate_decision', 'start_rollback'];
export const isRunbookInput = (c: Command): c is RunbookInput => (RUNBOOK_INPUT_TYPES as readonly string[]).includes(c.type);

/** Evaluates a check on the simulated state now; undefined when the caller has no simulation (the server). */
export type Checker = ((text: string) => CheckResult) | undefined;

export type Outcome = { ok: true; issue: Command[]; text: string } | { ok: false; error: string };

export function initialRunbook(rb: Runbook): RunbookState {
  return {
    mode: 'forward',
    rollbackAt: -1,
    rollbackReason: '',
    claims: [],
    steps: rb.steps.map(() => ({
      status: 'pending',
      startedAt: -1,
      startedBy: '',
      completedAt: -1,
      doneAt: -1,
      doneBy: '',
      signoffs: [],
      verified: 'unchecked',
      failures: [],
      attempts: 0,
      decision: '',
      reason: '',
      wrong: false,
      note: '',
    })),
    completeAt: -1,
  };
}

export const holds = (st: RunbookState, actor: string, role: string) => st.claims.some(([r, who]) => r === role && who === actor);

/** Team roles a runbook names: every step owner and sign-off role. */
export function teamRoles(rb: Runbook): string[] {
  const out = new Set<string>();
  for (const s of rb.steps) {
    out.add(s.owner);
    if (s.signoff && typeof s.signoff === 'object' && s.signoff.role !== undefined) out.add(s.signoff.role);
  }
  return [...out];
}

/** Rollback steps that must run once rolling back: unlinked ones, and those undoing a step that started. */
export function requiredRollback(rb: Runbook, st: RunbookState): boolean[] {
  const linked = new Map<string, boolean>();
  rb.steps.forEach((s, i) => {
    if (s.rollback !== undefined) linked.set(s.rollback, (linked.get(s.rollback) ?? false) || st.steps[i]!.startedAt >= 0);
  });
  return rb.steps.map((s) => s.path === 'rollback' && (linked.get(s.id) ?? true));
}

/** Apply one input at time `at` by `actor`. Mutates `st` only when the input is accepted. */
export function applyRunbookInput(rb: Runbook, st: RunbookState, input: RunbookInput, actor: string, at: number, check: Checker): Outcome {
  const refuse = (error: string): Outcome => ({ ok: false, error });
  if (input.type === 'claim_role') {
    const roles = teamRoles(rb);
    if (!roles.includes(input.role)) return refuse(`no step is owned by a "${input.role}" (roles: ${roles.join(', ')})`);
    if (!holds(st, actor, input.role)) st.claims.push([input.role, actor]);
    return { ok: true, issue: [], text: `${actor} takes the ${input.role} role` };
  }
  if (input.type === 'start_rollback') {
    if (st.mode === 'rollback') return refuse('the runbook is already rolling back');
    enterRollback(rb, st, at, input.reason);
    return { ok: true, issue: [], text: `${actor} starts the rollback: ${input.reason}` };
  }
  const id = input.type === 'gate_decision' ? input.gate : input.step;
  const i = rb.steps.findIndex((s) => s.id === id);
  if (i < 0) return refuse(`no step "${id}" in the runbook`);
  const def = rb.steps[i]!;
  const s = st.steps[i]!;
  const owner = () => (holds(st, actor, def.owner) ? undefined : `${id} is owned by the ${def.owner} role, which ${actor} has not claimed`);

  switch (input.type) {
    case 'step_start': {
      if (def.kind === 'gate') return refuse(`${id} is a gate: record a decision`);
      if (s.status !== 'pending' && s.status !== 'failed') return refuse(`${id} is ${s.status}`);
      const why = owner() ?? blocked(rb, st, def);
      if (why) return refuse(why);
      if (def.precondition !== undefined && check) {
        const r = check(def.precondition);
        if (!r.ok) return refuse(`${id}: precondition does not hold: ${r.failures.join('; ')}`);
      }
      Object.assign(s, { status: 'running', startedAt: at, startedBy: actor, completedAt: -1, doneAt: -1, doneBy: '', signoffs: [], verified: 'unchecked', failures: [], attempts: s.attempts + 1 });
      return { ok: true, issue: def.commands, text: `${actor} starts ${id}${s.attempts > 1 ? ` (attempt ${s.attempts})` : ''}` };
    }
    case 'step_done': {
      if (s.status !== 'running') return refuse(`${id} is ${s.status}, not running`);
      const why = owner();
      if (why) return refuse(why);
      s.completedAt = at;
      s.doneBy = actor;
      if (input.note !== undefined) s.note = input.note;
      if (def.verify !== undefined && check) {
        const r = check(def.verify);
        s.verified = r.ok ? 'passed' : 'failed';
        s.failures = r.failures;
        if (!r.ok) {
          s.status = 'failed';
          return { ok: true, issue: [], text: `${id} fails its verification: ${r.failures.join('; ')}` };
        }
      } else if (def.verify !== undefined) s.verified = 'passed';
      if (def.signoff === undefined) finish(rb, st, i, at);
      else s.status = 'awaiting_signoff';
      return { ok: true, issue: [], text: `${actor} reports ${id} done${s.status === 'awaiting_signoff' ? ', awaiting sign-off' : ''}` };
    }
    case 'step_signoff': {
      if (s.status !== 'awaiting_signoff') return refuse(`${id} is ${s.status}, not awaiting sign-off`);
      if (actor === s.doneBy) return refuse(`${actor} did ${id} and cannot also sign it off`);
      if (s.signoffs.includes(actor)) return refuse(`${actor} already signed ${id} off`);
      const rule = def.signoff!;
      const role = rule === 'anyone' ? undefined : rule.role;
      if (role !== undefined && !holds(st, actor, role)) return refuse(`${id} is signed off by the ${role} role, which ${actor} has not claimed`);
      s.signoffs.push(actor);
      const needed = rule !== 'anyone' && 'people' in rule ? rule.people : 1;
      if (s.signoffs.length >= needed) finish(rb, st, i, at);
      return { ok: true, issue: [], text: `${actor} signs ${id} off (${s.signoffs.length}/${needed})` };
    }
    case 'gate_decision': {
      if (def.kind !== 'gate') return refuse(`${id} is a step, not a gate`);
      if (s.status !== 'pending') return refuse(`${id} was already decided: ${s.decision}`);
      const why = owner() ?? blocked(rb, st, def);
      if (why) return refuse(why);
      let evidence = '';
      if (def.criteria !== undefined && check) {
        const r = check(def.criteria);
        s.verified = r.ok ? 'passed' : 'failed';
        s.failures = r.failures;
        s.wrong = input.decision === 'go' && !r.ok;
        evidence = r.ok ? ' (criteria hold)' : ` (criteria fail: ${r.failures.join('; ')})`;
      }
      Object.assign(s, { decision: input.decision, reason: input.reason, startedAt: at, startedBy: actor, completedAt: at, doneBy: actor });
      finish(rb, st, i, at);
      if (input.decision === 'no_go') enterRollback(rb, st, at, `no-go at ${id}: ${input.reason}`);
      return { ok: true, issue: [], text: `${actor} decides ${input.decision === 'go' ? 'GO' : 'NO-GO'} at ${id}: ${input.reason}${evidence}${s.wrong ? ' — WRONG DECISION' : ''}` };
    }
  }
}

/** Why a step cannot start yet (predecessors, path), or undefined. */
function blocked(rb: Runbook, st: RunbookState, def: RunbookStep): string | undefined {
  if (def.path === 'forward' && st.mode === 'rollback') return `the runbook is rolling back: ${def.id} is on the forward path`;
  if (def.path === 'rollback' && st.mode === 'forward') return `${def.id} is a rollback step: it opens after a no-go or when the lead starts the rollback`;
  for (const a of def.after) {
    const j = rb.steps.findIndex((x) => x.id === a);
    const p = st.steps[j]!;
    if (p.status !== 'done' && p.status !== 'skipped') return `${def.id} waits for ${a} (${p.status})`;
    if (rb.steps[j]!.kind === 'gate' && p.decision !== 'go') return `${def.id} waits for a go at ${a}`;
  }
  return undefined;
}

function finish(rb: Runbook, st: RunbookState, i: number, at: number): void {
  const s = st.steps[i]!;
  s.status = 'done';
  s.doneAt = at;
  updateComplete(rb, st, at);
}

function enterRollback(rb: Runbook, st: RunbookState, at: number, reason: string): void {
  st.mode = 'rollback';
  st.rollbackAt = at;
  st.rollbackReason = reason;
  st.completeAt = -1;
  const required = requiredRollback(rb, st);
  rb.steps.forEach((d, i) => {
    const s = st.steps[i]!;
    if (d.path === 'rollback' && !required[i] && s.status === 'pending') s.status = 'skipped';
  });
  updateComplete(rb, st, at);
}

function updateComplete(rb: Runbook, st: RunbookState, at: number): void {
  if (st.completeAt >= 0) return;
  const required = st.mode === 'forward' ? rb.steps.map((d) => d.path === 'forward') : requiredRollback(rb, st);
  if (required.every((r, i) => !r || st.steps[i]!.status === 'done')) st.completeAt = at;
}

/** Planned start of every step: the critical path from the window start through `after`. */
export function plannedStarts(rb: Runbook): number[] {
  const index = new Map(rb.steps.map((s, i) => [s.id, i]));
  const start: number[] = rb.steps.map(() => -1);
  const visit = (i: number, depth: number): number => {
    if (start[i]! >= 0 || depth > rb.steps.length) return Math.max(start[i]!, rb.window.start);
    let t = rb.window.start;
    for (const a of rb.steps[i]!.after) {
      const j = index.get(a);
      if (j !== undefined) t = Math.max(t, visit(j, depth + 1) + rb.steps[j]!.expected);
    }
    start[i] = t;
    return t;
  };
  rb.steps.forEach((_, i) => visit(i, 0));
  return start;
}
