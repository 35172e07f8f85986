import { Hono } from 'hono';
import type { Context } from 'hono';
import { z } from 'zod';
import { Role, mayInvite } from '@twinlab/shared/session/roles';
import { readClock, readMeta } from '@twinlab/shared/session/layout';
import { simTimeAt } from '@twinlab/shared/session/clock';
import type { AppEnv, Services } from '../services.ts';
import { admit, participant, tokenOf } from '../auth/participant.ts';
import type { Guards } from '../http/guards.ts';
import { clientOf } from '../http/guards.ts';
import { readJson } from '../http/errors.ts';
import { CapacityError } from '../sync/rooms.ts';
import type { Room } from '../sync/room.ts';
import { CreateSessionBody, createSession } from './create.ts';
import { invitationLink, issueInvitation } from './invitations.ts';
import { registerRunRoutes } from '../runs/routes.ts';
import { registerSnapshotRoute } from '../runs/snapshot-route.ts';

export const InvitationBody = z
  .object({
    role: Role,
    name: z.string().trim().min(1).max(100),
    expiresInSeconds: z.int().min(60).optional(),
  })
  .strict();

/** Sessions: create, list, join; invitations; commands and the clock (the server is the judge). */
export function sessionRoutes(services: Services, guards: Guards): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const origin = (url: string) => new URL(url).origin;

  app.post('/', async (c) => {
    if (!guards.sessions.take(clientOf(c), services.now())) {
      services.metrics.httpRateLimited++;
      const n = guards.limits.sessionsPerClient;
      return c.json({ error: `this address created ${n} sessions within the hour (TWINLAB_SESSIONS_PER_CLIENT=${n}): try again later, or join a session you were invited to` }, 429);
    }
    const body = await readJson(c, CreateSessionBody, 'session');
    if (!body.ok) return body.response;
    const created = await createSession(services, body.value);
    if (!created.ok) return c.json({ error: created.error, ...(created.errors ? { errors: created.errors } : {}) }, created.status);
    const id = created.meta.id;
    return c.json(
      {
        session: created.meta,
        role: 'lead',
        name: body.value.leadName,
        token: created.token,
        expiresAt: created.expiresAt,
        link: invitationLink(origin(c.req.url), id, created.token),
        syncPath: `/sync/${id}`,
      },
      201,
    );
  });

  // Session ids, titles and creators are for participants only: a token lists its own session.
  app.get('/', async (c) => {
    const token = tokenOf(c);
    if (!token) return c.json({ sessions: [], note: 'sessions are listed to their participants only: send Authorization: Bearer <invitation token>' });
    const signed = await services.signer.verify(token, services.now());
    if (!signed.ok) return c.json({ error: signed.reason }, 401);
    const admission = await admit(services, token, signed.invitation.sessionId);
    if (!admission.ok) return c.json({ error: admission.error }, admission.status);
    const s = await services.storage.getSession(admission.invitation.sessionId);
    return c.json({ sessions: s ? [{ ...s, online: services.rooms.loaded(s.id)?.connections.size ?? 0 }] : [] });
  });

  /** Load the session's room, answering 404/503 for the caller when it cannot. */
  const withRoom = async (id: string): Promise<{ room: Room } | { error: string; status: 404 | 503 }> => {
    try {
      const room = await services.rooms.get(id);
      return room ? { room } : { error: `session ${id} does not exist`, status: 404 };
    } catch (e) {
      if (e instanceof CapacityError) return { error: `${e.message}; try again later`, status: 503 };
      throw e;
    }
  };

  const describe = async (c: Context<AppEnv>) => {
    const found = await withRoom(c.req.param('id') ?? '');
    if ('error' in found) return c.json({ error: found.error }, found.status);
    const { room } = found;
    const inv = c.var.invitation;
    const clock = readClock(room.doc);
    const now = services.now();
    return c.json({
      session: readMeta(room.doc),
      you: { role: inv.role, name: inv.name, expiresAt: inv.expiresAt },
      clock,
      simNow: clock ? simTimeAt(clock, now) : null,
      commands: room.commands().length,
      online: [...room.awareness.getStates().values()],
      serverMs: now,
      syncPath: `/sync/${room.id}`,
    });
  };

  app.use('/:id/*', participant(services));
  app.use('/:id', participant(services));
  app.get('/:id', describe);
  app.post('/:id/join', describe);

  app.post('/:id/invitations', async (c) => {
    const inv = c.var.invitation;
    if (!mayInvite(inv.role)) return c.json({ error: 'only the lead invites participants' }, 403);
    const body = await readJson(c, InvitationBody, 'invitation');
    if (!body.ok) return body.response;
    const ttl = Math.min(body.value.expiresInSeconds ?? 7 * 24 * 3600, services.limits.invitationMaxSeconds);
    const signed = await issueInvitation(services, inv.sessionId, body.value.role, body.value.name, ttl);
    return c.json({ token: signed.token, invitation: signed.invitation, link: invitationLink(origin(c.req.url), inv.sessionId, signed.token) }, 201);
  });

  app.get('/:id/invitations', async (c) => {
    if (!mayInvite(c.var.invitation.role)) return c.json({ error: 'only the lead sees the invitations' }, 403);
    return c.json({ invitations: await services.storage.listInvitations(c.var.invitation.sessionId) });
  });

  app.delete('/:id/invitations/:jti', async (c) => {
    const inv = c.var.invitation;
    if (!mayInvite(inv.role)) return c.json({ error: 'only the lead revokes invitations' }, 403);
    const revoked = await services.storage.revokeInvitation(inv.sessionId, c.req.param('jti'), services.now());
    if (!revoked) return c.json({ error: `no invitation ${c.req.param('jti')} in this session` }, 404);
    const closed = services.rooms.closeInvitation(inv.sessionId, revoked.jti);
    return c.json({ invitation: revoked, connectionsClosed: closed });
  });

  app.post('/:id/commands', async (c) => {
    if (!guards.commands.take(c.var.invitation.jti, services.now())) {
      services.metrics.httpRateLimited++;
      return c.json(
        {
          error: `more than ${guards.limits.commandsPerSecond} commands a second on this invitation (TWINLAB_MESSAGES_PER_SECOND, burst TWINLAB_MESSAGE_BURST=${guards.limits.commandBurst}): slow down`,
        },
        429,
      );
    }
    // A client that retries (after a timeout or a lost answer) sends the same key: the command is applied once.
    const key = c.req.header('idempotency-key');
    if (key !== undefined && (key.length === 0 || key.length > 200)) return c.json({ error: `the Idempotency-Key header must be 1 to 200 characters, not ${key.length}` }, 400);
    const body = await readJson(c, z.unknown(), 'command');
    if (!body.ok) return body.response;
    const found = await withRoom(c.var.invitation.sessionId);
    if ('error' in found) return c.json({ error: found.error }, found.status);
    const result = await found.room.submitCommand(c.var.invitation, body.value, key);
    if (!result.ok) return c.json({ error: result.error, ...(result.issues ? { issues: result.issues } : {}) }, result.status);
    return c.json({ command: result.command, serverMs: services.now(), ...(result.replayed ? { replayed: true } : {}) }, 201);
  });

  app.post('/:id/clock', async (c) => {
    const body = await readJson(c, z.unknown(), 'clock request');
    if (!body.ok) return body.response;
    const found = await withRoom(c.var.invitation.sessionId);
    if ('error' in found) return c.json({ error: found.error }, found.status);
    const result = await found.room.controlClock(c.var.invitation, body.value);
    if (!result.ok) return c.json({ error: result.error, ...(result.issues ? { issues: result.issues } : {}) }, result.status);
    return c.json({ clock: result.clock, serverMs: services.now() });
  });

  const roomOfCaller = async (c: Context<AppEnv>) => {
    const found = await withRoom(c.var.invitation.sessionId);
    return 'error' in found ? c.json({ error: found.error }, found.status) : found.room;
  };
  registerRunRoutes(app, services, guards, roomOfCaller);
  registerSnapshotRoute(app, services, guards, roomOfCaller);

  return app;
}
