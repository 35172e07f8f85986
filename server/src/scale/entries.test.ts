import { describe, expect, it } from 'vitest';
import { entryFields, parseEntry, sessionOfKey, streamKey } from './entries.ts';
import type { StreamEntry } from './entries.ts';

/** What XREAD hands back: every field as a Buffer. */
const asRead = (fields: (string | Buffer)[]) => fields.map((f) => (typeof f === 'string' ? Buffer.from(f) : f));

describe('session stream entries', () => {
  it('carry updates, presence and revocations to another instance unchanged', () => {
    const entries: StreamEntry[] = [
      { instance: 'pod-a', kind: 'u', firstId: 41, lastId: 43, updates: [new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array(300).fill(7)] },
      { instance: 'pod-b', kind: 'a', update: new Uint8Array([9, 8, 7]) },
      { instance: 'pod-a', kind: 'r', jti: 'f3c1-jti' },
    ];
    for (const e of entries) expect(parseEntry(asRead(entryFields(e)))).toEqual(e);
    expect(sessionOfKey(streamKey('RGl1PAye1dAp'))).toBe('RGl1PAye1dAp');
  });

  it('skip an entry they cannot read instead of failing the stream (another version, a hand-made XADD)', () => {
    expect(parseEntry(asRead(['i', 'pod-a', 'k', 'u', 'f', '1', 'l', 'x', 'd', '']))).toBeUndefined();
    expect(parseEntry(asRead(['i', 'pod-a', 'k', 'u', 'f', '1', 'l', '2', 'd', Buffer.from([5, 1])]))).toBeUndefined(); // 5 updates announced, 1 byte
    expect(parseEntry(asRead(['i', 'pod-a', 'k', 'z', 'd', 'x']))).toBeUndefined();
    expect(parseEntry(asRead(['k', 'a', 'd', 'x']))).toBeUndefined();
  });
});
