/**
 * Y scales (for the lab's charts and the after-action report) that keep the continuous flow readable. At the opening call the exchange uncrosses
 * the whole book at once: a single sample can read 200,000 fills "per second" against a flow of
 * 300 orders/s. Scaling to that spike flattens the flow to 0, so the scale follows the flow and
 * points far above it are drawn as markers (bursts) at the top, with their value.
 */

export interface FlowScale {
  /** The top of the visible y range. */
  max: number;
  /** Indexes of the points above `max`, shown as burst markers. */
  bursts: number[];
  /** The typical level of the flow (median of positive values), 0 when there is none. */
  flow: number;
}

/** A burst is a point more than this many times the flow's 90th percentile. */
export const BURST_FACTOR = 3;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function flowScale(values: readonly (number | null)[]): FlowScale {
  const positive = values.filter((v): v is number => v !== null && Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  if (positive.length === 0) return { max: 1, bursts: [], flow: 0 };
  const top = positive.at(-1)!;
  const flow = quantile(positive, 0.5);
  const cap = quantile(positive, 0.9) * BURST_FACTOR;
  if (top <= cap || positive.length < 5) return { max: niceCeil(top * 1.05), bursts: [], flow };
  const max = niceCeil(cap);
  const bursts: number[] = [];
  values.forEach((v, i) => v !== null && v > max && bursts.push(i));
  return { max, bursts, flow };
}

/** The next 1, 2 or 5 × 10^k at or above x, so the axis ends on a round number. */
export function niceCeil(x: number): number {
  if (x <= 0) return 1;
  let step = 1;
  while (step * 10 <= x) step *= 10;
  while (step > x) step /= 10;
  for (const m of [1, 2, 5, 10]) if (m * step >= x) return m * step;
  return 10 * step;
}

export interface PhaseRate {
  phase: string;
  /** Mean of the values over the phase's samples in the window. */
  mean: number;
  peak: number;
  samples: number;
}

/** The rate per trading phase over the samples given, in the order the phases first appear. */
export function ratesByPhase(values: readonly number[], phases: readonly string[]): PhaseRate[] {
  const by = new Map<string, { sum: number; peak: number; n: number }>();
  values.forEach((v, i) => {
    const p = phases[i];
    if (p === undefined || !Number.isFinite(v)) return;
    const e = by.get(p) ?? { sum: 0, peak: 0, n: 0 };
    e.sum += v;
    e.peak = Math.max(e.peak, v);
    e.n++;
    by.set(p, e);
  });
  return [...by].map(([phase, e]) => ({ phase, mean: e.sum / e.n, peak: e.peak, samples: e.n }));
}
