import * as decoding from 'lib0/decoding';
import { Presence } from '@twinlab/shared/session/layout';
import type { Connection } from './room.ts';

/**
 * Presence is not part of the run, but it is what others read to know who is doing what: a
 * participant may only announce its own client ids, under its own name and role.
 */
export function checkAwareness(update: Uint8Array, conn: Connection, all: ReadonlySet<Connection>): { ok: true } | { ok: false; reason: string } {
  const d = decoding.createDecoder(update);
  const count = decoding.readVarUint(d);
  if (count > 16) throw new Error(`an awareness update for ${count} clients`);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(d);
    decoding.readVarUint(d); // clock
    const state: unknown = JSON.parse(decoding.readVarString(d));
    for (const other of all) {
      if (other !== conn && other.awarenessIds.has(clientId)) return { ok: false, reason: `presence ${clientId} belongs to another participant` };
    }
    if (state === null) continue;
    const presence = Presence.safeParse(state);
    if (!presence.success) return { ok: false, reason: `presence: ${presence.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}` };
    const { name, role } = presence.data;
    if (role !== undefined && role !== conn.invitation.role) return { ok: false, reason: `presence role must be your invitation's role (${conn.invitation.role})` };
    if (name !== undefined && name !== conn.invitation.name) return { ok: false, reason: `presence name must be your invitation's name (${conn.invitation.name})` };
  }
  return { ok: true };
}
