import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

/**
 * One entry of a session's Redis stream (key twinlab:session:<id>). Fields:
 *   i  the instance that published it (it skips its own entries)
 *   k  u = updates stored under ids f..l, a = a presence (awareness) update, r = invitation revoked
 *   f, l  first and last storage id (updates only)
 *   d  payload: the updates (lib0: count, then each as varUint8Array), the awareness update, or the jti
 */
export type StreamEntry =
  { instance: string; kind: 'u'; firstId: number; lastId: number; updates: Uint8Array[] } | { instance: string; kind: 'a'; update: Uint8Array } | { instance: string; kind: 'r'; jti: string };

export const streamKey = (sessionId: string) => `twinlab:session:${sessionId}`;
export const sessionOfKey = (key: string) => key.slice('twinlab:session:'.length);

export function entryFields(e: StreamEntry): (string | Buffer)[] {
  switch (e.kind) {
    case 'u': {
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, e.updates.length);
      for (const u of e.updates) encoding.writeVarUint8Array(enc, u);
      return ['i', e.instance, 'k', 'u', 'f', String(e.firstId), 'l', String(e.lastId), 'd', Buffer.from(encoding.toUint8Array(enc))];
    }
    case 'a':
      return ['i', e.instance, 'k', 'a', 'd', Buffer.from(e.update)];
    case 'r':
      return ['i', e.instance, 'k', 'r', 'd', e.jti];
  }
}

/** Parse the flat field list XREAD returns; a malformed entry (another version, a hand edit) gives undefined. */
export function parseEntry(fields: Buffer[]): StreamEntry | undefined {
  const m = new Map<string, Buffer>();
  for (let i = 0; i + 1 < fields.length; i += 2) m.set(fields[i]!.toString(), fields[i + 1]!);
  const instance = m.get('i')?.toString();
  const kind = m.get('k')?.toString();
  const data = m.get('d');
  if (instance === undefined || data === undefined) return undefined;
  try {
    if (kind === 'u') {
      const firstId = Number(m.get('f')?.toString());
      const lastId = Number(m.get('l')?.toString());
      if (!Number.isSafeInteger(firstId) || !Number.isSafeInteger(lastId)) return undefined;
      const d = decoding.createDecoder(new Uint8Array(data));
      const n = decoding.readVarUint(d);
      const updates: Uint8Array[] = [];
      for (let i = 0; i < n; i++) updates.push(decoding.readVarUint8Array(d));
      return { instance, kind, firstId, lastId, updates };
    }
    if (kind === 'a') return { instance, kind, update: new Uint8Array(data) };
    if (kind === 'r') return { instance, kind, jti: data.toString() };
  } catch {
    return undefined;
  }
  return undefined;
}
