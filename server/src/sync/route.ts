import type { Hono } from 'hono';
import { upgradeWebSocket } from '@hono/node-server';
import type { WebSocket } from 'ws';
import type { AppEnv, Services } from '../services.ts';
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
export function registerSyncRoute(app: Hono<AppEnv>, services: Services): void {
  app.get(
    '/sync/:id',
    async (c, next) => {
      const admission = await admit(services, tokenOf(c), c.req.param('id'));
      if (!admission.ok) return c.json({ error: admission.error }, admission.status);
      c.set('invitation', admission.invitation);
      await next();
    },
    upgradeWebSocket((c) => {
      const invitation = c.var.invitation;
      let room: Room | undefined;
      let conn: Connection | undefined;
      let early: Uint8Array[] | undefined = [];
      return {
        onOpen(_event, ws) {
          const raw = ws.raw as WebSocket;
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
          if (room && conn) room.leave(conn);
        },
        onError() {
          if (room && conn) room.leave(conn);
        },
      };
    }),
  );
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
