import { Presence } from '@twinlab/shared/session/layout';
import type { Role } from '@twinlab/shared/session/roles';

export interface Peer {
  clientId: number;
  name: string;
  region: string;
  role: Role | null;
  selectedNode: string | null;
  color: string;
  self: boolean;
}

const PALETTE = ['#f59e0b', '#10b981', '#6366f1', '#ec4899', '#14b8a6', '#f97316', '#8b5cf6', '#84cc16'];

/** A stable colour per name, so a person keeps theirs across reconnects and on every screen. */
export function colorFor(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

/** Awareness states → the participant list, sorted by name; states that do not parse are left out. */
export function peersFrom(states: ReadonlyMap<number, unknown>, selfId: number): Peer[] {
  const out: Peer[] = [];
  for (const [clientId, raw] of states) {
    const p = Presence.safeParse(raw);
    if (!p.success || !p.data.name) continue;
    out.push({
      clientId,
      name: p.data.name,
      region: p.data.region ?? '',
      role: p.data.role ?? null,
      selectedNode: p.data.selectedNode ?? null,
      color: colorFor(p.data.name),
      self: clientId === selfId,
    });
  }
  return out.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name) || a.clientId - b.clientId);
}
