import { useEffect, useRef, type JSX } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SessionClient } from '../session/session.ts';
import type { Series } from '../engine/history.ts';
import { useStore } from '../store/use-store.ts';
import { useT } from '../i18n/use-i18n.ts';
import type { MessageKey } from '../i18n/i18n.ts';

interface ChartSpec {
  title: MessageKey;
  lines: { key: Exclude<keyof Series, 't'>; label: MessageKey; color: string }[];
}

const CHARTS: ChartSpec[] = [
  {
    title: 'chart.throughput',
    lines: [
      { key: 'throughput', label: 'series.done', color: '#22c55e' },
      { key: 'created', label: 'series.created', color: '#60a5fa' },
    ],
  },
  {
    title: 'chart.latency',
    lines: [
      { key: 'p50', label: 'series.p50', color: '#a3e635' },
      { key: 'p95', label: 'series.p95', color: '#facc15' },
      { key: 'p99', label: 'series.p99', color: '#f97316' },
    ],
  },
  { title: 'chart.queue', lines: [{ key: 'queue', label: 'series.queue', color: '#38bdf8' }] },
  {
    title: 'chart.rejects',
    lines: [
      { key: 'rejects', label: 'series.rejects', color: '#f43f5e' },
      { key: 'lost', label: 'series.lost', color: '#e879f9' },
    ],
  },
];

/** Live charts: uPlot draws from the history's arrays when a sample arrives, without React state per point. */
export function Charts({ client }: { client: SessionClient }): JSX.Element {
  const t = useT();
  const version = useStore(client.store, (s) => s.metricsVersion);
  const last = client.history?.last;
  const series = client.history?.series;
  const peak = series ? Math.max(0, ...series.rejects, ...series.lost) : 0;
  return (
    <section className="charts" data-testid="charts" data-lost={last?.lost ?? 0} data-rejected={last?.rejected ?? 0} data-rejects-peak={peak} data-points={series?.t.length ?? 0}>
      {CHARTS.map((spec) => (
        <Chart key={spec.title} spec={spec} title={t(spec.title)} labels={[t('chart.time'), ...spec.lines.map((l) => t(l.label))]} series={series} version={version} />
      ))}
    </section>
  );
}

/** labels: the x series' (time of day) first, then one per line; uPlot's legend would say "Value" otherwise. */
function Chart({ spec, title, labels, series, version }: { spec: ChartSpec; title: string; labels: string[]; series: Series | undefined; version: number }): JSX.Element {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const labelKey = labels.join('|');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(200, el.clientWidth);
    const u = new uPlot(
      {
        width,
        height: 140,
        legend: { show: true },
        cursor: { show: false },
        scales: { x: { time: false } },
        axes: [
          // Times of day in seconds: ticks on whole clock steps, at least 90 px apart so "09:26:40" never runs into the next.
          { stroke: '#94a3b8', values: (_u, ticks) => ticks.map(hhmmss), grid: { stroke: '#1e293b' }, space: 90, incrs: CLOCK_STEPS },
          { stroke: '#94a3b8', grid: { stroke: '#1e293b' }, size: 64 },
        ],
        series: [{ label: labels[0] }, ...spec.lines.map((l, i) => ({ label: labels[i + 1] ?? l.key, stroke: l.color, width: 1.5 }))],
      },
      [[], ...spec.lines.map(() => [])],
      el,
    );
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: 140 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Recreate only when the language (labels) changes; data flows through setData below.
  }, [spec, labelKey]);

  useEffect(() => {
    if (!plot.current || !series) return;
    plot.current.setData([series.t, ...spec.lines.map((l) => series[l.key])]);
  }, [version, series, spec]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} />
    </figure>
  );
}

/** Tick steps a person reads as clock steps (seconds): 1 s … 1 h. */
const CLOCK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

function hhmmss(s: number): string {
  const x = Math.floor(s);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(x / 3600))}:${pad(Math.floor((x % 3600) / 60))}:${pad(x % 60)}`;
}
