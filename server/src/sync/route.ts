import type { Context, Hono } from 'hono';
import { upgradeWebSocket } from '@hono/node-server';
import type { WebSocket } from 'ws';
import type { AppEnv, Services } from '../services.ts';
import type { Guards } from '../http/guards.ts';
import { admit, tokenOf } from '../auth/participant.ts';
import { CapacityError } from './rooms.ts';
import type { Connection, Room } from './room.ts';
import type { PeerSocket } from './socket.ts';
import { CLOSE } from '@twinlab/shared/session/protocol';

/** Ping every 30 s; a connection that missed a pong since the last ping is dropped. */
const PING_MS = 30_000;

/**
 * GET /sync/:id?token=… — the y-websocket endpoint (WebsocketProvider(url + '/sync', id, doc,
 * { params: { token } })). The token is checked BEFORE the upgrade: a refused client gets a plain
 * HTTP 401/403/404 (or 503 at capacity) and no socket at all.
 */
export function registerSyncRoute(app: Hono<AppEnv>, services: Services, guards: Guards): void {
  app.get(
    '/sync/:id',
    async (c, next) => {
      const admission = await admit(services, tokenOf(c), c.req.param('id'));
      if (!admission.ok) return refuse(c, admission.error, admission.status);
      if (guards.sockets.full(admission.invitation.jti)) {
        services.metrics.httpRateLimited++;
        return refuse(c, socketsError(guards), 429);
      }
      c.set('invitation', admission.invitation);
      await next();
    },
    upgradeWebSocket((c) => {
      const invitation = c.var.invitation;
      let held = false;
      const release = () => {
        if (held) guards.sockets.give(invitation.jti);
        held = false;
      };
      let room: Room | undefined;
      let conn: Connection | undefined;
      let early: Uint8Array[] | undefined = [];
      return {
        onOpen(_event, ws) {
          const raw = ws.raw as WebSocket;
          // Counted from the open (two sockets may pass the check above at once).
          held = guards.sockets.take(invitation.jti);
          if (!held) return raw.close(CLOSE.rateLimited, socketsError(guards).slice(0, 120));
          keepAlive(raw);
          const socket: PeerSocket = {
            send: (data) => raw.send(data),
            close: (code, reason) => raw.close(code, reason),
            get bufferedAmount() {
              return raw.bufferedAmount;
            },
          };
          services.rooms.get(invitation.sessionId).then(
            (r) => {
              if (!r) return raw.close(CLOSE.notFound, 'the session does not exist');
              if (raw.readyState !== raw.OPEN) return;
              room = r;
              conn = r.join(socket, invitation);
              for (const m of early ?? []) r.receive(conn, m);
              early = undefined;
            },
            (e) => raw.close(e instanceof CapacityError ? CLOSE.tryAgainLater : CLOSE.serverError, 'the session could not be loaded'),
          );
        },
        onMessage(event, ws) {
          const data = event.data;
          if (!(data instanceof ArrayBuffer)) {
            // y-websocket only sends binary frames.
            if (room && conn) room.close(conn, CLOSE.malformed, 'text frames are not part of the protocol');
            else ws.close(CLOSE.malformed, 'text frames are not part of the protocol');
            return;
          }
          const bytes = new Uint8Array(data);
          if (room && conn) room.receive(conn, bytes);
          else if (early && early.length < 256) early.push(bytes);
          // A client that floods before its session is even loaded gets to try again later, never a silent drop.
          else ws.close(CLOSE.tryAgainLater, 'the session is still loading');
        },
        onClose() {
          release();
          if (room && conn) room.leave(conn);
        },
        onError() {
          release();
          if (room && conn) room.leave(conn);
        },
      };
    }),
  );
}

/**
 * A refused upgrade: the server writes only the status line and headers of an answer to an
 * upgrade request, so the reason also goes in X-TwinLab-Error (printable ASCII).
 */
function refuse(c: Context<AppEnv>, error: string, status: 401 | 403 | 404 | 429): Response {
  c.header('x-twinlab-error', error.replace(/[^\x20-\x7e]/g, '?'));
  return c.json({ error }, status);
}

function socketsError(guards: Guards): string {
  return `this invitation already holds ${guards.sockets.max} connections (TWINLAB_SOCKETS_PER_INVITATION): close a tab first`;
}

function keepAlive(ws: WebSocket): void {
  let alive = true;
  ws.on('pong', () => (alive = true));
  const timer = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, PING_MS);
  timer.unref();
  ws.on('close', () => clearInterval(timer));
}
