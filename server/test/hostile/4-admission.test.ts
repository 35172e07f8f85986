import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, decodeJwt } from 'jose';
import { startServerProcess, TEST_SECRET } from '../support/server-process.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { api, createSession } from '../support/clients.ts';

/** Finding 4: with a known key, a stranger became lead of another session with a jti of their own session. */
let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ TWINLAB_DURABILITY: 'normal' });
});
afterAll(async () => server?.dispose());

describe('admission of a token signed with a known key', () => {
  it('compares the invitation record with the claims: a jti of one session does not admit to another', async () => {
    const victim = await createSession(server.url);
    const own = await createSession(server.url);
    const jti = decodeJwt(own.leadToken).jti!;
    // A token for the victim's session, as lead, carrying the stranger's own (valid, unrevoked) jti.
    const token = await forge({ sid: victim.id, role: 'lead', name: 'Lead' }, jti);
    const r = await api<{ error: string }>(server.url, `/api/sessions/${victim.id}`, { token });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatch(/does not match the invitation/);
  });

  it('refuses to start with a placeholder secret from the examples', async () => {
    await expect(startServerProcess({ TWINLAB_SECRET: 'change-me-to-32-or-more-random-characters' })).rejects.toThrow(/TWINLAB_SECRET is a placeholder/);
  });
});

function forge(claims: { sid: string; role: string; name: string }, jti: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer('twinlab').setJti(jti).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(TEST_SECRET));
}
