import { describe, expect, it } from 'vitest';
import type { StampedCommand } from '@twinlab/shared/scenario/command';
import { checkServerSnapshot, planStart } from './sync-plan.ts';

const cmd = (seq: number, at: number): StampedCommand => ({ seq, at, actor: 'Lead', command: { type: 'restart_node', node: 'counter' } });
const MIN = 60_000_000;
const start = 9 * 3600e6;

describe('planStart: how a joining participant starts', () => {
  it('asks the server for a snapshot far into the day, replays near the start or without a server', () => {
    expect(planStart(start, start + 5 * 3600e6, true, 10 * MIN)).toEqual({ kind: 'server-snapshot', until: start + 5 * 3600e6 });
    expect(planStart(start, start + 9 * MIN, true, 10 * MIN)).toEqual({ kind: 'replay', reason: '540 s from the start: replaying is quicker' });
    expect(planStart(start, start + 5 * 3600e6, false, 10 * MIN)).toEqual({ kind: 'replay', reason: 'no server to ask for a snapshot' });
  });
});

describe("checkServerSnapshot: running on from the server's snapshot", () => {
  const offer = { time: 500, applied: 2, lastSeq: 1, stateHash: 'aaaa' };
  const log = [cmd(0, 100), cmd(1, 400), cmd(2, 700)];

  it('accepts a snapshot with the same hash that applied exactly the entries up to its time', () => {
    expect(checkServerSnapshot(offer, 'aaaa', log)).toEqual({ kind: 'accept', mark: { time: 500, applied: 2 } });
    expect(checkServerSnapshot({ ...offer, applied: 0, lastSeq: -1, time: 50 }, 'aaaa', log)).toEqual({ kind: 'accept', mark: { time: 50, applied: 0 } });
  });

  it('refuses a snapshot that restores to another hash, and says both', () => {
    expect(checkServerSnapshot(offer, 'bbbb', log)).toEqual({ kind: 'refuse', reason: "the snapshot restores here to state hash bbbb, the server's is aaaa" });
  });

  it('waits for the log when the server applied entries it has not brought yet', () => {
    expect(checkServerSnapshot(offer, 'aaaa', log.slice(0, 1))).toMatchObject({ kind: 'wait' });
  });

  it('refuses when the log differs from what the server applied, or misses an entry it should hold', () => {
    expect(checkServerSnapshot(offer, 'aaaa', [cmd(0, 100), cmd(5, 400)])).toEqual({ kind: 'refuse', reason: "the server's command 2 is seq 1, this log's is seq 5" });
    expect(checkServerSnapshot(offer, 'aaaa', [cmd(0, 100), cmd(1, 400), cmd(2, 500)])).toEqual({ kind: 'refuse', reason: "command 2, stamped at 500 µs, is not in the server's snapshot at 500 µs" });
  });
});
