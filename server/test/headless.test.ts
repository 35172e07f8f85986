import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { createSimulation } from '@twinlab/shared/engine/index';
import { readCommands, readMeta, readScenarioText } from '@twinlab/shared/session/layout';
import { replaySession } from '@twinlab/shared/session/replay';
import { parseClock } from '@twinlab/shared/scenario/units';
import { startServerProcess } from './support/server-process.ts';
import type { ServerProcess } from './support/server-process.ts';
import { api, createSession, invite, join } from './support/clients.ts';
import { waitFor } from './support/wait.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess();
});
afterAll(async () => server?.dispose());

describe('headless runs', () => {
  it("reach the same state hash as a participant's engine over the document it received", async () => {
    const s = await createSession(server.url, 'chain-5hop', { seed: 99 });
    const post = (path: string, body: unknown) => api(server.url, `/api/sessions/${s.id}/${path}`, { token: s.leadToken, body });
    // Commands at three different simulated times: the lead moves the clock forward between them.
    expect((await post('commands', { type: 'throttle', node: 'counter', ordersPerSecond: 500 })).status).toBe(201);
    expect((await post('clock', { action: 'seek', to: parseClock('09:30:02')! })).status).toBe(200);
    expect((await post('commands', { type: 'inject_fault', fault: { kind: 'slow', target: 'risk', factor: 3, id: 'slow-risk' } })).status).toBe(201);
    expect((await post('clock', { action: 'seek', to: parseClock('09:30:04')! })).status).toBe(200);
    expect((await post('commands', { type: 'clear_fault', faultId: 'slow-risk' })).status).toBe(201);

    const p = join(server.wsUrl, s.id, await invite(server.url, s, 'observer', 'Zhao'));
    await p.synced();
    await waitFor(() => p.parts.commands.length === 3, 'the three commands');
    const until = parseClock('09:30:06')!;
    const run = await api<{ stateHash: string; until: number; commandsApplied: number; metrics: { now: number } }>(server.url, `/api/sessions/${s.id}/run?until=09:30:06`, { token: s.leadToken });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ until, commandsApplied: 3, metrics: { now: until } });

    const parsed = parseScenario(readScenarioText(p.doc));
    if (!parsed.ok) throw new Error('the received scenario does not load');
    const sim = replaySession(createSimulation, parsed.scenario, readMeta(p.doc)!.seed, readCommands(p.doc).commands, until);
    expect(sim.stateHash()).toBe(run.body.stateHash);

    // And the hash depends on the inputs: without the commands it differs.
    const bare = replaySession(createSimulation, parsed.scenario, 99, [], until);
    expect(bare.stateHash()).not.toBe(run.body.stateHash);
    p.destroy();
  });

  it('refuses an until that is not a time, and reports what was applied', async () => {
    const s = await createSession(server.url);
    const bad = await api(server.url, `/api/sessions/${s.id}/run?until=half-past-nine`, { token: s.leadToken });
    expect(bad).toEqual({ status: 400, body: { error: 'until="half-past-nine" is neither HH:MM:SS nor microseconds since midnight', code: 'bad_request' } });
    await api(server.url, `/api/sessions/${s.id}/commands`, { token: s.leadToken, body: { type: 'restart_node', node: 'counter' } });
    const report = await api<{ commands: { atClock: string; applied: boolean }[]; participants: unknown[] }>(server.url, `/api/sessions/${s.id}/report?until=09:30:01`, { token: s.leadToken });
    expect(report.status).toBe(200);
    expect(report.body.commands).toMatchObject([{ atClock: '09:30:00.000', applied: true }]);
    expect(report.body.participants).toEqual([{ actor: 'Lead', commands: 1 }]);
  });
});
