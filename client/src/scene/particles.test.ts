import { describe, expect, it } from 'vitest';
import { allocateParticles, particlePhase, particlesForRate } from './particles.ts';

describe('particle density', () => {
  it('shows nothing on an idle link and something on any busy one', () => {
    expect(particlesForRate(0, 8)).toBe(0);
    expect(particlesForRate(Number.NaN, 8)).toBe(0);
    expect(particlesForRate(-5, 8)).toBe(0);
    expect(particlesForRate(0.5, 8)).toBe(1);
  });

  it('grows with the message rate and never passes the per-link cap', () => {
    let prev = 0;
    for (const rate of [1, 10, 100, 1_000, 10_000, 100_000, 1e9]) {
      const n = particlesForRate(rate, 8);
      expect(n, `rate ${rate}`).toBeGreaterThanOrEqual(prev);
      expect(n).toBeLessThanOrEqual(8);
      prev = n;
    }
    expect(particlesForRate(1_000, 8)).toBeGreaterThan(particlesForRate(10, 8));
    expect(particlesForRate(1e9, 8)).toBe(8);
  });

  it('shows no particles on a cut link, however busy', () => {
    const counts = new Uint16Array(2);
    allocateParticles([5_000, 5_000], [1, 0], 8, 100, counts);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBe(0);
  });

  it('stays within the budget and keeps every busy link visible while it can', () => {
    const n = 1_000;
    const rates = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : 100 * (1 + (i % 50))));
    const counts = new Uint16Array(n);
    const total = allocateParticles(rates, new Uint8Array(n).fill(1), 8, 1_500, counts);
    expect(total).toBeLessThanOrEqual(1_500);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
    rates.forEach((r, i) => expect(counts[i]! > 0, `link ${i}`).toBe(r > 0));
  });

  it('fills links in order when even one each does not fit', () => {
    const counts = new Uint16Array(10);
    const total = allocateParticles(new Array(10).fill(1_000), new Uint8Array(10).fill(1), 8, 4, counts);
    expect(total).toBe(4);
    expect(Array.from(counts)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('spaces particles evenly along a link and wraps at the end', () => {
    expect([0, 1, 2, 3].map((k) => particlePhase(0, k, 4))).toEqual([0, 0.25, 0.5, 0.75]);
    expect(particlePhase(1.5, 0, 1)).toBeCloseTo(0.5);
    expect(particlePhase(0.9, 1, 2)).toBeCloseTo(0.4);
  });
});
