import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatClock, parseClock } from '@twinlab/shared/scenario/units';
import { formatScenarioError, parseScenario } from '@twinlab/shared/scenario/parse';
import { parseSolution, type SolutionStep } from '@twinlab/shared/drill/solution';
import { createSimulation, restoreSimulation } from '@twinlab/shared/engine/index';
import { ReplayIndex, type SessionExport } from '@twinlab/shared/replay/index';
import type { DrillResult } from '@twinlab/shared/drill/grade';
import type { PathStep } from '@twinlab/shared/drill/path';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { api, join } from './support/clients.ts';
import { waitFor } from './support/wait.ts';
import type { AfterActionReport } from '../src/reports/build.ts';

const run = promisify(execFile);
const root = joinPath(import.meta.dirname, '../..');
/** The drill library is the directory of drill files, each named by its id. */
const libraryIds = () =>
  readdirSync(joinPath(root, 'scenarios/drills'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
const at = (c: string) => parseClock(c)!;

/** A drill's model answer (scenarios/drills/solutions) as steps a trainee takes in the lab: [time, command]. */
function answerOf(drill: string): [string, Record<string, unknown>][] {
  const r = parseSolution(readFileSync(joinPath(root, 'scenarios/drills/solutions', `${drill}.yaml`), 'utf8'), `${drill}.yaml`);
  if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
  return r.value.steps.map((st) => [formatClock(st.at).replace(/\.\d{3}$/, ''), st.command]);
}

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess();
}, 60_000);
afterAll(async () => server?.dispose());

interface Started {
  id: string;
  token: string;
}
async function startDrill(drill: string, trainee: string): Promise<Started> {
  const r = await api<{ session: { id: string }; token: string }>(server.url, `/api/drills/${drill}/sessions`, { body: { trainee } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.session.id, token: r.body.token };
}
const call = <T = Record<string, unknown>>(s: Started, path: string, body?: unknown, token = s.token) =>
  api<T>(server.url, `/api/sessions/${s.id}/${path}`, { token, ...(body === undefined ? {} : { body }) });
const seek = async (s: Started, clock: string) => expect((await call(s, 'clock', { action: 'seek', to: at(clock) })).status).toBe(200);

describe('drills on the server', () => {
  it('lists the drills as a learning path', async () => {
    const r = await api<{ drills: { id: string; prerequisites: string[]; objectives: { when: string }[] }[]; problems: string[] }>(server.url, '/api/drills');
    expect(r.body.problems).toEqual([]);
    // The library is the directory: every drill file is listed, none is left out by a parse problem.
    expect(r.body.drills.map((d) => d.id).sort()).toEqual(libraryIds());
    expect(r.body.drills.find((d) => d.id === 'dr-failover')!.prerequisites).toEqual(['gateway-crash']);
    expect(r.body.drills.find((d) => d.id === 'weekend-upgrade-no-go')!.prerequisites).toEqual(['gateway-resync']);
    expect(r.body.drills.find((d) => d.id === 'gateway-crash')!.objectives.map((o) => o.when)).toEqual(['within 3m of fault gw-sse-crash', 'by 10:10', 'by 10:10', 'always']);
  });

  it('grades from the recorded inputs: a trainee who restarts the gateway scores full marks, one who does nothing fails; progress follows the person', async () => {
    const good = await startDrill('gateway-crash', '小李');
    await seek(good, '10:02:30');
    const cmd = await call<{ command: { at: number; actor: string } }>(good, 'commands', { type: 'restart_node', node: 'gw-sse' });
    expect(cmd.status).toBe(201);
    expect(cmd.body.command).toMatchObject({ at: at('10:02:30'), actor: '小李' });
    const graded = await call<{ result: DrillResult; person: string; solution: SolutionStep[] | null }>(good, 'drill/grade', {});
    expect(graded.status, JSON.stringify(graded.body)).toBe(200);
    expect(graded.body.result).toMatchObject({ drillId: 'gateway-crash', score: 100, passed: true, penalties: [] });
    // Once graded, the trainee sees the model answer; before, it is nowhere in what the server sends.
    expect(graded.body.solution!.map((st) => [formatClock(st.at).replace(/\.\d{3}$/, ''), st.command])).toEqual(answerOf('gateway-crash'));
    expect(graded.body.solution![0]!.why).toMatch(/重启/);
    expect(JSON.stringify((await api(server.url, '/api/drills')).body)).not.toContain('"solution"');

    const idle = await startDrill('gateway-crash', '小王');
    const failed = await call<{ result: DrillResult }>(idle, 'drill/grade', {});
    expect(failed.body.result.passed).toBe(false);
    expect(failed.body.result.score).toBeLessThan(70);

    const path = async (s: Started) => (await call<{ path: PathStep[] }>(s, 'drill/path')).body.path;
    const steps = new Map((await path(good)).map((p) => [p.id, p.status]));
    expect([...steps.keys()].sort()).toEqual(libraryIds());
    expect(Object.fromEntries(['gateway-crash', 'dr-failover', 'opening-surge', 'db-failover-lag', 'weekend-upgrade-no-go', 'stale-market-data'].map((id) => [id, steps.get(id)]))).toEqual({
      'gateway-crash': 'passed',
      'dr-failover': 'open', // its prerequisite, gateway-crash, is passed
      'opening-surge': 'open',
      'db-failover-lag': 'locked', // needs dr-failover
      'weekend-upgrade-no-go': 'locked',
      'stale-market-data': 'locked', // needs sod-file-missing
    });
    expect((await path(idle)).find((p) => p.id === 'dr-failover')).toMatchObject({ status: 'locked', missing: ['gateway-crash'] });
    expect((await call<{ result: DrillResult }>(good, 'drill/result')).body.result.score).toBe(100);
  });

  it('grades the two later drills of the path: a resync after a line cut, and a weekend upgrade where the right call is no-go', async () => {
    /** Seek to each time and submit the command there, as a trainee in the lab would. */
    const perform = async (s: Started, steps: [string, Record<string, unknown>][]) => {
      for (const [clock, command] of steps) {
        await seek(s, clock);
        const r = await call(s, 'commands', command);
        expect(r.status, `${clock} ${JSON.stringify(command)}: ${JSON.stringify(r.body)}`).toBe(201);
      }
    };
    const grade = async (s: Started) => (await call<{ result: DrillResult }>(s, 'drill/grade', {})).body.result;

    const resync = await startDrill('gateway-resync', '小陈');
    await perform(resync, answerOf('gateway-resync'));
    expect(await grade(resync)).toMatchObject({ drillId: 'gateway-resync', score: 100, passed: true, penalties: [] });

    const upgrade = answerOf('weekend-upgrade-no-go');
    const toTheGate = upgrade.slice(
      0,
      upgrade.findIndex(([, c]) => c['type'] === 'gate_decision'),
    );
    const noGo = await startDrill('weekend-upgrade-no-go', '小周');
    await perform(noGo, upgrade);
    const passed = await grade(noGo);
    expect(passed).toMatchObject({ drillId: 'weekend-upgrade-no-go', score: 100, passed: true, penalties: [] });
    expect(passed.objectives.map((o) => [o.id, o.status])).toEqual([
      ['class-fixed', 'met'],
      ['no-go', 'met'],
      ['no-wrong-call', 'met'],
      ['rollback-in-window', 'met'],
      ['open-on-legacy', 'met'],
    ]);

    const go = await startDrill('weekend-upgrade-no-go', '小吴');
    await perform(go, [
      ...toTheGate,
      ['D+2 09:00:00', { type: 'gate_decision', gate: 'go-no-go', decision: 'go', reason: 'totals match; joint tests passed' }],
      ['D+2 09:05:00', { type: 'step_start', step: 'switch' }],
    ]);
    const failed = await grade(go);
    expect(failed.passed).toBe(false);
    expect(failed.reasons).toContain('missed: 标准不满足时不放行，不带着脏数据切换 (No GO against failing criteria, no switch onto dirty data)');
  });

  it('stamps a hint with the simulated time it was asked for and charges it in the grade', async () => {
    const s = await startDrill('gateway-crash', '小张');
    await seek(s, '10:00:50'); // hint 0 shows by itself at 10:01, hint 1 at 10:02, hint 2 at 10:03
    const before = await call<{ hints: { revealed: boolean; text?: string }[] }>(s, 'drill');
    expect(before.body.hints.map((h) => h.revealed)).toEqual([false, false, false]);
    expect(before.body.hints[1]!.text).toBeUndefined();
    const hint = await call<{ at: number; text: string; actor: string }>(s, 'drill/hints', { hint: 1 });
    expect(hint.status).toBe(201);
    expect(hint.body).toMatchObject({ at: at('10:00:50'), actor: '小张', text: expect.stringContaining('restart_node gw-sse') });
    // The session's own text (which every participant can read) never held the hint: the server keeps it.
    expect((await call<SessionExport>(s, 'export')).body.scenarioText).not.toContain(hint.body.text.slice(0, 24));
    expect((await call(s, 'drill/hints', { hint: 7 })).status).toBe(400);
    await seek(s, '10:02:30');
    await call(s, 'commands', { type: 'restart_node', node: 'gw-sse' });
    const graded = await call<{ result: DrillResult; counted: boolean }>(s, 'drill/grade', {});
    expect(graded.body.result).toMatchObject({ score: 90, passed: true, hintsUsed: [1] });
    expect(graded.body.counted).toBe(true); // a sealed drill is the drill as published
  });
});

describe('a recorded session: export, CLI grade, replay and after-action report', () => {
  let s: Started;
  let engineer: string;
  let exp: SessionExport;

  beforeAll(async () => {
    s = await startDrill('gateway-crash', '王工');
    const inv = await call<{ token: string }>(s, 'invitations', { role: 'engineer', name: '李工' });
    engineer = inv.body.token;
    await seek(s, '10:01:00');
    expect((await call(s, 'commands', { type: 'inject_fault', fault: { id: 'slow-szse', kind: 'slow', target: 'szse', factor: 3 } })).status).toBe(201);
    await seek(s, '10:02:20');
    expect((await call(s, 'commands', { type: 'restart_node', node: 'gw-sse' }, engineer)).status).toBe(201);
    expect((await call(s, 'commands', { type: 'throttle', node: 'counter', ordersPerSecond: 2000 }, engineer)).status).toBe(201);
    await seek(s, '10:04:00');
    expect((await call(s, 'commands', { type: 'clear_fault', faultId: 'slow-szse' })).status).toBe(201);
    await seek(s, '10:06:00');
    const r = await call<SessionExport>(s, 'export');
    expect(r.status).toBe(200);
    exp = r.body;
  }, 60_000);

  it('exports every input: the scenario text, seed, clock and the stamped commands with their actors', () => {
    expect(exp.format).toBe('twinlab-session/1');
    expect(exp.commands.map((c) => [c.actor, c.command.type])).toEqual([
      ['王工', 'inject_fault'],
      ['李工', 'restart_node'],
      ['李工', 'throttle'],
      ['王工', 'clear_fault'],
    ]);
    expect(exp.scenarioText).toContain('id: gateway-crash');
  });

  it('grades the export from the CLI the same as the server does, exit 0 when passed', async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), 'twinlab-grade-'));
    const file = joinPath(dir, 'session.json');
    writeFileSync(file, JSON.stringify(exp));
    const server = await call<{ result: DrillResult }>(s, 'drill/grade', {});
    const cli = await run(process.execPath, ['--import', 'tsx', 'server/src/cli/sim.ts', 'grade', file, '--json'], { cwd: root });
    const result = JSON.parse(cli.stdout) as DrillResult;
    expect(result.score).toBe(server.body.result.score);
    expect(result.endHash).toBe(server.body.result.endHash);
    const text = await run(process.execPath, ['--import', 'tsx', 'server/src/cli/sim.ts', 'grade', file], { cwd: root });
    expect(text.stdout).toMatch(new RegExp(`score ${result.score}/100  PASSED`));
    // A broken export is refused with the field at fault and exit 1.
    writeFileSync(file, JSON.stringify({ ...exp, seed: 'x' }));
    const bad = await run(process.execPath, ['--import', 'tsx', 'server/src/cli/sim.ts', 'grade', file], { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('seed') });
  });

  it("replays the export to the server's headless state at every recorded command", async () => {
    const parsed = parseScenario(exp.scenarioText);
    if (!parsed.ok) throw new Error('the exported scenario does not load');
    const index = ReplayIndex.build(createSimulation, restoreSimulation, parsed.scenario, exp.seed, exp.commands, at('10:06'), { eventsPerSnapshot: 50_000 });
    for (let i = 0; i < exp.commands.length; i++) {
      const c = exp.commands[i]!;
      if (exp.commands[i + 1]?.at === c.at) continue; // the server's run at a time applies every command stamped then
      const headless = await call<{ stateHash: string }>(s, `run?until=${c.at}`);
      expect(headless.status, JSON.stringify(headless.body)).toBe(200);
      expect(index.afterCommand(i).stateHash(), `after seq ${c.seq}`).toBe(headless.body.stateHash);
    }
  });

  it('reports every command with its actor, the faults with metrics around them, and the score; as JSON and HTML', async () => {
    const r = await call<AfterActionReport>(s, 'aar');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const report = r.body;
    expect(report.commands.map((c) => [c.seq, c.actor, c.label])).toEqual([
      [0, '王工', 'inject_fault slow szse factor=3 id=slow-szse'],
      [1, '李工', 'restart_node node=gw-sse'],
      [2, '李工', 'throttle node=counter ordersPerSecond=2000'],
      [3, '王工', 'clear_fault faultId=slow-szse'],
    ]);
    expect(report.participants).toEqual([
      { actor: '王工', commands: 2 },
      { actor: '李工', commands: 2 },
    ]);
    const crash = report.timeline.find((e) => e.label === 'gw-sse-crash: crash gw-sse')!;
    expect(crash).toMatchObject({ kind: 'fault', actor: 'scenario', atClock: '10:02:00.000' });
    expect(crash.after!.e2eP99).toBeGreaterThan(10 * crash.before!.e2eP99); // the orders it held reached SSE seconds late
    expect(report.drill).toMatchObject({ drillId: 'gateway-crash', passed: true });
    expect(report.until).toBe(at('10:06'));

    const html = await fetch(`${server.url}/api/sessions/${s.id}/aar.html?download`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(html.headers.get('content-disposition')).toContain('.html');
    const page = await html.text();
    for (const c of report.commands) expect(page).toContain(`<td>${c.actor}</td><td><code>${c.label}</code></td>`);
    expect(page).toContain('The SSE gateway is up again within 3 minutes of the crash');
  });
});

describe('a trainee who edits their own drill', () => {
  it('is graded against the edit, but the attempt does not count on the learning path and gets no model answer', async () => {
    // The trainee leads their drill session, so they may edit its text: here every check becomes trivially true.
    const s = await startDrill('gateway-crash', '小赵');
    const p = join(server.wsUrl, s.id, s.token);
    try {
      await p.synced();
      const text = p.parts.scenario.toString();
      p.doc.transact(() => {
        p.parts.scenario.delete(0, text.length);
        p.parts.scenario.insert(0, text.replace(/check: .*/g, 'check: time > 0'));
      });
      await waitFor(async () => (await call<SessionExport>(s, 'export')).body.scenarioText.includes('check: time > 0'), 'the server to hold the edit');
    } finally {
      p.destroy();
    }
    const graded = await call<{ result: DrillResult; counted: boolean; uncounted: string; solution: unknown }>(s, 'drill/grade', {});
    expect(graded.body.result.passed).toBe(true); // against the edited objectives
    expect(graded.body).toMatchObject({ counted: false, uncounted: 'edited' });
    expect(graded.body.solution).toBeNull();
    const path = (await call<{ path: PathStep[] }>(s, 'drill/path')).body.path;
    expect(path.find((d) => d.id === 'gateway-crash')).toMatchObject({ status: 'open' });
    expect(path.find((d) => d.id === 'dr-failover')).toMatchObject({ status: 'locked' });
  });
});

describe('a trainee who changes the exercise itself', () => {
  it('lowering the load at the open passes the surge drill, but as practice: the attempt does not count', async () => {
    const s = await startDrill('opening-surge', '小钱');
    await seek(s, '09:29:30');
    expect((await call(s, 'commands', { type: 'set_load', multiplier: 0.1 })).status).toBe(201);
    await seek(s, '09:45:00');
    const graded = await call<{ result: DrillResult; counted: boolean; uncounted: string }>(s, 'drill/grade', {});
    expect(graded.body.result.passed).toBe(true); // a tenth of the flow never overruns the counter
    expect(graded.body).toMatchObject({ counted: false, uncounted: 'controls' });
    const path = (await call<{ path: PathStep[] }>(s, 'drill/path')).body.path;
    expect(path.find((d) => d.id === 'opening-surge')!.status).not.toBe('passed');
  });
});

describe('a drill file changed on disk while a session of it runs', () => {
  it('keeps the session on the drill it started from: its hints are served and the attempt counts', async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), 'twinlab-drills-'));
    cpSync(joinPath(root, 'scenarios'), dir, { recursive: true });
    const other = await startServerProcess({ SCENARIOS_DIR: dir });
    try {
      const r = await api<{ session: { id: string }; token: string }>(other.url, '/api/drills/gateway-crash/sessions', { body: { trainee: '小孙' } });
      expect(r.status).toBe(201);
      const act = <T = Record<string, unknown>>(path: string, body?: unknown) =>
        api<T>(other.url, `/api/sessions/${r.body.session.id}/${path}`, { token: r.body.token, ...(body === undefined ? {} : { body }) });
      // An author rewrites a hint and an objective on disk (a deployment, say) while the trainee plays.
      const file = joinPath(dir, 'drills/gateway-crash.yaml');
      const hintText = '工程师可以重启宕机的节点（restart_node gw-sse）。 (An engineer can restart a node that crashed (restart_node gw-sse).)';
      const before = readFileSync(file, 'utf8');
      expect(before).toContain(hintText);
      writeFileSync(file, before.replace(hintText, '改过的提示 (a new hint)').replace('check: node.gw-sse.state == "up"\n', 'check: node.gw-sse.state == "up" and throughput > 0\n'));
      expect((await act('clock', { action: 'seek', to: at('10:00:50') })).status).toBe(200);
      const hint = await act<{ text: string }>('drill/hints', { hint: 1 });
      expect(hint.body.text).toBe(hintText); // the hint of the drill as the session started it
      expect((await act('clock', { action: 'seek', to: at('10:02:30') })).status).toBe(200);
      expect((await act('commands', { type: 'restart_node', node: 'gw-sse' })).status).toBe(201);
      const graded = await act<{ result: DrillResult; counted: boolean }>('drill/grade', {});
      expect(graded.body).toMatchObject({ counted: true, result: { passed: true } });
    } finally {
      await other.dispose();
    }
  });
});

describe('authoring a drill together', () => {
  it("shows one author's edit in the other's document and saves it as a new version", async () => {
    const s = await startDrill('opening-surge', 'Lead A');
    const other = await call<{ token: string }>(s, 'invitations', { role: 'lead', name: 'Lead B' });
    const a = join(server.wsUrl, s.id, s.token);
    const b = join(server.wsUrl, s.id, other.body.token);
    try {
      await Promise.all([a.synced(), b.synced()]);
      const text = a.parts.scenario.toString();
      const from = text.indexOf('timeLimit: 15m');
      a.doc.transact(() => {
        a.parts.scenario.delete(from, 'timeLimit: 15m'.length);
        a.parts.scenario.insert(from, 'timeLimit: 12m');
      });
      await waitFor(() => b.parts.scenario.toString().includes('timeLimit: 12m'), "B to see A's edit");
      expect(b.parts.scenario.toString()).toBe(a.parts.scenario.toString());
      const saved = await call<{ version: { scenarioId: string; version: number; author: string } }>(s, 'scenario/versions', {}, other.body.token);
      expect(saved.status).toBe(201);
      expect(saved.body.version).toMatchObject({ scenarioId: 'opening-surge', version: 1, author: 'Lead B' });
      const again = await call<{ version: { version: number } }>(s, 'scenario/versions', {});
      expect(again.body.version.version).toBe(2);
      const drill = await call<{ timeLimit: number }>(s, 'drill');
      expect(drill.body.timeLimit).toBe(12 * 60_000_000); // the session now runs the edited drill
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});
