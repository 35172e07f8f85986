import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, Services } from '../services.ts';
import type { Invitation } from './tokens.ts';

export type Admission = { ok: true; invitation: Invitation } | { ok: false; status: 401 | 403 | 404; error: string };

/** The bearer token: the Authorization header, or ?token= for WebSockets (browsers cannot set headers there). */
export function tokenOf(c: Context): string | undefined {
  const header = c.req.header('authorization');
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim();
  return c.req.query('token') || undefined;
}

/** Who is asking, for which session: signature and expiry, then the session, then the invitation record (not revoked, same session, role and name). */
export async function admit(services: Services, token: string | undefined, sessionId: string): Promise<Admission> {
  if (!token) return { ok: false, status: 401, error: 'no token: send Authorization: Bearer <invitation token> (or ?token= on the sync socket)' };
  const checked = await services.signer.verify(token, services.now());
  if (!checked.ok) return { ok: false, status: 401, error: checked.reason };
  const inv = checked.invitation;
  if (inv.sessionId !== sessionId) return { ok: false, status: 403, error: `this invitation is for session ${inv.sessionId}, not ${sessionId}` };
  const record = await services.storage.getInvitation(inv.jti);
  if (!record) return { ok: false, status: 404, error: `session ${sessionId} does not exist on this server` };
  if (record.revokedAt !== null) return { ok: false, status: 403, error: 'this invitation was revoked by the lead' };
  // The record is what the lead issued: a token whose claims differ was not signed by this server for it.
  if (record.sessionId !== inv.sessionId || record.role !== inv.role || record.name !== inv.name) {
    return { ok: false, status: 403, error: 'the token does not match the invitation it names: ask the lead for a new link' };
  }
  return { ok: true, invitation: inv };
}

/** Middleware for /api/sessions/:id/...: sets c.var.invitation or answers 401/403/404. */
export function participant(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const admission = await admit(services, tokenOf(c), c.req.param('id') ?? '');
    if (!admission.ok) return c.json({ error: admission.error }, admission.status);
    c.set('invitation', admission.invitation);
    await next();
  };
}
