import { describe, expect, it } from 'vitest';
import type { LoadResult } from './generator.ts';
import { curve, highestCarried, rates, sweep } from './saturation.ts';

const result = (p99: number, lost = 0, refused = 0): LoadResult => ({
  sessions: 1,
  participants: 2,
  seconds: 1,
  submitted: 10,
  sentTotal: 10,
  acknowledged: 10 - refused,
  refused,
  expected: 10,
  delivered: 10 - lost,
  lost,
  p50: p99 / 2,
  p95: p99,
  p99,
  max: p99,
  refusals: [],
});

describe('the saturation sweep', () => {
  it('steps rates geometrically up to the maximum', () => {
    expect(rates(20, 2, 200)).toEqual([20, 40, 80, 160]);
    expect(() => rates(20, 1, 200)).toThrow(/factor > 1/);
  });

  it('reports the highest rate carried with nothing lost and p99 under 50 ms, stopping after two misses', async () => {
    // A fake load whose p99 rises with the rate; 160/s loses a delivery though its p99 is fine.
    const p99 = new Map([
      [20, 5],
      [40, 9],
      [80, 30],
      [160, 45],
      [320, 70],
      [640, 200],
    ]);
    const asked: number[] = [];
    const load = { participants: 2, close: () => undefined, measure: async (rate: number) => (asked.push(rate), result(p99.get(rate)!, rate === 160 ? 1 : 0)) };
    const r = await sweep(load, [20, 40, 80, 160, 320, 640], { warmupSeconds: 0, seconds: 1, log: () => undefined });
    expect(r.saturation).toBe(80);
    expect(asked).toEqual([20, 40, 80, 160, 320]);
    expect(curve(r.steps)).toMatch(/^\s+160\/s \|#+\s*\| p99 +45\.0 ms {2}lost 1 {2}✗$/m);
  });

  it('has no saturation point when even the first step is not carried', () => {
    expect(highestCarried([{ rate: 20, r: result(60), ok: false }])).toBeUndefined();
  });
});
