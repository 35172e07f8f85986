import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { api, createSession, join } from '../support/clients.ts';
import { waitFor } from '../support/wait.ts';

/** Finding 8: sockets outlived their token, sessions were listed to strangers, pages had no security headers. */
let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ TWINLAB_DURABILITY: 'normal' });
});
afterAll(async () => server?.dispose());

describe('exposure to strangers and expired invitations', () => {
  it('closes a socket with 4401 when its invitation expires', { timeout: 120_000 }, async () => {
    const s = await createSession(server.url);
    const r = await api<{ token: string }>(server.url, `/api/sessions/${s.id}/invitations`, { token: s.leadToken, body: { role: 'engineer', name: 'Temp', expiresInSeconds: 60 } });
    const p = join(server.wsUrl, s.id, r.body.token);
    await p.synced();
    await waitFor(() => p.closes.length > 0, 'the socket to close at expiry', 90_000);
    expect(p.closes[0]).toMatchObject({ code: 4401, reason: expect.stringMatching(/expired/) });
    p.destroy();
  });

  it('lists a session only to a holder of its token', async () => {
    const mine = await createSession(server.url);
    const theirs = await createSession(server.url);
    const anon = await api<{ sessions: { id: string }[] }>(server.url, '/api/sessions');
    expect(anon.body.sessions.map((x) => x.id)).not.toContain(theirs.id);
    expect(anon.body.sessions).toEqual([]);
    const held = await api<{ sessions: { id: string }[] }>(server.url, '/api/sessions', { token: mine.leadToken });
    expect(held.body.sessions.map((x) => x.id)).toEqual([mine.id]);
  });

  it('sends security headers with pages and API answers', async () => {
    for (const path of ['/', '/session/x', '/api/scenarios']) {
      const res = await fetch(server.url + path);
      expect(res.headers.get('content-security-policy'), path).toMatch(/default-src 'self'/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      await res.text();
    }
  });
});
