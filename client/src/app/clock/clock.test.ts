import { describe, expect, it } from 'vitest';
import { simTimeAt } from '@twinlab/shared/session/clock';
import { ServerClock } from './offset.ts';
import { nextSpeed } from './speed.ts';

describe('ServerClock', () => {
  it('keeps the offset from the round trip with the least delay', () => {
    const c = new ServerClock();
    expect(c.offsetMs).toBe(0);
    c.add(1000, 6100, 1200); // rtt 200: offset 5000
    c.add(2000, 7020, 2040); // rtt 40: offset 5000
    c.add(3000, 9000, 3300); // rtt 300, ignored
    expect(c.offsetMs).toBe(5000);
    expect(c.errorMs).toBe(20);
  });

  it('puts two participants with different local clocks at the same simulated time', () => {
    const clock = { running: true, speed: 60, anchorSim: 33_000_000_000, anchorWall: 1_000_000, endSim: 54_300_000_000 };
    const a = new ServerClock();
    const b = new ServerClock();
    a.add(500_000, 1_000_010, 500_020); // a is 500 s behind the server
    b.add(1_200_000, 1_000_010, 1_200_020); // b is 200 s ahead
    const at = (c: ServerClock, local: number) => simTimeAt(clock, local + c.offsetMs);
    expect(at(a, 500_000 + 2_000)).toBe(at(b, 1_200_000 + 2_000));
    expect(at(a, 502_000)).toBe(33_000_000_000 + 2_000 * 60_000);
  });
});

describe('nextSpeed', () => {
  it('steps through the speed ladder and stops at its ends', () => {
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed(2, -1)).toBe(1);
    expect(nextSpeed(7, 1)).toBe(10);
    expect(nextSpeed(3600, 1)).toBe(3600);
    expect(nextSpeed(0.25, -1)).toBe(0.25);
  });
});
