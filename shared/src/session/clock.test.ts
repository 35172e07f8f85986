import { describe, expect, it } from 'vitest';
import { ClockRequest, applyClockRequest, estimateServerOffset, initialClock, pause, play, seek, setSpeed, simTimeAt } from './clock.ts';

const NINE_THIRTY = 34_200_000_000;
const END = 54_300_000_000;
const T0 = 1_790_000_000_000;

describe('the shared clock', () => {
  it('stands still until the lead plays, then follows the wall clock times speed', () => {
    const c = initialClock(NINE_THIRTY, END, T0);
    expect(simTimeAt(c, T0 + 60_000)).toBe(NINE_THIRTY);
    const running = play(c, T0 + 1_000);
    expect(simTimeAt(running, T0 + 1_000)).toBe(NINE_THIRTY);
    expect(simTimeAt(running, T0 + 3_500)).toBe(NINE_THIRTY + 2_500_000);
  });

  it('re-anchors on pause and speed so simulated time never jumps', () => {
    let c = play(initialClock(NINE_THIRTY, END, T0), T0);
    c = setSpeed(c, 10, T0 + 1_000);
    expect(simTimeAt(c, T0 + 1_000)).toBe(NINE_THIRTY + 1_000_000);
    expect(simTimeAt(c, T0 + 2_000)).toBe(NINE_THIRTY + 11_000_000);
    c = pause(c, T0 + 2_000);
    expect(simTimeAt(c, T0 + 99_000)).toBe(NINE_THIRTY + 11_000_000);
  });

  it('gives integer microseconds for fractional speeds, and never passes the end of the window', () => {
    const c = setSpeed(play(initialClock(NINE_THIRTY, END, T0), T0), 0.3, T0);
    expect(Number.isInteger(simTimeAt(c, T0 + 7))).toBe(true);
    expect(simTimeAt(c, T0 + 7)).toBe(NINE_THIRTY + 2_100);
    expect(simTimeAt(play(initialClock(END - 5, END, T0), T0), T0 + 10_000)).toBe(END);
  });

  it('seeks forward only', () => {
    const c = initialClock(NINE_THIRTY, END, T0);
    expect(seek(c, NINE_THIRTY + 5_000_000, T0).anchorSim).toBe(NINE_THIRTY + 5_000_000);
    expect(seek(c, NINE_THIRTY - 5_000_000, T0).anchorSim).toBe(NINE_THIRTY);
  });

  it('validates requests and applies them', () => {
    expect(ClockRequest.safeParse({ action: 'speed', speed: 0 }).success).toBe(false);
    expect(ClockRequest.safeParse({ action: 'rewind' }).success).toBe(false);
    const c = applyClockRequest(initialClock(NINE_THIRTY, END, T0), ClockRequest.parse({ action: 'play' }), T0);
    expect(c.running).toBe(true);
  });

  it('estimates the server offset from one round trip', () => {
    expect(estimateServerOffset(1_000, 5_020, 1_040)).toBe(4_000);
  });
});
