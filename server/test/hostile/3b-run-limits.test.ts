import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { api, createSession } from '../support/clients.ts';
import { metric } from './sockets.ts';

/** Issue 15: a run that would exceed the limits is refused before it starts; a heavy run's worker is replaced. */
let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ TWINLAB_RUN_MAX_ORDERS: '100000', TWINLAB_RUN_TIMEOUT_SECONDS: '90', TWINLAB_DURABILITY: 'normal' });
});
afterAll(async () => server?.dispose());

const workers = () => metric(server.url, 'twinlab_run_workers_started_total');

describe('headless-run limits', () => {
  it('refuses a run over the order limit before it starts, and replaces the worker after a heavy run', async () => {
    const s = await createSession(server.url); // chain-5hop: 2,000 orders a second from 09:30
    const run = (until: string) => api<{ error?: string; stateHash?: string }>(server.url, `/api/sessions/${s.id}/run?until=${until}`, { token: s.leadToken });
    const over = await run('10:30');
    expect(over.status).toBe(422);
    expect(over.body.error).toMatch(/would simulate up to 7,200,000 orders .* over the limit of 100,000 \(TWINLAB_RUN_MAX_ORDERS\)/);
    expect(await workers()).toBe(0); // refused before any worker ran it
    expect((await run('09:30:05')).status).toBe(200);
    expect((await run('09:30:05')).status).toBe(200);
    expect(await workers()).toBe(1); // light runs share one worker
    expect((await run('09:30:15')).status).toBe(200); // 30,000 orders: over a quarter of the limit
    const light = await run('09:30:05');
    expect(light.status).toBe(200);
    expect(await workers()).toBe(2); // the heavy run's worker was replaced
  });
});
