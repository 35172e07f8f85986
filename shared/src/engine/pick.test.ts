import { describe, expect, it } from 'vitest';
import { compilePicker, pick, searchCum } from './pick.ts';
import { createStreams, nextInt, nextOpen01 } from './rng.ts';

/** The guide table only narrows the search: every draw maps to the account a plain binary search gives. */
describe('weighted pick', () => {
  for (const n of [1, 7, 1_000, 70_001]) {
    it(`picks what a binary search over all ${n} cumulative weights picks`, () => {
      const rng = createStreams(11, 1);
      const cum = new Float64Array(n);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        sum += nextInt(rng, 0, 4) === 0 ? 0 : 1 + nextInt(rng, 0, 1_000); // some zero weights: equal cumulative runs
        cum[i] = sum;
      }
      const p = compilePicker(cum);
      for (let k = 0; k < 20_000; k++) {
        const u = nextOpen01(rng, 0);
        expect(pick(p, u)).toBe(searchCum(cum, u * p.total, 0, n - 1));
      }
      for (let j = 0; j <= p.buckets; j++) expect(p.lb[j]).toBe(searchCum(cum, j === p.buckets ? Infinity : (p.total * j) / p.buckets, 0, n - 1));
    });
  }

  for (const n of [1, 2, 1_000, 2_000_000]) {
    it(`picks among ${n} equal weights what the binary search picks, without a table`, () => {
      const cum = Float64Array.from({ length: n }, (_, i) => i + 1);
      const p = compilePicker(cum);
      expect(p.uniform).toBe(true);
      expect(p.lb.length).toBe(0);
      const rng = createStreams(5, 1);
      const edges = [Number.MIN_VALUE, 1e-12, 0.5 / n, 1 / n, 1 / n + 1e-15, 0.5, 1 - 1e-16, 1 - 2 ** -53];
      for (const u of edges) expect(pick(p, u)).toBe(searchCum(cum, u * n, 0, n - 1));
      for (let k = 0; k < 20_000; k++) {
        const u = nextOpen01(rng, 0);
        expect(pick(p, u)).toBe(searchCum(cum, u * n, 0, n - 1));
      }
    });
  }
  it('keeps the guide table when one weight differs', () => {
    const cum = Float64Array.from({ length: 100 }, (_, i) => i + 1 + (i >= 50 ? 1 : 0));
    expect(compilePicker(cum).uniform).toBe(false);
  });
});
