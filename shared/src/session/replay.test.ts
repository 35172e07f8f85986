import { describe, expect, it } from 'vitest';
import type { StampedCommand } from '../scenario/command.ts';
import { advanceTo, inSeqOrder, type Steppable } from './replay.ts';

/** A fake simulation that records the calls the stepper makes (pure logic under test). */
class Recorder implements Steppable {
  now = 0;
  calls: string[] = [];
  runUntil(t: number): void {
    this.calls.push(`run ${t}`);
    if (t > this.now) this.now = t;
  }
  apply(c: StampedCommand): void {
    this.calls.push(`apply ${c.seq}`);
  }
}

const cmd = (seq: number, at: number): StampedCommand => ({ seq, at, actor: 'Li Lei', command: { type: 'set_load', multiplier: 1 } });

describe('advanceTo, the one replay stepper', () => {
  it('runs to each stamp and applies the command there, then runs to t; a command at exactly t is applied', () => {
    const sim = new Recorder();
    const log = [cmd(0, 10), cmd(1, 20), cmd(2, 30), cmd(3, 31)];
    expect(advanceTo(sim, log, 0, 30)).toBe(3);
    expect(sim.calls).toEqual(['run 10', 'apply 0', 'run 20', 'apply 1', 'run 30', 'apply 2']);
    expect(advanceTo(sim, log, 3, 40)).toBe(4);
    expect(sim.calls.slice(6)).toEqual(['run 31', 'apply 3', 'run 40']);
  });

  it('stops at a command not yet due and does not run backwards', () => {
    const sim = new Recorder();
    sim.now = 50;
    expect(advanceTo(sim, [cmd(0, 60)], 0, 40)).toBe(0);
    expect(sim.calls).toEqual([]);
  });

  it('refuses a log out of time order with the seq and both times', () => {
    const sim = new Recorder();
    sim.now = 25;
    expect(() => advanceTo(sim, [cmd(4, 20)], 0, 30)).toThrow("command seq 4 is stamped at 20 µs, before the simulation's time 25 µs: the log is out of time order");
    expect(sim.calls).toEqual([]);
  });

  it('orders a log by seq, not by arrival', () => {
    expect(inSeqOrder([cmd(2, 5), cmd(0, 1), cmd(1, 3)]).map((c) => c.seq)).toEqual([0, 1, 2]);
  });
});
