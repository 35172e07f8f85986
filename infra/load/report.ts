import type { LoadResult } from './generator.ts';

const pad = (s: string, n: number, left = false) => (left ? s.padEnd(n) : s.padStart(n));

/** The side-by-side table of setups: delivery latency percentiles and loss. */
export function table(rows: { setup: string; r: LoadResult }[]): string {
  const head = ['setup', 'participants', 'sessions', 'cmds/s', 'acked', 'delivered', 'lost', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const widths = [34, 12, 8, 7, 13, 10, 6, 8, 8, 8, 8];
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, i === 0)).join('  ');
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const { setup, r } of rows) {
    out.push(
      line([
        setup,
        String(r.participants),
        String(r.sessions),
        (r.submitted / r.seconds).toFixed(1),
        `${r.acknowledged}/${r.sentTotal}`,
        `${r.delivered}/${r.expected}`,
        String(r.lost),
        r.p50.toFixed(1),
        r.p95.toFixed(1),
        r.p99.toFixed(1),
        r.max.toFixed(1),
      ]),
    );
  }
  return out.join('\n');
}
