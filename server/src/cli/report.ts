import { formatClock, formatMoney, type MetricsSummary } from '@twinlab/shared';

const ms = (us: number) => (us / 1000).toFixed(us < 10_000 ? 2 : 1);
const n = (x: number) => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A plain-text metrics summary for a terminal, one line per node and link. */
export function formatSummary(title: string, seed: number, hash: string, m: MetricsSummary, wallMs: number): string {
  const o = m.orders;
  const lines = [
    `${title}  seed ${seed}  at ${formatClock(m.now)} (${m.phase})  state ${hash}`,
    `orders   created ${n(o.created)}  filled ${n(o.filled)}  cancelled ${n(o.cancelled)}  expired ${n(o.expired)}  rejected ${n(o.rejected)}  failed ${n(o.failed)}  in flight ${n(o.inFlight)}`,
    `counter  held ${n(o.held)}  in doubt ${n(o.inDoubt)}  settled ${n(o.settled)}  wrong 废单 ${n(o.wrongInvalid)}`,
    `reports  delivered ${n(m.reports.delivered)}  lost ${n(m.reports.lost)}  ReportIndex gaps ${n(m.reports.gaps)}  waiting ${n(m.reports.backlog)}  lag ${n(m.reports.lag)} µs`,
    `latency  end to end (ms)  mean ${ms(m.endToEnd.mean)}  p50 ${ms(m.endToEnd.p50)}  p95 ${ms(m.endToEnd.p95)}  p99 ${ms(m.endToEnd.p99)}  max ${ms(m.endToEnd.max)}`,
    '',
    'node                 state     processed    rejected   lost  queue  max q   mean ms   p99 ms',
    ...m.nodes.map(
      (x) =>
        `${x.id.padEnd(20)} ${x.state.padEnd(9)} ${n(x.processed).padStart(10)} ${n(x.rejected).padStart(11)} ${n(x.lost).padStart(6)} ${String(x.queueDepth).padStart(6)} ${String(x.maxQueueDepth).padStart(6)} ${ms(x.sojourn.mean).padStart(9)} ${ms(x.sojourn.p99).padStart(8)}`,
    ),
    '',
    'link                           carried     lost  connected',
    ...m.links.map((l) => `${l.id.padEnd(28)} ${n(l.carried).padStart(10)} ${n(l.lost).padStart(8)}  ${l.connected ? 'yes' : 'NO'}`),
    '',
    `${n(m.events)} events in ${wallMs.toFixed(0)} ms wall (${n(Math.round(m.events / (wallMs / 1000)))} events/s)`,
  ];
  return lines.join('\n');
}

export { formatMoney };
