import type { StampedCommand } from '@twinlab/shared/scenario/command';

/** A snapshot the worker keeps: the engine state at `time`, with the first `applied` log entries applied. */
export interface SnapshotMark {
  time: number;
  applied: number;
}

function sameCommand(a: StampedCommand, b: StampedCommand): boolean {
  return a.seq === b.seq && a.at === b.at && a.actor === b.actor && JSON.stringify(a.command) === JSON.stringify(b.command);
}

/** How many leading entries two command logs share. */
export function commonPrefix(a: readonly StampedCommand[], b: readonly StampedCommand[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && sameCommand(a[i]!, b[i]!)) i++;
  return i;
}

export type SyncPlan =
  /** The new entries are all at or after the simulation's time: keep running, apply them when reached. */
  | { kind: 'continue' }
  /** History changed: restore this snapshot (or start over when null) and run forward again. */
  | { kind: 'rollback'; snapshot: SnapshotMark | null; reason: string };

/**
 * Decide what a participant's worker does when the command log changes (DESIGN.md principle 3).
 * `applied` are the entries already applied to the running simulation (a prefix of the old log),
 * `now` its simulated time. A new entry stamped before `now`, or an applied entry that changed
 * (a resync after rejoining), means the run so far is wrong from that stamp on: restore the latest
 * snapshot that holds exactly a prefix of the new log and no entry it should have applied later.
 */
export function planSync(applied: readonly StampedCommand[], log: readonly StampedCommand[], now: number, snapshots: readonly SnapshotMark[]): SyncPlan {
  const prefix = commonPrefix(applied, log);
  if (prefix === applied.length) {
    const late = log.slice(prefix).find((c) => c.at < now);
    if (!late) return { kind: 'continue' };
    return { kind: 'rollback', snapshot: latestValid(log, prefix, snapshots), reason: `command ${late.seq} stamped at ${late.at} µs, before ${now} µs` };
  }
  return { kind: 'rollback', snapshot: latestValid(log, prefix, snapshots), reason: `the log changed at entry ${prefix}` };
}

/**
 * A snapshot is valid for `log` if it applied only shared entries, and the next entry is not
 * stamped before it; with maxTime, it must also not be later than that (rewinding the clock).
 */
export function latestValid(log: readonly StampedCommand[], prefix: number, snapshots: readonly SnapshotMark[], maxTime = Infinity): SnapshotMark | null {
  let best: SnapshotMark | null = null;
  for (const s of snapshots) {
    if (s.applied > prefix || s.time > maxTime) continue;
    const next = log[s.applied];
    if (next && next.at < s.time) continue;
    if (!best || s.time > best.time || (s.time === best.time && s.applied > best.applied)) best = s;
  }
  return best;
}
