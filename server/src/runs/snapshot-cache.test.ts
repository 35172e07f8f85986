import { describe, expect, it } from 'vitest';
import { SnapshotCache, type CachedSnapshot } from './snapshot-cache.ts';

const entry = (time: number, applied: number, size: number, base = 's1|h|1'): CachedSnapshot => ({
  base,
  time,
  applied,
  lastSeq: applied - 1,
  stateHash: `h${time}`,
  bytes: new Uint8Array(size),
  rawBytes: size * 10,
});
const put = (c: SnapshotCache, e: CachedSnapshot) => c.put(SnapshotCache.key(e.base, e.time, e.applied, e.lastSeq), e);

describe('the snapshot cache', () => {
  it('stays within its bytes and entries, forgetting the least recently used first', () => {
    const c = new SnapshotCache(250, 10);
    put(c, entry(1, 0, 100));
    put(c, entry(2, 0, 100));
    c.get(SnapshotCache.key('s1|h|1', 1, 0, -1)); // 1 used again: 2 is now the oldest
    put(c, entry(3, 0, 100));
    expect(c.size).toEqual({ entries: 2, bytes: 200 });
    expect(c.get(SnapshotCache.key('s1|h|1', 2, 0, -1))).toBeUndefined();
    put(c, entry(4, 0, 300)); // bigger than the whole cache: not kept
    expect(c.size).toEqual({ entries: 2, bytes: 200 });
    const few = new SnapshotCache(1e9, 2);
    [1, 2, 3].forEach((t) => put(few, entry(t, 0, 1)));
    expect(few.size.entries).toBe(2);
  });

  it('runs on from the latest snapshot of the same inputs whose commands the log still has', () => {
    const c = new SnapshotCache(1e9, 10);
    put(c, entry(100, 1, 1));
    put(c, entry(200, 2, 1));
    put(c, entry(300, 3, 1, 'other|h|1'));
    const log = (t: number) => ({ applied: t >= 200 ? 2 : t >= 100 ? 1 : 0, lastSeq: t >= 200 ? 1 : t >= 100 ? 0 : -1 });
    expect(c.latestBefore('s1|h|1', 250, log)?.time).toBe(200);
    expect(c.latestBefore('s1|h|1', 150, log)?.time).toBe(100);
    // A log that now has another command before 200 (not the one the snapshot applied): only 100 is still good.
    expect(c.latestBefore('s1|h|1', 250, (t) => (t >= 200 ? { applied: 3, lastSeq: 2 } : log(t)))?.time).toBe(100);
  });

  it('shares one run among everyone asking for the same snapshot', async () => {
    const c = new SnapshotCache(1e9, 10);
    let runs = 0;
    const make = () => new Promise<number>((r) => setTimeout(() => r(++runs), 5));
    expect(await Promise.all([c.once('k', make), c.once('k', make), c.once('k', make)])).toEqual([1, 1, 1]);
    expect(await c.once('k', make)).toBe(2); // once finished, a new ask runs again (the route asks the cache first)
  });
});
