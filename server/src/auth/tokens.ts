import { SignJWT, jwtVerify, errors } from 'jose';
import { randomUUID } from 'node:crypto';
import { Role } from '@twinlab/shared/session/roles';

/**
 * Invitations are HS256 JWTs: the session, the role and the participant's name, signed with the
 * server's secret, with an expiry and an id (jti) the lead can revoke. The token goes in invitation
 * links, so whoever holds the link joins as that person in that role until it expires or is revoked.
 */
export interface Invitation {
  sessionId: string;
  role: Role;
  name: string;
  jti: string;
  expiresAt: number; // ms since the Unix epoch
}

export type TokenCheck = { ok: true; invitation: Invitation } | { ok: false; status: 401; reason: string };

const ISSUER = 'twinlab';

/** Secrets published as examples in this repository's history: whoever read the docs knows them. */
const PUBLISHED = ['change-me-to-32-or-more-random-characters'];

/** Why `secret` cannot sign invitations, or undefined when it can (checked at start-up). */
export function secretProblem(secret: string): string | undefined {
  if (secret.length < 32) return 'TWINLAB_SECRET must be at least 32 characters';
  if (PUBLISHED.includes(secret) || /change[-_ ]?me|placeholder/i.test(secret)) {
    return 'TWINLAB_SECRET is a placeholder from the examples: anyone could sign invitations with it; set a random value (openssl rand -base64 33)';
  }
  return undefined;
}

export class TokenSigner {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('the token secret must be at least 32 characters');
    this.key = new TextEncoder().encode(secret);
  }

  async sign(sessionId: string, role: Role, name: string, ttlSeconds: number, nowMs = Date.now()): Promise<{ token: string; invitation: Invitation }> {
    const jti = randomUUID();
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + Math.max(1, Math.floor(ttlSeconds));
    const token = await new SignJWT({ sid: sessionId, role, name })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setJti(jti)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, invitation: { sessionId, role, name, jti, expiresAt: exp * 1000 } };
  }

  /** Checks signature and expiry against `nowMs`: the same clock that signed, or a server with an injected clock expires its own tokens. */
  async verify(token: string, nowMs = Date.now()): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER, requiredClaims: ['exp', 'jti'], currentDate: new Date(nowMs) });
      const role = Role.safeParse(payload.role);
      if (typeof payload.sid !== 'string' || typeof payload.name !== 'string' || !role.success || typeof payload.jti !== 'string') {
        return { ok: false, status: 401, reason: 'the token lacks a session, role or name' };
      }
      return { ok: true, invitation: { sessionId: payload.sid, role: role.data, name: payload.name, jti: payload.jti, expiresAt: (payload.exp ?? 0) * 1000 } };
    } catch (e) {
      if (e instanceof errors.JWTExpired) return { ok: false, status: 401, reason: 'the invitation has expired: ask the lead for a new one' };
      return { ok: false, status: 401, reason: 'the token is not a valid TwinLab invitation' };
    }
  }
}
