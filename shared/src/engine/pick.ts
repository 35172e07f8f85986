/**
 * Weighted pick from cumulative weights: the smallest i with cum[i] ≥ x (the last index when
 * none), as a plain binary search over the whole array gives, but started from a guide table
 * so a pick over thousands of accounts costs a few steps instead of fourteen. The table only
 * narrows the range the search runs in; the comparisons that decide the index are the same,
 * so the result is identical for every x.
 */
export interface Picker {
  cum: Float64Array; // cumulative weights
  lb: Int32Array; // lb[j] = pick(threshold j); lb[buckets] = cum.length - 1
  buckets: number;
  total: number;
  scale: number; // buckets / total
  uniform: boolean; // cum[i] = i + 1: every entry weighs 1, and the pick is arithmetic (no table)
}

/** Bucket j covers threshold(j) ≤ x < threshold(j + 1); computed, not stored, to spare a cache miss. */
function threshold(total: number, j: number, buckets: number): number {
  return (total * j) / buckets;
}

/** The reference search: lower bound of x in cum, clamped to the last index. */
export function searchCum(cum: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function compilePicker(cum: Float64Array): Picker {
  const n = cum.length;
  let uniform = true;
  for (let i = 0; i < n && uniform; i++) uniform = cum[i] === i + 1;
  // Equal weights (a real client's 2 M accounts): the lower bound is ceil(x) - 1, so no table of 4 M entries to miss in.
  if (uniform) return { cum, lb: new Int32Array(0), buckets: 0, total: n, scale: 0, uniform };
  // At least one bucket per entry (up to 4 M): over 2 M accounts the search then runs over 1-2 entries.
  let buckets = 1;
  while (buckets < n && buckets < 1 << 22) buckets *= 2;
  const total = n > 0 ? cum[n - 1]! : 0;
  const lb = new Int32Array(buckets + 1);
  // searchCum(cum, threshold j, 0, n - 1) for every j, in one walk: the thresholds only grow.
  let i = 0;
  for (let j = 0; j < buckets; j++) {
    const x = threshold(total, j, buckets);
    while (i < n - 1 && cum[i]! < x) i++;
    lb[j] = i;
  }
  lb[buckets] = n - 1;
  return { cum, lb, buckets, total, scale: total > 0 ? buckets / total : 0, uniform };
}

/** The index whose cumulative weight first reaches u × total, u in (0, 1). */
export function pick(p: Picker, u: number): number {
  const cum = p.cum;
  const total = p.total;
  const buckets = p.buckets;
  const x = u * total;
  if (p.uniform) {
    const i = Math.ceil(x) - 1;
    return i > 0 ? (i < total ? i : total - 1) : 0;
  }
  const last = buckets - 1;
  let j = Math.floor(x * p.scale);
  if (!(j >= 0))
    j = 0; // also NaN
  else if (j > last) j = last;
  while (j > 0 && threshold(total, j, buckets) > x) j--;
  while (j < last && threshold(total, j + 1, buckets) <= x) j++;
  return searchCum(cum, x, p.lb[j]!, p.lb[j + 1]!);
}
