import { marketSummary } from './market-summary.ts';
import type { MetricsSummary } from './api.ts';
import type { Model } from './compile.ts';
import { summarize } from './histogram.ts';
import { reportBacklog, waitingAt } from './station.ts';
import { COUNT, FLAG_IN_DOUBT, ST, STATE_NAMES, type StateName } from './codes.ts';
import type { SimState } from './state.ts';
import { timeOfDay, tradingAt } from './days.ts';
import { drSummary } from './dr-summary.ts';
import { duplicates, resubmitted } from './resubmit.ts';
import { ORD_I, O_ACCOUNT, O_FLAGS, O_STATE } from './order-layout.ts';

export function phaseName(m: Model, s: SimState): string {
  if (!tradingAt(m.days, s.now)) return 'closed';
  const session = m.sessions[s.session];
  if (session) return session.phase;
  const tod = timeOfDay(s.now);
  if (m.sessions.length === 0 || tod < m.sessions[0]!.start) return 'pre_market';
  return tod >= m.sessions[m.sessions.length - 1]!.end ? 'after_close' : 'break';
}

/** Orders final as the engine knows the truth: done at the exchange, rejected, failed on the way, or settled absent. */
export function finalByCount(s: SimState): number {
  const c = s.counts;
  return c[COUNT.DONE]! + c[COUNT.REJECTED]! + c[COUNT.FAILED]! + c[COUNT.VOIDED]!;
}

function inDoubt(s: SimState): number {
  let n = 0;
  for (const o of s.inDoubt) if (s.ordI[o * ORD_I + O_FLAGS]! & FLAG_IN_DOUBT) n++;
  return n;
}

/** The account with the most open orders and how many; counted when metrics are read, not per order. */
function topAccount(s: SimState): [number, number] {
  const open = new Map<number, number>();
  let top = -1;
  let most = 0;
  for (const o of s.liveOrders) {
    const st = s.ordI[o * ORD_I + O_STATE]!;
    if (st !== ST.REPORTED && st !== ST.PARTIAL) continue;
    const a = s.ordI[o * ORD_I + O_ACCOUNT]!;
    const n = (open.get(a) ?? 0) + 1;
    open.set(a, n);
    if (n > most || (n === most && a < top)) [top, most] = [a, n];
  }
  return [top, most];
}

/** Reports waiting at every node and the longest any has waited: a report burst is lag, never loss (station.ts serveReport). */
function reportLag(s: SimState, N: number): { backlog: number; lag: number } {
  let backlog = 0;
  let lag = 0;
  for (let n = 0; n < N; n++) {
    const [count, waited] = reportBacklog(s, n, s.now);
    backlog += count;
    if (waited > lag) lag = waited;
  }
  return { backlog, lag };
}

/** tailSeconds: keep only the last seconds of the per-second series (checks need 10 s, not the day). */
export function summarizeMetrics(m: Model, s: SimState, tailSeconds?: number): MetricsSummary {
  const c = s.counts;
  const created = c[COUNT.CREATED]!;
  const terminal = finalByCount(s);
  const N = m.nodeIds.length;
  const [top, topOpen] = topAccount(s);
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
      failed: s.stateCounts[ST.FAILED]!,
      inFlight: created - terminal,
      held: s.stateCounts[ST.HELD]!,
      inDoubt: inDoubt(s),
      settled: c[COUNT.SETTLED]!,
      voided: c[COUNT.VOIDED]!,
      wrongInvalid: c[COUNT.WRONG_INVALID]!,
      backlogSent: c[COUNT.BACKLOG_SENT]!,
      backlogCancelled: c[COUNT.BACKLOG_CANCELLED]!,
      killRejects: c[COUNT.KILL_REJECTS]!,
      rateRejects: c[COUNT.RATE_REJECTS]!,
      cancelsWrongPbu: c[COUNT.WRONG_PBU]!,
      topAccount: top,
      topAccountOpen: topOpen,
      cancelRejects: c[COUNT.CANCEL_REJECTS]!,
      closingCall: c[COUNT.CLOSING_CALL]!,
      resubmitted: resubmitted(s),
      duplicates: duplicates(s),
      states: Object.fromEntries(STATE_NAMES.map((name, i) => [name, s.stateCounts[i]!])) as Record<StateName, number>,
    },
    reports: {
      delivered: c[COUNT.RPT_DELIVERED]!,
      lost: c[COUNT.RPT_LOST]!,
      gaps: c[COUNT.RPT_GAPS]!,
      duplicates: c[COUNT.RPT_DUPLICATES]!,
      doublePosted: c[COUNT.RPT_DOUBLE_POSTED]!,
      ...reportLag(s, N),
    },
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
    series: series(m, s, tailSeconds),
    market: marketSummary(m, s),
    ...(s.dr !== undefined ? { dr: drSummary(m, s, s.dr) } : {}),
  };
}

function series(m: Model, s: SimState, tail: number | undefined): MetricsSummary['series'] {
  const e = Math.floor((s.now - m.windowStart) / 1_000_000);
  const k0 = tail === undefined ? 0 : Math.max(0, Math.min(s.seriesDone.length, e - tail));
  const k1 = tail === undefined ? s.seriesDone.length : Math.max(k0, Math.min(s.seriesDone.length, e + 1));
  return {
    t0: m.windowStart + k0 * 1_000_000,
    step: 1_000_000,
    created: Array.from(s.seriesCreated.subarray(k0, k1)),
    done: Array.from(s.seriesDone.subarray(k0, k1)),
    rejected: Array.from(s.seriesRejected.subarray(k0, k1)),
  };
}
