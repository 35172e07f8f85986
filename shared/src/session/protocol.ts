import { z } from 'zod';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

/**
 * The sync endpoint speaks the y-websocket protocol unchanged (types 0–3), so the official
 * WebsocketProvider joins as is. Types 100–102 are TwinLab's own: a participant submits a command
 * or a clock request and the server answers only that participant. A provider that does not know
 * them never receives them, because the server only replies to requests.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
export const MESSAGE_COMMAND = 100;
export const MESSAGE_CLOCK = 101;
export const MESSAGE_REPLY = 102;

/**
 * Close codes. 44xx mean "reconnecting cannot help": the y-websocket 3 provider stops on them by
 * default (its shouldReconnect), and any other client must not retry either, but ask its user
 * for a new invitation. Other codes are transient and a client reconnects with backoff.
 */
export const CLOSE = {
  /** The protocol frame could not be decoded. */
  malformed: 4400,
  /** No valid token, or it expired. HTTP 401 is returned instead when this is known before the upgrade. */
  unauthenticated: 4401,
  /** The invitation was revoked, or the token is for another session. */
  forbidden: 4403,
  /** The session no longer exists. */
  notFound: 4404,
  /** A message exceeded the size limit. */
  tooBig: 4413,
  /** Too many messages: the per-connection rate limit. */
  rateLimited: 4429,
  /** Transient: the same participant's tab connected again; this older socket is stale. */
  replaced: 4000,
  /** Transient: the server is shutting down or unloading the session; reconnect with backoff. */
  goingAway: 1001,
  /** Transient: the session failed to persist and was unloaded; reconnect with backoff. */
  serverError: 1011,
  /** Transient: the client reads too slowly; reconnect with backoff. */
  tryAgainLater: 1013,
} as const;

export function isFinalClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}

const RequestId = z.union([z.string().max(100), z.int()]);

export const CommandRequest = z.object({ id: RequestId, command: z.unknown() }).strict();
export type CommandRequest = z.infer<typeof CommandRequest>;

export const ClockRequestMessage = z.object({ id: RequestId, request: z.unknown() }).strict();
export type ClockRequestMessage = z.infer<typeof ClockRequestMessage>;

export interface Issue {
  path: string;
  message: string;
}

export type Reply =
  { id: string | number | null; ok: true; serverMs: number; command?: unknown; clock?: unknown } | { id: string | number | null; ok: false; serverMs: number; error: string; issues?: Issue[] };

function frame(type: number, payload: unknown): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  encoding.writeVarString(e, JSON.stringify(payload));
  return encoding.toUint8Array(e);
}

export const encodeCommandRequest = (id: string | number, command: unknown) => frame(MESSAGE_COMMAND, { id, command });
export const encodeClockRequest = (id: string | number, request: unknown) => frame(MESSAGE_CLOCK, { id, request });
export const encodeReply = (reply: Reply) => frame(MESSAGE_REPLY, reply);

/** Read the JSON payload after the message type; throws on a malformed frame. */
export function readJsonPayload(decoder: decoding.Decoder): unknown {
  return JSON.parse(decoding.readVarString(decoder));
}

/** For clients: decode a frame of type MESSAGE_REPLY (type already read from decoder). */
export function readReply(decoder: decoding.Decoder): Reply {
  return readJsonPayload(decoder) as Reply;
}
