import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { api, createSession, invite, join } from '../support/clients.ts';
import { waitFor } from '../support/wait.ts';
import { captureDenied } from './sockets.ts';

/** Finding 7: an engineer wrote a lead-only gate "done (GO approved)" and unknown steps straight into the runbook. */
let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ TWINLAB_DURABILITY: 'normal' });
});
afterAll(async () => server?.dispose());

describe('direct runbook entries', () => {
  it('are checked against the scenario steps and the transitions commands own', async () => {
    const s = await createSession(server.url, 'weekend-counter-upgrade');
    const eng = join(server.wsUrl, s.id, await invite(server.url, s, 'engineer', 'Dan'));
    const denied = captureDenied(eng);
    await eng.synced();
    eng.parts.runbook.set('go-no-go', { status: 'done', by: 'Dan', note: 'GO approved' });
    await waitFor(() => denied.length >= 1, 'the gate entry to be refused');
    expect(denied[0]).toMatch(/runbook.go-no-go: go-no-go is a gate: the lead decides it with a gate_decision command/);
    eng.destroy();

    const eng2 = join(server.wsUrl, s.id, await invite(server.url, s, 'engineer', 'Dan'));
    const denied2 = captureDenied(eng2);
    await eng2.synced();
    eng2.parts.runbook.set('no-such-step', { status: 'done', by: 'Dan' });
    await waitFor(() => denied2.length >= 1, 'the unknown step to be refused');
    expect(denied2[0]).toMatch(/runbook.no-such-step: no step "no-such-step" in the runbook/);
    eng2.destroy();

    const eng3 = join(server.wsUrl, s.id, await invite(server.url, s, 'engineer', 'Dan'));
    const denied3 = captureDenied(eng3);
    await eng3.synced();
    eng3.parts.runbook.set('backup', { status: 'done', by: 'Dan' });
    await waitFor(() => denied3.length >= 1, 'a step done without its commands to be refused');
    expect(denied3[0]).toMatch(/runbook.backup: the log has backup pending, not done/);
    eng3.destroy();

    const report = await api<{ runbook: Record<string, unknown> }>(server.url, `/api/sessions/${s.id}/report?until=15:00`, { token: s.leadToken });
    expect(report.body.runbook).toEqual({});
  });
});
