import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { TokenSigner } from './tokens.ts';

const signer = new TokenSigner('unit-test-secret-0123456789abcdefghij');

describe('invitation tokens', () => {
  it('carry the session, role and name, and expire', async () => {
    const { token, invitation } = await signer.sign('s1', 'engineer', 'Wang', 3600);
    expect(await signer.verify(token)).toEqual({ ok: true, invitation });
    const old = await signer.sign('s1', 'engineer', 'Wang', 60, Date.now() - 120_000);
    expect(await signer.verify(old.token)).toEqual({ ok: false, status: 401, reason: 'the invitation has expired: ask the lead for a new one' });
  });

  it("expire by the clock that signed them, not the machine's", async () => {
    // A server with an injected clock (tests, replays) must not see its own fresh invitations as expired.
    const issuedAt = Date.UTC(2026, 0, 5, 9, 0, 0);
    const { token } = await signer.sign('s1', 'lead', 'Li', 3600, issuedAt);
    expect((await signer.verify(token, issuedAt + 3_599_000)).ok).toBe(true);
    expect(await signer.verify(token, issuedAt + 3_601_000)).toMatchObject({ ok: false, reason: 'the invitation has expired: ask the lead for a new one' });
  });

  it('refuse another secret, another algorithm and missing claims', async () => {
    const other = await new TokenSigner('another-secret-0123456789abcdefghijkl').sign('s1', 'lead', 'M', 3600);
    expect((await signer.verify(other.token)).ok).toBe(false);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sid":"s1"}').toString('base64url')}.`;
    expect((await signer.verify(none)).ok).toBe(false);
    const noRole = await new SignJWT({ sid: 's1', name: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('twinlab')
      .setJti('j')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('unit-test-secret-0123456789abcdefghij'));
    expect(await signer.verify(noRole)).toEqual({ ok: false, status: 401, reason: 'the token lacks a session, role or name' });
  });

  it('need a secret long enough to matter', () => {
    expect(() => new TokenSigner('short')).toThrow('at least 32 characters');
  });
});
