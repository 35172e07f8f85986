import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { api, createSession, join } from '../support/clients.ts';
import { openRaw } from './sockets.ts';

/** Finding 2: a stranger created sessions and held one silent socket on each until every other session got 503. */
let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ TWINLAB_MAX_SESSIONS: '3', TWINLAB_SESSIONS_PER_CLIENT: '4', TWINLAB_IDLE_SECONDS: '1', TWINLAB_DURABILITY: 'normal' });
});
afterAll(async () => server?.dispose());

describe('a stranger creating sessions and holding silent sockets on them', () => {
  it('is refused new sessions past the per-client limit, and the silent sessions make way for a live one', async () => {
    const victim = await createSession(server.url);
    const held = [];
    for (let i = 0; i < 3; i++) {
      const s = await createSession(server.url);
      held.push(await openRaw(server.wsUrl, s.id, s.leadToken));
    }
    const more = await api<{ error: string }>(server.url, '/api/sessions', { body: { scenarioId: 'chain-5hop', leadName: 'Mallory' } });
    expect(more.status).toBe(429);
    expect(more.body.error).toMatch(/TWINLAB_SESSIONS_PER_CLIENT/);
    // The victim's lead comes back: a session held only by silent sockets is unloaded for it.
    const lead = join(server.wsUrl, victim.id, victim.leadToken);
    await lead.synced();
    expect(lead.parts.scenario.length).toBeGreaterThan(0);
    lead.destroy();
    held.forEach((h) => h.ws.close());
  });
});
