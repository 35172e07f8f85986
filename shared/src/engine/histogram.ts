import type { LatencySummary } from './api.ts';

/**
 * Log-bucketed latency histogram in integers (HDR-style): 32 sub-buckets per power of two,
 * so a percentile is within about 3% of the exact value; no floats enter the state.
 */
const SUB_BITS = 5;
const SUB = 1 << SUB_BITS;
export const BUCKETS = (32 - SUB_BITS + 1) * SUB;
const MAX_VALUE = 0x7fffffff;

export function bucketOf(v: number): number {
  if (v < SUB) return v < 0 ? 0 : v;
  if (v > MAX_VALUE) v = MAX_VALUE;
  const exp = 31 - Math.clz32(v) - SUB_BITS + 1; // ≥ 1
  return exp * SUB + ((v >>> (exp - 1)) & (SUB - 1));
}

/** Lowest value that falls in bucket b. */
export function bucketFloor(b: number): number {
  if (b < SUB) return b;
  const exp = Math.floor(b / SUB);
  const sub = b % SUB;
  return (SUB + sub) * (1 << (exp - 1));
}

/** Histograms live as rows of one Float64Array (counts, then count/sum/max in 3 extra cells). */
export const HIST_STRIDE = BUCKETS + 3;

export function record(h: Float64Array, row: number, v: number): void {
  const o = row * HIST_STRIDE;
  h[o + bucketOf(v)]!++;
  h[o + BUCKETS]!++;
  h[o + BUCKETS + 1]! += v;
  if (v > h[o + BUCKETS + 2]!) h[o + BUCKETS + 2] = v;
}

export function summarize(h: Float64Array, row: number): LatencySummary {
  const o = row * HIST_STRIDE;
  const count = h[o + BUCKETS]!;
  const pct = (p: number) => {
    if (count === 0) return 0;
    const rank = Math.ceil((count * p) / 100);
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += h[o + b]!;
      if (seen >= rank) return bucketFloor(b);
    }
    return h[o + BUCKETS + 2]!;
  };
  return { count, mean: count === 0 ? 0 : Math.round(h[o + BUCKETS + 1]! / count), p50: pct(50), p95: pct(95), p99: pct(99), max: h[o + BUCKETS + 2]! };
}
