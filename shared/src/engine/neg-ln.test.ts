import { describe, expect, it } from 'vitest';
import { ln } from './math.ts';
import { negLnUnit } from './neg-ln.ts';
import { createStreams, nextU32 } from './rng.ts';

const reference = (u: number) => -ln((u + 0.5) / 2 ** 32);

describe('negLnUnit', () => {
  // Absolute error is what reaches a sample (value × mean, rounded to whole µs); near U = 1 the
  // value itself is tiny, so a relative bound would only measure cancellation.
  it('agrees with fdlibm ln to 1e-15 over a million draws and at the edges', () => {
    const rng = createStreams(7, 1);
    const edges = [0, 1, 2, 3, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
    let worst = 0;
    for (let i = 0; i < 1_000_000 + edges.length; i++) {
      const u = i < edges.length ? edges[i]! : nextU32(rng, 0);
      const want = reference(u);
      const err = Math.abs(negLnUnit(u) - want);
      if (err > worst) worst = err;
    }
    expect(worst).toBeLessThan(4e-15); // two ulps of the largest values (about 8–22)
  });

  it('never returns a negative or non-finite value (a service time is at least 0 µs)', () => {
    for (const u of [0, 1, 0xffffffff, 0xfffffff0]) {
      expect(Number.isFinite(negLnUnit(u))).toBe(true);
      expect(negLnUnit(u)).toBeGreaterThan(0);
    }
  });

  it('is exactly the value the draw stood for at a power of two', () => {
    // u + 0.5 = 2^31 + 0.5 ≈ 2^31: −ln(1/2) = ln 2 within one ulp
    expect(negLnUnit(0x7fffffff)).toBeCloseTo(Math.LN2, 9);
    expect(negLnUnit(0)).toBeCloseTo(33 * Math.LN2, 12);
  });
});
