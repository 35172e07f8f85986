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
 * Decide what a participant's worker does when the command log changes (docs/design.md principle 3).
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

export type StartPlan =
  /** Replay from the window's start (close to it, or no server to ask). */
  | { kind: 'replay'; reason: string }
  /** Start from the server's snapshot at or just before `until`, then run on. */
  | { kind: 'server-snapshot'; until: number };

/**
 * How a participant's worker starts when it joins: a joiner at 14:00 should not recompute the
 * day, so past `minGainUs` of simulated time from the window's start it asks the server (the
 * judge) for a snapshot. Nearer the start, replaying costs less than the download.
 */
export function planStart(windowStart: number, target: number, serverAvailable: boolean, minGainUs: number): StartPlan {
  if (!serverAvailable) return { kind: 'replay', reason: 'no server to ask for a snapshot' };
  if (target - windowStart < minGainUs) return { kind: 'replay', reason: `${Math.round((target - windowStart) / 1e6)} s from the start: replaying is quicker` };
  return { kind: 'server-snapshot', until: target };
}

/** What the server says about its snapshot (shared/src/engine/snapshot-wire.ts SnapshotMeta). */
export interface SnapshotOffer {
  time: number;
  applied: number;
  lastSeq: number;
  stateHash: string;
}

export type SnapshotCheck =
  | { kind: 'accept'; mark: SnapshotMark }
  /** The log has not brought every entry the server applied yet: check again when it has. */
  | { kind: 'wait'; reason: string }
  | { kind: 'refuse'; reason: string };

/**
 * May the worker run on from the server's snapshot? Only if it restores here to the server's
 * hash, and it holds exactly the entries of this participant's log (in seq order) that are
 * stamped at or before its time: then running on applies the rest, as a full replay would.
 */
export function checkServerSnapshot(offer: SnapshotOffer, localHash: string, log: readonly StampedCommand[]): SnapshotCheck {
  if (localHash !== offer.stateHash) return { kind: 'refuse', reason: `the snapshot restores here to state hash ${localHash}, the server's is ${offer.stateHash}` };
  if (log.length < offer.applied) return { kind: 'wait', reason: `the server applied ${offer.applied} commands, this log has ${log.length} so far` };
  const last = log[offer.applied - 1];
  if (offer.applied > 0 && last?.seq !== offer.lastSeq) return { kind: 'refuse', reason: `the server's command ${offer.applied} is seq ${offer.lastSeq}, this log's is seq ${last?.seq}` };
  const next = log[offer.applied];
  if (next && next.at <= offer.time) return { kind: 'refuse', reason: `command ${next.seq}, stamped at ${next.at} µs, is not in the server's snapshot at ${offer.time} µs` };
  return { kind: 'accept', mark: { time: offer.time, applied: offer.applied } };
}
