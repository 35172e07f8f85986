import { formatClock } from '@twinlab/shared/scenario/units';
import { flowScale, niceCeil } from '@twinlab/shared/replay/flow-scale';

/** A line of the chart: one value per time, on the left axis (scaled to the flow) or the right one. */
export interface SvgLine {
  values: readonly number[];
  color: string;
  right?: boolean;
}

export interface SvgChart {
  /** µs since midnight, one per point. */
  t: readonly number[];
  lines: SvgLine[];
  markers?: { t: number; color: string }[];
  width?: number;
  height?: number;
  /** Draws the values as in the lab: compact numbers in the reader's language. */
  format: (n: number) => string;
  label: string;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/**
 * A chart as inline SVG, so the report stays one file without scripts and prints sharp. The left
 * axis follows the continuous flow (flowScale): a point far above it is a ▲ marker with its value.
 */
export function lineChartSvg(c: SvgChart): string {
  const W = c.width ?? 720;
  const H = c.height ?? 160;
  const L = 48;
  const R = 48;
  const T = 10;
  const B = 20;
  if (c.t.length < 2) return '';
  const t0 = c.t[0]!;
  const t1 = c.t.at(-1)!;
  const x = (t: number) => r1(L + ((t - t0) / Math.max(1, t1 - t0)) * (W - L - R));
  const left = c.lines.filter((l) => !l.right);
  const right = c.lines.filter((l) => l.right);
  const ls = flowScale(left.flatMap((l) => l.values));
  const rmax = niceCeil(Math.max(0, ...right.flatMap((l) => l.values)) * 1.05);
  const y = (v: number, max: number) => r1(T + (1 - Math.min(v, max) / max) * (H - T - B));
  const path = (l: SvgLine) => {
    const max = l.right ? rmax : ls.max;
    return `<path d="${l.values.map((v, i) => `${i ? 'L' : 'M'}${x(c.t[i]!)} ${y(v, max)}`).join('')}" fill="none" stroke="${l.color}" stroke-width="1.5"/>`;
  };
  const ticks = Array.from({ length: 5 }, (_, i) => t0 + ((t1 - t0) * i) / 4);
  const bursts = left.flatMap((l) => l.values.flatMap((v, i) => (v > ls.max ? [`<text x="${x(c.t[i]!)}" y="${T + 9}" class="burst" text-anchor="middle">▲ ${c.format(v)}</text>`] : [])));
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${c.label}" xmlns="http://www.w3.org/2000/svg">
<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" class="plot"/>
${ticks.map((t) => `<text x="${x(t)}" y="${H - 5}" text-anchor="middle">${formatClock(Math.round(t)).slice(0, 8)}</text>`).join('')}
<text x="${L - 4}" y="${T + 8}" text-anchor="end">${c.format(ls.max)}</text><text x="${L - 4}" y="${H - B}" text-anchor="end">0</text>
${right.length ? `<text x="${W - R + 4}" y="${T + 8}">${c.format(rmax)}</text>` : ''}
${(c.markers ?? [])
  .filter((m) => m.t >= t0 && m.t <= t1)
  .map((m) => `<line x1="${x(m.t)}" x2="${x(m.t)}" y1="${T}" y2="${H - B}" stroke="${m.color}" stroke-dasharray="3 3"/>`)
  .join('')}
${c.lines.map(path).join('\n')}
${bursts.join('')}
</svg>`;
}
