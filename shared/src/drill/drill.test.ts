import { describe, expect, it } from 'vitest';
import { createSimulation } from '../engine/simulation.ts';
import { formatScenarioError, parseScenario } from '../scenario/parse.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Command, StampedCommand } from '../scenario/command.ts';
import { formatClock, parseClock } from '../scenario/units.ts';
import { listRepoDir, readRepoFile } from '../../scripts/repo-files.mjs';
import { checkPath, gradeDrill, learningPath, DrillTracker, parseSolution, solutionCommands, type DrillSolution, type PathDrill } from './index.ts';

const load = (name: string): { text: string; scenario: Scenario } => {
  const text = readRepoFile(`scenarios/drills/${name}.yaml`);
  const r = parseScenario(text, `scenarios/drills/${name}.yaml`);
  if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
  return { text, scenario: r.scenario };
};
const at = (clock: string) => parseClock(clock)!;
const cmd = (seq: number, clock: string, command: Command, actor = 'trainee'): StampedCommand => ({ seq, at: at(clock), actor, command });

/** Commands at times of day, numbered in order. */
const script = (...steps: [string, Command][]): StampedCommand[] => steps.map(([clock, command], seq) => cmd(seq, clock, command));

const drillFiles = listRepoDir('scenarios/drills').filter((f) => f.endsWith('.yaml'));
const drillIds = drillFiles.map((f) => f.replace(/\.yaml$/, ''));

/** A drill's model answer (scenarios/drills/solutions): what a trainee who knows the drill does, and when. */
function solutionOf(name: string): DrillSolution {
  const r = parseSolution(readRepoFile(`scenarios/drills/solutions/${name}.yaml`), `solutions/${name}.yaml`);
  if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
  return r.value;
}
const SOLUTIONS: Record<string, StampedCommand[]> = Object.fromEntries(drillIds.map((id) => [id, solutionCommands(solutionOf(id), 'trainee')]));

// weekend-upgrade-no-go's answer in three parts, for the wrong answers built from it.
const upgrade = solutionOf('weekend-upgrade-no-go').steps.map((st): [string, Command] => [formatClock(st.at).replace(/\.\d{3}$/, ''), st.command]);
const gate = upgrade.findIndex(([, c]) => c.type === 'gate_decision');
const UPGRADE_TO_GATE = upgrade.slice(0, gate);
const NO_GO = upgrade[gate]![1];
const ROLLBACK = upgrade.slice(gate + 1);

describe('drills in scenarios/drills', () => {
  it('has the five drills of the learning path, each loading cleanly', () => {
    expect(drillFiles).toEqual(expect.arrayContaining(['gateway-crash.yaml', 'dr-failover.yaml', 'opening-surge.yaml', 'gateway-resync.yaml', 'weekend-upgrade-no-go.yaml']));
    for (const f of drillFiles) {
      const { scenario, text } = load(f.replace(/\.yaml$/, ''));
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../scenario.schema.json');
      expect(`${scenario.id}.yaml`).toBe(f);
      expect(scenario.drill).toBeDefined();
    }
  });

  it('has a model answer for every drill, in time order, naming its drill', () => {
    for (const id of drillIds) expect(solutionOf(id).drill).toBe(id);
    const bad = parseSolution(
      'schemaVersion: 1\ndrill: gateway-crash\nsteps:\n  - { at: "10:03", command: { type: restart_node, node: gw-sse } }\n  - { at: "10:02", command: { type: restart_nod, node: gw-sse } }\n',
      'bad.yaml',
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.map((e) => [e.line, e.path])).toEqual([[5, 'steps[1].command.type']]);
      expect(bad.errors[0]!.message).toMatch(/unknown type "restart_nod": expected one of restart_node/);
    }
    const late = parseSolution(
      'schemaVersion: 1\ndrill: gateway-crash\nsteps:\n  - { at: "10:03", command: { type: restart_node, node: gw-sse } }\n  - { at: "10:02", command: { type: restart_node, node: gw-sse } }\n',
      'late.yaml',
    );
    expect(late.ok ? [] : late.errors.map((e) => [e.line, e.path, e.message])).toEqual([[5, 'steps[1].at', 'steps are in time order: this one comes before the step above it']]);
  });

  it.each(drillIds)('%s: its model answer scores full marks; doing nothing fails', (name) => {
    const { scenario } = load(name);
    const solved = gradeDrill(createSimulation, scenario, scenario.seed, SOLUTIONS[name]!);
    expect(solved.objectives.map((o) => [o.id, o.status])).toEqual(scenario.drill!.objectives.map((o) => [o.id, 'met']));
    expect(solved.penalties).toEqual([]);
    expect(solved.score).toBe(100);
    expect(solved.passed).toBe(true);

    const idle = gradeDrill(createSimulation, scenario, scenario.seed, []);
    expect(idle.passed).toBe(false);
    expect(idle.score).toBeLessThan(scenario.drill!.scoring.pass);
    expect(idle.reasons.length).toBeGreaterThan(0);
    expect(idle.objectives.some((o) => o.status === 'missed')).toBe(true);
  });

  it('holiday-calendar-switch: classifying the calendar breaks as a fee-rule break is graded against the engine\u2019s cause and costs points', () => {
    const { scenario } = load('holiday-calendar-switch');
    const answer = SOLUTIONS['holiday-calendar-switch']!;
    const wrong = answer.map((c) => (c.command.type === 'classify_break' ? { ...c, command: { ...c.command, as: 'fee_rule' as const } } : c));
    const r = gradeDrill(createSimulation, scenario, scenario.seed, wrong);
    const p = r.penalties.find((x) => x.kind === 'classification')!;
    expect(p.values['wrong']).toBeGreaterThanOrEqual(40); // every break it listed, each graded wrong
    expect(p.points).toBe(scenario.drill!.scoring.classification!.max);
    expect(r.objectives.map((o) => o.status)).toEqual(scenario.drill!.objectives.map(() => 'met')); // everything else done right
    expect(r.score).toBe(100 - p.points);
    expect(r.passed).toBe(false);
  });

  it('charges hints asked for early, not hints that appeared by themselves, and a late fix costs time', () => {
    const { scenario } = load('gateway-crash');
    const hints = [
      { hint: 1, actor: 'trainee', at: at('10:01:00') }, // 10 points: before its 2 min
      { hint: 1, actor: 'trainee', at: at('10:01:10') }, // the same hint twice costs once
      { hint: 0, actor: 'trainee', at: at('10:03:00') }, // free: shown by itself after 1 min
    ];
    const r = gradeDrill(createSimulation, scenario, scenario.seed, SOLUTIONS['gateway-crash']!, hints);
    expect(r.hintsUsed).toEqual([1]);
    expect(r.penalties).toEqual([{ kind: 'hints', points: 10, detail: '1 hint(s) asked for early', values: { n: 1 } }]);
    expect(r.score).toBe(90);

    // Restarted late, the gateway sends out almost three minutes of held orders at stale prices.
    const late = gradeDrill(createSimulation, scenario, scenario.seed, [cmd(0, '10:04:50', { type: 'restart_node', node: 'gw-sse' })]);
    expect(late.objectives.find((o) => o.id === 'gateway-back')!.status).toBe('met');
    expect(late.objectives.find((o) => o.id === 'backlog-fresh')!.failures[0]).toMatch(/^orders\.backlogSent is \d{5}, wanted < 10000$/);
    expect(late.passed).toBe(false);
    // The same late restart after cancelling the stale backlog at the counter passes, a little over par.
    const decided = gradeDrill(createSimulation, scenario, scenario.seed, [
      cmd(0, '10:04:49', { type: 'backlog', node: 'gw-sse', action: 'cancel' }),
      cmd(1, '10:04:50', { type: 'restart_node', node: 'gw-sse' }),
    ]);
    expect(decided.penalties.map((p) => p.kind)).toEqual(['time']);
    expect(decided.passed).toBe(true);
    expect(decided.score).toBeLessThan(100);
    expect(decided.timeUsed).toBeGreaterThan(4 * 60_000_000);
  });

  it('gateway-resync: holding PBU 1 by draining it works too; failing back before the resync breaks the ReportIndex; resyncing without holding leaves too much in doubt', () => {
    const { scenario } = load('gateway-resync');
    const grade = (...steps: [string, Command][]) => gradeDrill(createSimulation, scenario, scenario.seed, script(...steps));
    const status = (r: ReturnType<typeof grade>) => Object.fromEntries(r.objectives.map((o) => [o.id, o.status]));

    const drained = grade(['10:05:20', { type: 'drain_node', node: 'gw-sse-1' }], ['10:06:40', { type: 'resync_reports', node: 'gw-sse-1' }], ['10:06:41', { type: 'resume_node', node: 'gw-sse-1' }]);
    expect(drained).toMatchObject({ score: 100, passed: true });

    const early = grade(
      ['10:05:20', { type: 'failover', node: 'gw-sse-1', to: 'gw-sse-2' }],
      ['10:06:40', { type: 'failback', node: 'gw-sse-1' }],
      ['10:07:30', { type: 'resync_reports', node: 'gw-sse-1' }],
    );
    expect(status(early)).toMatchObject({ 'books-match': 'met', 'index-continuous': 'missed' });
    expect(early.objectives.find((o) => o.id === 'index-continuous')!.failures[0]).toMatch(/^reports\.gaps is [1-9]\d*, wanted == 0$/);
    expect(early.passed).toBe(false);

    const unheld = grade(['10:06:40', { type: 'resync_reports', node: 'gw-sse-1' }]);
    expect(status(unheld)).toMatchObject({ 'losses-contained': 'missed', 'books-match': 'met', 'index-continuous': 'missed' });
    expect(unheld.passed).toBe(false);

    // ExecRptSync needs a session with the exchange: asked while the line is still cut, it recovers nothing.
    const tooSoon = grade(
      ['10:05:20', { type: 'failover', node: 'gw-sse-1', to: 'gw-sse-2' }],
      ['10:05:40', { type: 'resync_reports', node: 'gw-sse-1' }],
      ['10:07:30', { type: 'failback', node: 'gw-sse-1' }],
    );
    expect(status(tooSoon)).toMatchObject({ 'books-match': 'missed' });
    expect(tooSoon.passed).toBe(false);

    const neverResynced = grade(['10:05:20', { type: 'failover', node: 'gw-sse-1', to: 'gw-sse-2' }]);
    expect(status(neverResynced)).toMatchObject({ 'losses-contained': 'met', 'books-match': 'missed', 'flow-restored': 'missed', 'no-double-posting': 'met' });
    expect(neverResynced.reasons[0]).toBe(
      "missed: 10:10 前补齐所有漏收的成交回报、核清每笔正报委托，柜台的账与交易所一致 (By 10:10 every missed report is recovered and every in-doubt order settled; the counter's books equal the exchange's)",
    );

    // Marking the in-doubt orders 废单 instead of resyncing settles them by guess and leaves the missed reports missing.
    const guessed = grade(
      ['10:05:20', { type: 'failover', node: 'gw-sse-1', to: 'gw-sse-2' }],
      ['10:06:40', { type: 'mark_invalid', node: 'gw-sse-1' }],
      ['10:07:30', { type: 'failback', node: 'gw-sse-1' }],
    );
    expect(status(guessed)).toMatchObject({ 'books-match': 'missed' });
    expect(guessed.passed).toBe(false);
  });

  it('weekend-upgrade-no-go: a GO is the wrong decision and fails, after the totals check or the full one; so do a no-go without the full check and a rollback past the deadline', () => {
    const { scenario } = load('weekend-upgrade-no-go');
    const grade = (steps: [string, Command][]) => gradeDrill(createSimulation, scenario, scenario.seed, script(...steps));
    const status = (r: ReturnType<typeof grade>) => Object.fromEntries(r.objectives.map((o) => [o.id, o.status]));
    const withoutFullCheck = UPGRADE_TO_GATE.filter(([, c]) => !('step' in c && c.step === 'full-check'));
    const GO: [string, Command][] = [
      ['D+2 09:00:00', { type: 'gate_decision', gate: 'go-no-go', decision: 'go', reason: 'totals match; joint tests passed' }],
      ['D+2 09:05:00', { type: 'step_start', step: 'switch' }],
      ['D+2 09:10:00', { type: 'step_done', step: 'switch' }],
    ];

    // The trap: the totals check passed after the margin rule was fixed, and the gate does not wait for the full check.
    const go = grade([...withoutFullCheck, ...GO]);
    expect(status(go)).toEqual({ 'class-fixed': 'met', 'no-go': 'missed', 'no-wrong-call': 'missed', 'rollback-in-window': 'missed', 'open-on-legacy': 'missed' });
    expect(go.objectives.find((o) => o.id === 'no-wrong-call')!.failures).toEqual(['runbook.wrongDecisions is 1, wanted == 0', 'cutover.switchedDirty is 1, wanted == 0']);
    expect(go).toMatchObject({ score: 10, passed: false });
    const goAnyway = grade([...UPGRADE_TO_GATE, ...GO]);
    expect(status(goAnyway)).toMatchObject({ 'no-go': 'missed', 'no-wrong-call': 'missed' });
    expect(goAnyway.passed).toBe(false);

    // A no-go that never read the full check is a guess.
    const guess = grade([...withoutFullCheck, ['D+2 09:00:00', NO_GO], ...ROLLBACK]);
    expect(status(guess)).toEqual({ 'class-fixed': 'met', 'no-go': 'missed', 'no-wrong-call': 'met', 'rollback-in-window': 'met', 'open-on-legacy': 'met' });
    expect(guess.passed).toBe(false);

    // Deciding on Monday morning leaves no time for the 4 h restore.
    const late = grade([
      ...UPGRADE_TO_GATE,
      ['D+3 04:55:00', NO_GO],
      ['D+3 05:00:00', { type: 'step_start', step: 'restart-legacy' }],
      ['D+3 09:00:00', { type: 'step_done', step: 'restart-legacy' }],
      ['D+3 09:00:00', { type: 'step_start', step: 'legacy-open-check' }],
      ['D+3 09:15:00', { type: 'step_done', step: 'legacy-open-check' }],
    ]);
    expect(status(late)).toMatchObject({ 'no-go': 'missed', 'rollback-in-window': 'missed' });
    expect(late.passed).toBe(false);
  });

  it('grades the same inputs to the same result, state hash included', () => {
    const { scenario } = load('gateway-crash');
    const a = gradeDrill(createSimulation, scenario, 9, SOLUTIONS['gateway-crash']!);
    const b = gradeDrill(createSimulation, scenario, 9, SOLUTIONS['gateway-crash']!);
    expect(b).toEqual(a);
  });
});

describe('the learning path', () => {
  const drills: PathDrill[] = drillFiles.map((f) => {
    const { scenario } = load(f.replace(/\.yaml$/, ''));
    return { id: scenario.id, title: scenario.title, level: scenario.drill!.level, prerequisites: scenario.drill!.prerequisites };
  });

  it('the drill files form a path without unknown prerequisites or cycles, beginners first', () => {
    expect(checkPath(drills)).toEqual([]);
    const path = learningPath(drills, new Map());
    expect(path[0]!.id).toBe('gateway-crash');
    expect(path.find((s) => s.id === 'dr-failover')).toMatchObject({ status: 'locked', missing: ['gateway-crash'] });
    const ids = path.map((s) => s.id);
    expect(ids.indexOf('gateway-resync')).toBeLessThan(ids.indexOf('weekend-upgrade-no-go'));
    expect(path.find((s) => s.id === 'weekend-upgrade-no-go')).toMatchObject({ level: 'advanced', status: 'locked', missing: ['gateway-resync'] });
  });

  it('opens a drill once its prerequisites are passed', () => {
    const path = learningPath(drills, new Map([['gateway-crash', { passed: true, bestScore: 95 }]]));
    expect(path.find((s) => s.id === 'gateway-crash')).toMatchObject({ status: 'passed', bestScore: 95 });
    expect(path.find((s) => s.id === 'dr-failover')).toMatchObject({ status: 'open', missing: [] });
  });

  it('names a cycle and an unknown prerequisite', () => {
    const bad: PathDrill[] = [
      { id: 'a', title: 'A', level: 'beginner', prerequisites: ['b'] },
      { id: 'b', title: 'B', level: 'beginner', prerequisites: ['a', 'zz'] },
    ];
    expect(checkPath(bad)).toEqual(['drill b needs "zz", which is not a drill', 'the prerequisites go round in a circle: a → b → a']);
  });
});

describe('drill errors in a scenario file', () => {
  const { text } = load('gateway-crash');
  const errorsOf = (src: string) => {
    const r = parseScenario(src, 'd.yaml');
    return r.ok ? [] : r.errors;
  };
  const lineOf = (src: string, needle: string) => src.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('points at an unknown metric in a check, with a suggestion', () => {
    const src = text.replace('check: node.gw-sse.state == "up"\n', 'check: node.gw-ssse.state == "up"\n');
    const errors = errorsOf(src);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: lineOf(src, 'node.gw-ssse.state'), path: 'drill.objectives[0].check', message: 'unknown metric "node.gw-ssse.state" (did you mean "node.gw-sse.state"?)' });
  });

  it('knows the runbook, gate, cutover and audit paths of the scenario, and suggests the one meant', () => {
    const upgrade = load('weekend-upgrade-no-go').text;
    expect(errorsOf(upgrade)).toEqual([]);
    const src = upgrade.replace('check: gate.go-no-go.decision == "no_go"', 'check: gate.go-nogo.decision == "no_go"');
    expect(errorsOf(src).map((e) => [e.line, e.path, e.message])).toEqual([
      [lineOf(src, 'gate.go-nogo.decision'), 'drill.objectives[1].check', 'unknown metric "gate.go-nogo.decision" (did you mean "gate.go-no-go.decision"?)'],
    ]);
    const audit = load('gateway-resync').text.replace('check: audit.cashBreaks == 0', 'check: audit.cashbreaks == 0');
    expect(errorsOf(audit).map((e) => e.message)).toEqual(['unknown metric "audit.cashbreaks" (did you mean "audit.cashBreaks"?)']);
  });

  it('points at a fault the objective waits for that does not exist', () => {
    const src = text.replace('after: { fault: gw-sse-crash }', 'after: { fault: gw-crash }');
    const errors = errorsOf(src);
    expect(errors.map((e) => [e.line, e.path, e.message])).toEqual([[lineOf(src, 'fault: gw-crash'), 'drill.objectives[0].after.fault', 'no fault with id "gw-crash" in faults: (ids: gw-sse-crash)']]);
  });

  it('asks for exactly one of always, by or within', () => {
    const src = text.replace('      always: true\n', '');
    const errors = errorsOf(src);
    expect(errors.map((e) => e.path)).toEqual(['drill.objectives[3]']);
    expect(errors[0]!.message).toMatch(/exactly one of always: true, by: "HH:MM", within/);
  });

  it('refuses a time limit past the window', () => {
    const errors = errorsOf(text.replace('timeLimit: 15m', 'timeLimit: 30m'));
    expect(errors.map((e) => [e.path, e.message])).toEqual([['drill.timeLimit', 'the drill would end at 10:30:00.000, after the window ends (10:20:00.000)']]);
  });
});

describe('objective timing rules', () => {
  const sc = load('gateway-crash').scenario;
  const drill = {
    ...sc.drill!,
    objectives: [
      { id: 'by', title: 'by', check: 'x == 1', by: at('10:05'), weight: 1, required: true },
      { id: 'within', title: 'within', check: 'x == 1', within: 60_000_000, after: { fault: 'gw-sse-crash' }, weight: 1, required: true },
      { id: 'always', title: 'always', check: 'y == 0', always: true as const, weight: 1, required: true },
      { id: 'cmd', title: 'cmd', check: 'x == 1', within: 60_000_000, after: { command: 'failover' as const }, weight: 1, required: true },
    ],
  };
  const run = (xAt: (t: number) => number, yAt: (t: number) => number) => {
    const tr = new DrillTracker(sc, drill);
    for (let t = tr.start; t <= tr.end; t += 1_000_000) tr.observe(t, (p) => (p === 'x' ? xAt(t) : p === 'y' ? yAt(t) : undefined), []);
    return Object.fromEntries(tr.finish().map((o) => [o.id, [o.status, o.metAt ?? o.missedAt]]));
  };

  it('by: holds at the deadline, met since the run that reached it began; within: from the fault; untriggered: not counted', () => {
    const r = run(
      (t) => (t >= at('10:02:30') && t < at('10:04') ? 1 : t >= at('10:04:10') ? 1 : 0),
      () => 0,
    );
    expect(r).toEqual({ by: ['met', at('10:04:10')], within: ['met', at('10:02:30')], always: ['met', at('10:15')], cmd: ['not_triggered', undefined] });
  });

  it('misses a within after its deadline and an always at its first failure', () => {
    const r = run(
      (t) => (t >= at('10:03:30') ? 1 : 0),
      (t) => (t === at('10:07') ? 1 : 0),
    );
    expect(r.within).toEqual(['missed', at('10:03')]);
    expect(r.always).toEqual(['missed', at('10:07')]);
    expect(r.by).toEqual(['met', at('10:03:30')]);
  });
});
