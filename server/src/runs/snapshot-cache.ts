/** One cached snapshot of a session: the encoded state at `time` with the first `applied` log entries. */
export interface CachedSnapshot {
  /** Session, scenario hash and seed: a snapshot is only ever reused for the same inputs. */
  base: string;
  time: number;
  applied: number;
  lastSeq: number;
  stateHash: string;
  /** The encoded snapshot, gzipped (what is kept and sent: a day's book compresses about 15:1). */
  bytes: Uint8Array;
  /** Its size before gzip: what a joiner holds once it arrives. */
  rawBytes: number;
}

/**
 * Snapshots built for late joiners, so N people joining at 14:00 cost one run, and a joiner at
 * 14:05 costs a run from 14:00 rather than from the opening. Bounded in bytes and in entries;
 * the least recently used go first. Runs in flight are shared by everyone asking for the same one.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, CachedSnapshot>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private bytes = 0;

  constructor(
    readonly maxBytes: number,
    readonly maxEntries: number,
  ) {}

  static key(base: string, time: number, applied: number, lastSeq: number): string {
    return `${base}|${time}|${applied}|${lastSeq}`;
  }

  get(key: string): CachedSnapshot | undefined {
    const e = this.entries.get(key);
    if (e) {
      this.entries.delete(key); // most recently used last
      this.entries.set(key, e);
    }
    return e;
  }

  /**
   * The latest snapshot of `base` at or before `time` that a run can go on from: it applied
   * exactly the entries the log now has up to its time (`appliedAt` says how many that is).
   */
  latestBefore(base: string, time: number, appliedAt: (t: number) => { applied: number; lastSeq: number }): CachedSnapshot | undefined {
    let best: CachedSnapshot | undefined;
    for (const e of this.entries.values()) {
      if (e.base !== base || e.time > time || (best && e.time <= best.time)) continue;
      const now = appliedAt(e.time);
      if (now.applied === e.applied && now.lastSeq === e.lastSeq) best = e;
    }
    return best;
  }

  put(key: string, entry: CachedSnapshot): void {
    if (entry.bytes.byteLength > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.bytes.byteLength;
      this.entries.delete(key);
    }
    this.entries.set(key, entry);
    this.bytes += entry.bytes.byteLength;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes && this.entries.size <= this.maxEntries) break;
      this.entries.delete(k);
      this.bytes -= e.bytes.byteLength;
    }
  }

  /** Run `make` once per key at a time: a second caller waits for the first caller's run. */
  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running as Promise<T>;
    const p = make().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}
