import type { MetricsSummary } from './api.ts';
import type { Model } from './compile.ts';
import { summarize } from './histogram.ts';
import { waitingAt } from './station.ts';
import { COUNT, type SimState } from './state.ts';

export function phaseName(m: Model, s: SimState): string {
  if (!m.isTradingDay) return 'closed';
  const session = m.sessions[s.session];
  if (session) return session.phase;
  if (m.sessions.length === 0 || s.now < m.sessions[0]!.start) return 'pre_market';
  return s.now >= m.sessions[m.sessions.length - 1]!.end ? 'after_close' : 'break';
}

export function summarizeMetrics(m: Model, s: SimState): MetricsSummary {
  const c = s.counts;
  const created = c[COUNT.CREATED]!;
  const terminal = c[COUNT.DONE]! + c[COUNT.REJECTED]! + c[COUNT.LOST]!;
  const N = m.nodeIds.length;
  return {
    now: s.now,
    phase: phaseName(m, s),
    orders: {
      created,
      done: c[COUNT.DONE]!,
      filled: c[COUNT.FILLED]!,
      cancelled: c[COUNT.CANCELLED]!,
      expired: c[COUNT.EXPIRED]!,
      rejected: c[COUNT.REJECTED]!,
      lost: c[COUNT.LOST]!,
      inFlight: created - terminal,
    },
    reports: { delivered: c[COUNT.RPT_DELIVERED]!, lost: c[COUNT.RPT_LOST]!, gaps: c[COUNT.RPT_GAPS]! },
    events: s.events,
    endToEnd: summarize(s.hist, N),
    nodes: m.nodeIds.map((id, n) => ({
      id,
      state: s.nodeDown[n] ? 'down' : s.nodeDrained[n] ? 'drained' : s.nodeSlow[n] !== 1 || s.nodeDiskFull[n] ? 'degraded' : 'up',
      processed: s.nodeProcessed[n]!,
      rejected: s.nodeRejected[n]!,
      lost: s.nodeLost[n]!,
      queueDepth: waitingAt(s, n, s.now),
      maxQueueDepth: s.nodeMaxQueue[n]!,
      sojourn: summarize(s.hist, n),
    })),
    links: m.linkIds.map((id, l) => ({ id, connected: !s.linkCut[l], carried: s.linkCarried[l]!, lost: s.linkLost[l]! })),
    series: {
      t0: m.windowStart,
      step: 1_000_000,
      created: Array.from(s.seriesCreated),
      done: Array.from(s.seriesDone),
      rejected: Array.from(s.seriesRejected),
    },
  };
}
