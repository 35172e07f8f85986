import { useMemo, type JSX } from 'react';
import type { SessionClient } from '../session/session.ts';
import type { Series } from '../engine/history.ts';
import { useStore } from '../store/use-store.ts';
import { useLang, useT } from '../i18n/use-i18n.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import { TimeChart, type ChartLine } from './TimeChart.tsx';
import { ratesByPhase } from '@twinlab/shared/replay/flow-scale';
import { phaseName } from './describe.ts';
import { formatNumber } from '../i18n/format.ts';

interface ChartSpec {
  id: string;
  title: MessageKey;
  lines: { key: Exclude<keyof Series, 't'>; label: MessageKey; color: string }[];
  /** Rates: scale to the continuous flow, the opening call's uncross as a burst marker. */
  flow?: boolean;
}

const CHARTS: ChartSpec[] = [
  {
    id: 'throughput',
    title: 'chart.throughput',
    flow: true,
    lines: [
      { key: 'throughput', label: 'series.done', color: '#22c55e' },
      { key: 'created', label: 'series.created', color: '#60a5fa' },
    ],
  },
  {
    id: 'latency',
    title: 'chart.latency',
    lines: [
      { key: 'p50', label: 'series.p50', color: '#a3e635' },
      { key: 'p95', label: 'series.p95', color: '#facc15' },
      { key: 'p99', label: 'series.p99', color: '#f97316' },
    ],
  },
  { id: 'queue', title: 'chart.queue', lines: [{ key: 'queue', label: 'series.queue', color: '#38bdf8' }] },
  {
    id: 'rejects',
    title: 'chart.rejects',
    flow: true,
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
        <SeriesChart key={spec.id} spec={spec} series={series} phases={client.history?.phases} version={version} title={t(spec.title)} />
      ))}
    </section>
  );
}

function SeriesChart({ spec, series, phases, version, title }: { spec: ChartSpec; series: Series | undefined; phases: string[] | undefined; version: number; title: string }): JSX.Element {
  const t = useT();
  // The arrays are mutated in place by the history; the lines only need rebuilding when they are replaced.
  const lines = useMemo<ChartLine[]>(() => spec.lines.map((l) => ({ label: t(l.label), color: l.color, values: series?.[l.key] ?? [] })), [spec, series, t]);
  return (
    <TimeChart title={title} testId={`chart-${spec.id}`} t={series?.t ?? []} lines={lines} version={version} flow={spec.flow}>
      {spec.id === 'throughput' && series && phases && <PhaseRates values={series.throughput} phases={phases} />}
    </TimeChart>
  );
}

/** Done per second per trading phase in the window: the continuous rate next to the auction's. */
function PhaseRates({ values, phases }: { values: number[]; phases: string[] }): JSX.Element {
  const t = useT();
  const [lang] = useLang();
  const rates = ratesByPhase(values, phases).filter((r) => r.samples > 0);
  return (
    <p className="small muted phase-rates" data-testid="phase-rates">
      {rates.map((r) => (
        <span key={r.phase} data-phase={r.phase} data-mean={Math.round(r.mean)}>
          {t('chart.phaseRate', { phase: phaseName(t, r.phase), mean: formatNumber(lang, r.mean), peak: formatNumber(lang, r.peak) })}
        </span>
      ))}
    </p>
  );
}
