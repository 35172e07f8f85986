import type * as decoding from 'lib0/decoding';
import { MESSAGE_REPLY, encodeCommandRequest, readReply } from '@twinlab/shared/session/protocol';
import type { Reply } from '@twinlab/shared/session/protocol';
import { startServerProcess } from '../../support/server-process.ts';
import type { ServerProcess } from '../../support/server-process.ts';
import { join } from '../../support/clients.ts';
import type { Participant } from '../../support/clients.ts';

/** One server instance in scale-out mode: PostgreSQL storage, Redis between instances. */
export function startInstance(name: string, databaseUrl: string, redisUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServerProcess({ TWINLAB_DATABASE_URL: databaseUrl, TWINLAB_REDIS_URL: redisUrl, TWINLAB_INSTANCE_ID: name, ...env });
}

export interface Commander extends Participant {
  replies: Reply[];
  /** Send a command over the sync socket; resolves with the server's reply (never if the socket dies first). */
  command(command: unknown): Promise<Reply>;
}

let nextId = 1;

/** A real y-websocket participant that submits commands over its socket and reads the replies. */
export function commander(wsUrl: string, sessionId: string, token: string): Commander {
  const p = join(wsUrl, sessionId, token);
  const replies: Reply[] = [];
  const waiting = new Map<string | number, (r: Reply) => void>();
  p.provider.messageHandlers[MESSAGE_REPLY] = (_encoder, decoder: decoding.Decoder) => {
    const r = readReply(decoder);
    replies.push(r);
    if (r.id === null) return;
    waiting.get(r.id)?.(r);
    waiting.delete(r.id);
  };
  return {
    ...p,
    replies,
    command(command) {
      const id = nextId++;
      return new Promise<Reply>((resolve, reject) => {
        waiting.set(id, resolve);
        try {
          p.provider.ws!.send(encodeCommandRequest(id, command));
        } catch (e) {
          waiting.delete(id);
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    },
  };
}

/** GET a JSON endpoint, failing fast if the instance is gone. */
export async function getJson<T = Record<string, unknown>>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: (await res.json()) as T };
}
