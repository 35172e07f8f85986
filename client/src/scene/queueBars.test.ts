import { describe, expect, it } from 'vitest';
import { QUEUE_BAR_MAX, QUEUE_BUILDING, QUEUE_ALARM, queueBand, queueBarColor, queueBarHeight } from './queueBars.ts';
import { BACKGROUND_COLOR, HEALTH_COLORS, QUEUE_ALARM_COLOR, QUEUE_BUILDING_COLOR, QUEUE_CALM_COLOR } from './colors.ts';

describe('queue bar height', () => {
  it('hides the bar of an empty queue and of a value the writer could not fill', () => {
    expect(queueBarHeight(0)).toBe(0);
    expect(queueBarHeight(0.2)).toBe(0);
    expect(queueBarHeight(-3)).toBe(0);
    expect(queueBarHeight(Number.NaN)).toBe(0);
  });

  it('shows a small bar for one waiting message', () => {
    expect(queueBarHeight(1)).toBeGreaterThan(0);
    expect(queueBarHeight(1)).toBeLessThan(QUEUE_BAR_MAX / 4);
  });

  it('grows with depth, each factor of ten clearly taller, and stops at a cap', () => {
    let prev = 0;
    for (const d of [1, 2, 5, 10, 50, 100, 500, 1_000, 10_000, 1e6, 1e9, Number.POSITIVE_INFINITY]) {
      const h = queueBarHeight(d);
      expect(h, `depth ${d}`).toBeGreaterThanOrEqual(prev);
      expect(h, `depth ${d}`).toBeLessThanOrEqual(QUEUE_BAR_MAX);
      prev = h;
    }
    for (const [a, b] of [
      [1, 10],
      [10, 100],
      [100, 1_000],
    ] as const) {
      expect(queueBarHeight(b) - queueBarHeight(a), `${a} → ${b}`).toBeGreaterThan(0.5);
    }
    expect(queueBarHeight(1e9)).toBe(QUEUE_BAR_MAX);
  });
});

describe('queue bar colour', () => {
  it('stays calm below the building threshold, turns amber at it and red at the alarm threshold', () => {
    expect(queueBarColor(1)).toBe(QUEUE_CALM_COLOR);
    expect(queueBarColor(QUEUE_BUILDING - 1)).toBe(QUEUE_CALM_COLOR);
    expect(queueBarColor(QUEUE_BUILDING)).toBe(QUEUE_BUILDING_COLOR);
    expect(queueBarColor(QUEUE_ALARM - 1)).toBe(QUEUE_BUILDING_COLOR);
    expect(queueBarColor(QUEUE_ALARM)).toBe(QUEUE_ALARM_COLOR);
    expect(queueBarColor(1e9)).toBe(QUEUE_ALARM_COLOR);
    expect([1, 150, 5_000].map(queueBand)).toEqual([0, 1, 2]);
  });

  it('makes the alarm red, the calm colour not red, and none of them a healthy node’s green', () => {
    const rgb = (hex: number) => [(hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff] as const;
    const [ar, ag, ab] = rgb(QUEUE_ALARM_COLOR);
    expect(ar).toBeGreaterThan(ag + 100);
    expect(ar).toBeGreaterThan(ab + 100);
    const [cr, , cb] = rgb(QUEUE_CALM_COLOR);
    expect(cb).toBeGreaterThan(cr);
    for (const c of [QUEUE_CALM_COLOR, QUEUE_BUILDING_COLOR, QUEUE_ALARM_COLOR]) expect(c).not.toBe(HEALTH_COLORS.up);
  });

  it('keeps every bar colour readable on the dark background', () => {
    const luma = (hex: number) => 0.2126 * ((hex >> 16) & 0xff) + 0.7152 * ((hex >> 8) & 0xff) + 0.0722 * (hex & 0xff);
    for (const c of [QUEUE_CALM_COLOR, QUEUE_BUILDING_COLOR, QUEUE_ALARM_COLOR]) expect(luma(c) - luma(BACKGROUND_COLOR)).toBeGreaterThan(80);
  });
});
