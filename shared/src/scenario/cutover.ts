import { z } from 'zod';
import { parsePredicate } from '../predicate/parse.ts';
import { checkPaths, OPEN_PREFIXES } from '../predicate/paths.ts';
import { predicatePaths } from '../predicate/parse.ts';
import { engineOnlyPathProblems } from './night.ts';
import { PredicateText } from '../predicate/text.ts';
import { unknownPaths } from '../predicate/unknown.ts';
import { Command, RUNBOOK_INPUTS } from './command.ts';
import { ACCOUNT_CLASSES } from './accounts.ts';
import { ClockTime, Duration, Id, IsoDate } from './units.ts';

/**
 * What a cutover rehearsal adds to a scenario: a runbook, the legacy/new pair being cut over,
 * dual-run, data migration, stop conditions and the files a night batch waits for. All optional,
 * so every older file still loads unchanged.
 */

const SignOff = z
  .union([
    z.literal('anyone').meta({ description: 'Any participant other than the one who did the step.' }),
    z.object({ role: Id }).strict().meta({ description: 'Someone holding this team role.' }),
    z
      .object({ people: z.int().min(1).max(10), role: Id.optional() })
      .strict()
      .meta({ description: 'N different people (of a role, if given).' }),
  ])
  .meta({ description: 'Who must sign the step off before it counts as done.' });
export type SignOff = z.infer<typeof SignOff>;

export const RunbookStep = z
  .object({
    id: Id,
    title: z.string().min(1),
    kind: z.enum(['step', 'gate']).default('step').meta({ description: 'gate: a go/no-go decision the lead records with a reason.' }),
    owner: Id.meta({ description: 'Team role that owns the step (e.g. dba, counter, network, lead); participants claim roles.' }),
    after: z.array(Id).default([]).meta({ description: 'Steps (or gates, which must be "go") that must be done first; several = parallel branches joining.' }),
    path: z.enum(['forward', 'rollback']).default('forward').meta({ description: 'rollback steps open once a gate says no-go or the lead starts the rollback.' }),
    precondition: PredicateText.optional().meta({ description: 'Must hold when the step starts, e.g. `node.counter.queueDepth == 0`.' }),
    commands: z.array(Command).default([]).meta({ description: 'Operator commands the step issues when it starts.' }),
    expected: Duration.prefault('5m').meta({ description: 'Planned duration.' }),
    verify: PredicateText.optional().meta({ description: 'Checked when the step is reported done, e.g. `recon.mismatches == 0`; failing it fails the step.' }),
    criteria: PredicateText.optional().meta({ description: 'For gates: the evidence a go needs; a go against failing criteria is recorded as a wrong decision.' }),
    rollback: Id.optional().meta({ description: 'The rollback step that undoes this one.' }),
    signoff: SignOff.optional(),
  })
  .strict();
export type RunbookStep = z.output<typeof RunbookStep>;

export const Runbook = z
  .object({
    title: z.string().default('Runbook'),
    window: z
      .object({ start: ClockTime, deadline: ClockTime })
      .strict()
      .meta({ description: 'The maintenance window: planned start and the deadline by which the system must be in one consistent version.' }),
    rto: Duration.optional().meta({ description: 'Recovery time objective: from the window start to the last required step done.' }),
    steps: z.array(RunbookStep).min(1),
  })
  .strict();
export type Runbook = z.output<typeof Runbook>;

export const Cutover = z
  .object({
    legacy: Id.meta({ description: 'The legacy counter/OMS node, primary at the start.' }),
    new: Id.meta({ description: 'The new counter/OMS node that takes over on switch_primary.' }),
    newCalendar: z
      .object({
        holidays: z.array(IsoDate),
        makeupWorkdays: z.array(IsoDate).optional(),
        tradingWeekends: z
          .array(IsoDate)
          .optional()
          .meta({ description: 'Weekend days this table lists as trading days, e.g. a make-up Saturday (调休) taken from the State Council\u2019s working days; the exchanges stay closed on them.' }),
      })
      .strict()
      .optional()
      .meta({ description: 'The holiday calendar loaded into the new system, when it differs from the exchanges\u2019.' }),
    cleanDaysRequired: z.int().min(1).max(10).optional().meta({
      description:
        'Consecutive trading days whose post-close reconciliation has no open break before the switch is justified (docs/domain.md C7, E2). With it, switch_primary is refused mid-session or with live orders: a counter or OMS switches at a day boundary.',
    }),
  })
  .strict();
export type Cutover = z.output<typeof Cutover>;

export const DualRun = z
  .object({
    mirrorAt: Id.meta({ description: 'Node where orders are copied to the shadow (non-primary) stack.' }),
    from: ClockTime.optional().meta({ description: 'When mirroring starts; orders in flight then are not mirrored (timing breaks).' }),
    reconcileEvery: Duration.prefault('5m').meta({ description: 'Interval of the automatic reconciliation per account.' }),
  })
  .strict();
export type DualRun = z.output<typeof DualRun>;

/** The per-account fields a conversion can get wrong besides balances and positions (E2). */
export const CONVERTED_FIELDS = ['fee_template', 'permission', 'bank_link'] as const;
export type ConvertedField = (typeof CONVERTED_FIELDS)[number];

const MigrationClass = z
  .object({
    class: z.enum(ACCOUNT_CLASSES).meta({ description: 'The class of accounts.classes the rule breaks, e.g. margin (信用账户).' }),
    kind: z.enum(['cash', 'position']).default('position'),
  })
  .strict();

const SkippedField = z
  .object({
    field: z.enum(CONVERTED_FIELDS),
    share: z.number().min(0).max(1).meta({ description: 'Share of accounts whose converted field is wrong.' }),
  })
  .strict();

export const Migration = z
  .object({
    dirtyShare: z.number().min(0).max(1).meta({ description: 'Share of migrated accounts with a dirty record.' }),
    kinds: z
      .array(z.enum(['cash', 'position']))
      .min(1)
      .default(['cash', 'position']),
    detectShare: z.number().min(0).max(1).default(0.6).meta({ description: 'Share of the still-unfound dirty records one validation round finds.' }),
    brokenClass: MigrationClass.optional().meta({ description: 'A conversion rule that breaks every account of one class (docs/domain.md E2).' }),
    skipped: z.array(SkippedField).default([]).meta({ description: 'Fields a totals check never compares (fee templates, trading permissions, bank links); only a full check finds them (E2).' }),
  })
  .strict();
export type Migration = z.output<typeof Migration>;

export const StopCondition = z
  .object({
    id: Id,
    when: PredicateText.meta({ description: 'Halts the run when it holds (for `for`), e.g. `orders.lost > 0`.' }),
    for: Duration.default(0).meta({ description: 'How long it must hold before the run halts.' }),
    message: z.string().min(1).meta({ description: 'What everyone is told when it halts the run.' }),
  })
  .strict();
export type StopCondition = z.output<typeof StopCondition>;

export const BatchFile = z
  .object({
    id: Id,
    title: z.string().optional(),
    arrives: ClockTime,
    corrupt: z.boolean().default(false).meta({ description: 'The first delivery fails its control total.' }),
    resendAfter: Duration.prefault('20m').meta({ description: 'How long a re-send takes after request_resend.' }),
  })
  .strict()
  .meta({ description: 'An input file a batch waits for (e.g. the CSDC settlement file).' });
export type BatchFile = z.output<typeof BatchFile>;

export const cutoverFields = {
  cutover: Cutover.optional(),
  runbook: Runbook.optional(),
  dualRun: DualRun.optional(),
  migration: Migration.optional(),
  stopConditions: z.array(StopCondition).default([]),
  guardCheckEvery: Duration.prefault('1s').meta({ description: 'How often stop conditions are checked.' }),
  files: z.array(BatchFile).default([]),
};

/** Namespaces the engine reads itself, besides the table's (predicate/paths.ts): config.*, calendar.* (engine/days.ts), night.* (engine/night.ts). */
export const CUTOVER_PREFIXES = [OPEN_PREFIXES.config, OPEN_PREFIXES.calendar, OPEN_PREFIXES.night] as const;

type Issue = (path: (string | number)[], message: string) => void;
type CutoverPart = {
  nodes: { id: string; kind: string }[];
  links: { id?: string | undefined; from: string; to: string }[];
  cutover?: Cutover | undefined;
  runbook?: Runbook | undefined;
  dualRun?: DualRun | undefined;
  migration?: Migration | undefined;
  stopConditions: StopCondition[];
  files: BatchFile[];
};

/** Every check path a cutover scenario offers (metrics plus the engine's cutover namespaces; predicate/paths.ts). */
export function cutoverPaths(sc: CutoverPart): Set<string> {
  return new Set(checkPaths(sc, ['metrics', 'cutover']));
}

/** Cross-references of the cutover sections, each issue at its field. */
export function checkCutover(sc: CutoverPart, issue: Issue): void {
  const nodes = new Map(sc.nodes.map((n) => [n.id, n]));
  const known = cutoverPaths(sc);
  const check = (text: string | undefined, path: (string | number)[]) => {
    if (text === undefined) return;
    let p;
    try {
      p = parsePredicate(text);
    } catch {
      return; // PredicateText already reported the syntax error here
    }
    for (const u of unknownPaths(p, known, CUTOVER_PREFIXES)) issue(path, `unknown check path "${u.path}"${u.suggestion ? ` (did you mean "${u.suggestion}"?)` : ''}`);
    for (const bad of engineOnlyPathProblems(predicatePaths(p), sc)) issue(path, bad);
  };
  const c = sc.cutover;
  if (c) {
    for (const key of ['legacy', 'new'] as const) {
      const n = nodes.get(c[key]);
      if (!n) issue(['cutover', key], `unknown node "${c[key]}"`);
      else if (!['counter', 'fast_counter', 'oms'].includes(n.kind)) issue(['cutover', key], `"${c[key]}" is a ${n.kind}: a cutover swaps counters or OMSs`);
    }
    if (c.legacy === c.new) issue(['cutover', 'new'], 'the new system is a different node from the legacy one');
  }
  if (sc.dualRun) {
    if (!c) issue(['dualRun'], 'dual-run needs a cutover section naming the legacy and new nodes');
    if (!nodes.has(sc.dualRun.mirrorAt)) issue(['dualRun', 'mirrorAt'], `unknown node "${sc.dualRun.mirrorAt}"`);
  }
  if (sc.migration && !c) issue(['migration'], 'a migration needs a cutover section naming the system migrated into (cutover.new)');
  sc.stopConditions.forEach((s, i) => check(s.when, ['stopConditions', i, 'when']));
  const rb = sc.runbook;
  if (!rb) return;
  if (rb.window.deadline <= rb.window.start) issue(['runbook', 'window', 'deadline'], 'the deadline comes after the window starts');
  const steps = new Map<string, RunbookStep>();
  rb.steps.forEach((s, i) => {
    if (steps.has(s.id)) issue(['runbook', 'steps', i, 'id'], `duplicate step id "${s.id}"`);
    steps.set(s.id, s);
  });
  rb.steps.forEach((s, i) => {
    const at = (...rest: (string | number)[]) => ['runbook', 'steps', i, ...rest];
    s.after.forEach((a, j) => {
      const p = steps.get(a);
      if (!p) issue(at('after', j), `unknown step "${a}"`);
      else if (a === s.id) issue(at('after', j), 'a step cannot come after itself');
      else if (p.path === 'rollback' && s.path === 'forward') issue(at('after', j), `a forward step cannot wait for the rollback step "${a}"`);
    });
    if (s.rollback !== undefined) {
      const r = steps.get(s.rollback);
      if (!r) issue(at('rollback'), `unknown step "${s.rollback}"`);
      else if (r.path !== 'rollback') issue(at('rollback'), `"${s.rollback}" is not on the rollback path (path: rollback)`);
    }
    if (s.kind === 'gate' && s.commands.length > 0) issue(at('commands'), 'a gate records a decision; it issues no commands');
    if (s.kind !== 'gate' && s.criteria !== undefined) issue(at('criteria'), 'criteria belong to gates; a step has a verify');
    s.commands.forEach((cmd, j) => {
      if ((RUNBOOK_INPUTS as readonly string[]).includes(cmd.type)) issue(at('commands', j, 'type'), `${cmd.type} is a participant's input, not a command a step issues`);
      if ((cmd.type === 'switch_primary' || cmd.type === 'reconcile') && !c) issue(at('commands', j, 'type'), `${cmd.type} needs a cutover section`);
      if (cmd.type.endsWith('migration') || cmd.type === 'migrate_data') if (!sc.migration) issue(at('commands', j, 'type'), `${cmd.type} needs a migration section`);
      if (cmd.type === 'request_resend' && !sc.files.some((f) => f.id === cmd.file)) issue(at('commands', j, 'file'), `unknown file "${cmd.file}"`);
      if ('node' in cmd && typeof cmd.node === 'string' && !nodes.has(cmd.node)) issue(at('commands', j, 'node'), `unknown node "${cmd.node}"`);
      if (cmd.type === 'failover' && !nodes.has(cmd.to)) issue(at('commands', j, 'to'), `unknown node "${cmd.to}"`);
    });
    check(s.precondition, at('precondition'));
    check(s.verify, at('verify'));
    check(s.criteria, at('criteria'));
  });
  // A cycle in `after` would leave steps that can never start.
  const state = new Map<string, 1 | 2>();
  const visit = (id: string, i: number): boolean => {
    if (state.get(id) === 2) return false;
    if (state.get(id) === 1) return true;
    state.set(id, 1);
    const cyc = (steps.get(id)?.after ?? []).some((a) => steps.has(a) && visit(a, i));
    state.set(id, 2);
    return cyc;
  };
  rb.steps.forEach((s, i) => visit(s.id, i) && issue(['runbook', 'steps', i, 'after'], `step "${s.id}" is part of a cycle of "after"`));
}
