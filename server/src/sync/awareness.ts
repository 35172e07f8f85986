import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Presence } from '@twinlab/shared/session/layout';
import type { Connection } from './room.ts';

/** Largest presence entry (its JSON) a participant may announce: name, region, role, selection and a camera fit easily. */
export const MAX_PRESENCE_BYTES = 4096;

export type AwarenessVerdict =
  | { ok: true; /** The sender's own entries, re-encoded; null when there are none. */ own: Uint8Array | null; /** Older sockets of the same tab, to close. */ stale: Connection[] }
  | { ok: false; reason: string };

/**
 * Presence is not part of the run, but it is what others read to know who is doing what: a
 * connection speaks for one client id, the first new one it announces, under its own name and role.
 *
 * The y-websocket provider re-broadcasts every awareness change it applies, other people's
 * included, so entries about ids held by other connections are echoes: they are dropped, not
 * refused (a refusal makes the lab drop its copy and rejoin).
 */
export function checkAwareness(update: Uint8Array, conn: Connection, all: ReadonlySet<Connection>, known: (clientId: number) => boolean): AwarenessVerdict {
  const d = decoding.createDecoder(update);
  const count = decoding.readVarUint(d);
  if (count > 16) throw new Error(`an awareness update for ${count} clients`);
  const stale: Connection[] = [];
  const own: { clientId: number; clock: number; json: string }[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const json = decoding.readVarString(d);
    const bytes = Buffer.byteLength(json);
    if (bytes > MAX_PRESENCE_BYTES) return { ok: false, reason: `presence of ${bytes} bytes exceeds ${MAX_PRESENCE_BYTES}: keep it to name, region, role and what you look at` };
    const state: unknown = JSON.parse(json);
    if (!conn.awarenessIds.has(clientId)) {
      const holder = [...all].find((other) => other !== conn && other.awarenessIds.has(clientId));
      const first = conn.awarenessIds.size === 0 && own.length === 0;
      // The same invitation announcing the same id is the same tab back on a new socket before
      // the server saw the old one close (a dropped network does not say goodbye).
      if (holder) {
        if (holder.invitation.jti === conn.invitation.jti && first) stale.push(holder);
        else continue;
      } else if (!first || state === null) continue;
      // An id the server knows without a holder here: someone on another instance or gone (an
      // echo), or this very tab back after a reconnect or an instance's failover (a claim).
      else if (known(clientId) && !speaksFor(state, conn)) continue;
    }
    if (state !== null) {
      const presence = Presence.safeParse(state);
      if (!presence.success) return { ok: false, reason: `presence: ${presence.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}` };
      const { name, role } = presence.data;
      if (role !== undefined && role !== conn.invitation.role) return { ok: false, reason: `presence role must be your invitation's role (${conn.invitation.role})` };
      if (name !== undefined && name !== conn.invitation.name) return { ok: false, reason: `presence name must be your invitation's name (${conn.invitation.name})` };
    }
    own.push({ clientId, clock, json });
  }
  if (own.length === 0) return { ok: true, own: null, stale };
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, own.length);
  for (const x of own) {
    encoding.writeVarUint(e, x.clientId);
    encoding.writeVarUint(e, x.clock);
    encoding.writeVarString(e, x.json);
  }
  return { ok: true, own: encoding.toUint8Array(e), stale };
}

function speaksFor(state: unknown, conn: Connection): boolean {
  const p = Presence.safeParse(state);
  return p.success && p.data.name === conn.invitation.name && p.data.role === conn.invitation.role;
}
