import { describe, expect, it } from 'vitest';
import { HEALTH_COLORS, healthColor, linkBand } from './colors.ts';
import { HEALTH } from './frame.ts';

describe('health colours', () => {
  it('maps each health code the app writes to its own colour', () => {
    expect(healthColor(HEALTH.up)).toBe(HEALTH_COLORS.up);
    expect(healthColor(HEALTH.degraded)).toBe(HEALTH_COLORS.degraded);
    expect(healthColor(HEALTH.down)).toBe(HEALTH_COLORS.down);
    expect(healthColor(HEALTH.partitioned)).toBe(HEALTH_COLORS.partitioned);
    expect(healthColor(HEALTH.drained)).toBe(HEALTH_COLORS.drained);
  });

  it('never shows two health states in the same colour', () => {
    const colors = Object.values(HEALTH).map(healthColor);
    expect(new Set(colors).size).toBe(colors.length);
  });

  it('shows a code it does not know as down rather than healthy', () => {
    expect(healthColor(17)).toBe(HEALTH_COLORS.down);
    expect(healthColor(-1)).toBe(HEALTH_COLORS.down);
  });

  it('keeps the up colour green and the down colour red', () => {
    const rgb = (hex: number) => [(hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff] as const;
    const [ur, ug] = rgb(HEALTH_COLORS.up);
    const [dr, dg] = rgb(HEALTH_COLORS.down);
    expect(ug).toBeGreaterThan(ur);
    expect(dr).toBeGreaterThan(dg);
  });
});

describe('link load bands', () => {
  it('brightens with the load: idle, light, busy, heavy', () => {
    expect([0, -1, Number.NaN, 1, 99, 100, 999, 1000, 200_000].map(linkBand)).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 3]);
  });
});
