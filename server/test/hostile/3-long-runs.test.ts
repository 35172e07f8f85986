import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { api, createSession } from '../support/clients.ts';
import { scenarioText } from '../support/fixtures.ts';

/** Finding 3 (and issue 15): a run to a year from now ran 42 s and every other run queued behind it. */
let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ TWINLAB_RUN_TIMEOUT_SECONDS: '90', TWINLAB_RUNS_PER_SESSION: '2', TWINLAB_DURABILITY: 'normal' });
});
afterAll(async () => server?.dispose());

const WINDOW_END = (9 * 3600 + 32 * 60) * 1_000_000;

describe('headless runs asked for by a hostile participant', () => {
  it('clamps until to the scenario window', async () => {
    // chain-5hop, its window cut to two minutes (09:30–09:32) so the clamped run is short.
    const yaml = scenarioText('chain-5hop').replace(/end: "10:30"/, 'end: "09:32"');
    const created = await api<{ session: { id: string }; token: string }>(server.url, '/api/sessions', { body: { scenarioYaml: yaml, leadName: 'Mallory' } });
    const r = await api<{ until: number; untilClock: string; clampedTo?: string }>(server.url, `/api/sessions/${created.body.session.id}/run?until=31536000000000`, { token: created.body.token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ until: WINDOW_END, untilClock: '09:32:00.000', clampedTo: 'the scenario window ends at 09:32:00.000' });
  });

  it('answers 429 past the runs one session may have queued, naming the limit', async () => {
    const s = await createSession(server.url);
    const all = await Promise.all(Array.from({ length: 5 }, () => api<{ error?: string }>(server.url, `/api/sessions/${s.id}/run?until=09:45`, { token: s.leadToken })));
    const refused = all.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.body.error).toMatch(/TWINLAB_RUNS_PER_SESSION/);
    expect(all.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
  });
});
