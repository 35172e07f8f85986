import type { LoadResult, OpenLoad } from './generator.ts';

/** What a step must meet to count as carried: nothing lost or refused, p99 under the bound. */
export const P99_LIMIT_MS = 50;

export interface Step {
  rate: number;
  r: LoadResult;
  ok: boolean;
}

export const carried = (r: LoadResult, p99Limit = P99_LIMIT_MS) => r.lost === 0 && r.refused === 0 && r.p99 < p99Limit;

/** The rates of a sweep: from `start`, each `factor` times the last, up to `max`. */
export function rates(start: number, factor: number, max: number): number[] {
  if (!(start > 0) || !(factor > 1) || !(max >= start)) throw new Error(`rates: expected 0 < start ≤ max and factor > 1, got ${start}, ${factor}, ${max}`);
  const out: number[] = [];
  for (let r = start; r <= max; r *= factor) out.push(Math.round(r));
  return [...new Set(out)];
}

/**
 * Drive the same connected participants at rising rates until a step is not carried (or the
 * rates run out); one more step after the first miss shows the curve past the knee. The
 * saturation point is the highest carried rate below the first miss.
 */
export async function sweep(
  load: OpenLoad,
  steps: readonly number[],
  o: { warmupSeconds: number; seconds: number; log: (s: string) => void },
): Promise<{ steps: Step[]; saturation: number | undefined }> {
  const out: Step[] = [];
  let misses = 0;
  for (const rate of steps) {
    const r = await load.measure(rate, o.warmupSeconds, o.seconds);
    const ok = carried(r);
    out.push({ rate, r, ok });
    o.log(`  ${String(rate).padStart(6)} commands/s: p99 ${r.p99.toFixed(1)} ms, lost ${r.lost}, refused ${r.refused} ${ok ? '' : '← not carried'}`);
    if (!ok && ++misses >= 2) break;
  }
  return { steps: out, saturation: highestCarried(out) };
}

/** The highest rate carried with every lower step carried too. */
export function highestCarried(steps: readonly Step[]): number | undefined {
  let best: number | undefined;
  for (const s of [...steps].sort((a, b) => a.rate - b.rate)) {
    if (!s.ok) break;
    best = s.rate;
  }
  return best;
}

/** The curve as text: one bar per step, its length the p99 against the bound. */
export function curve(steps: readonly Step[], width = 40): string {
  return steps
    .map((s) => {
      const n = Math.min(width, Math.round((s.r.p99 / P99_LIMIT_MS) * (width / 2)));
      return `${String(s.rate).padStart(6)}/s |${'#'.repeat(Math.max(0, n)).padEnd(width)}| p99 ${s.r.p99.toFixed(1).padStart(7)} ms  lost ${s.r.lost}${s.ok ? '' : '  ✗'}`;
    })
    .join('\n');
}
