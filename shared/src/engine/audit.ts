import type { AuditReport } from './api.ts';
import type { Model } from './compile.ts';
import { COUNT, isTerminal, type SimState } from './state.ts';

/**
 * Invariants recomputed from the raw state, independently of the running counters, so a leak
 * or a double count shows up as a difference (DESIGN.md: invariants checked at every checkpoint).
 */
export function audit(m: Model, s: SimState): AuditReport {
  const free = new Set<number>();
  for (let i = 0; i < s.ordPool.freeCount; i++) free.add(s.ordPool.free[i]!);
  let live = 0;
  let behind = 0;
  for (let o = 0; o < s.ordPool.capacity; o++) {
    if (free.has(o)) continue;
    if (!isTerminal(s.ordStatus[o]!)) live++;
    if (s.ordCounter[o]! >= 0 && s.ordCumQty[o]! < s.ordFilled[o]!) behind++;
  }
  const c = s.counts;
  const inFlightByCount = c[COUNT.CREATED]! - c[COUNT.DONE]! - c[COUNT.REJECTED]! - c[COUNT.LOST]!;

  const cashBreaks: number[] = [];
  for (let a = 0; a < m.accountCount; a++) {
    const total = s.cash[a]! + s.frozen[a]! + s.fees[a]! + s.bought[a]! - s.sold[a]!;
    if (total !== m.openingCash) cashBreaks.push(a);
  }
  let negativePositions = 0;
  for (let i = 0; i < s.position.length; i++) if (s.position[i]! < 0 || s.sellable[i]! < 0) negativePositions++;
  let resting = 0;
  for (const book of s.books) resting += book.length;
  return {
    ordersInFlight: live,
    ordersInFlightByCount: inFlightByCount,
    restingOrders: resting,
    cashBreaks,
    negativePositions,
    reportGaps: c[COUNT.RPT_GAPS]!,
    booksBehindExchange: behind,
  };
}
