import type { AuditReport } from './api.ts';
import type { Model } from './compile.ts';
import { BOOK_WORDS, COUNT, ST, STATE_COUNT, isTerminal } from './codes.ts';
import { finalByCount } from './metrics.ts';
import type { SimState } from './state.ts';
import { A_BANK_NET, A_BOUGHT, A_CASH, A_FEES, A_FROZEN, A_SOLD, acctAt, acctIdAt, openingOf, P_QTY, P_SELLABLE, POS_WORDS } from './book.ts';
import { ORD_I, O_COUNTER, O_CUM_QTY, O_FILLED, O_STATE, O_STATUS } from './order-layout.ts';

/**
 * Invariants recomputed from the raw state, independently of the running counters, so a leak
 * or a double count shows up as a difference (docs/design.md, ground truth: invariants checked at every checkpoint).
 */
export function audit(m: Model, s: SimState): AuditReport {
  const free = new Set<number>();
  for (let i = 0; i < s.ordPool.freeCount; i++) free.add(s.ordPool.free[i]!);
  let live = 0;
  let behind = 0;
  const open = new Float64Array(STATE_COUNT);
  for (let o = 0; o < s.ordPool.capacity; o++) {
    if (free.has(o)) continue;
    if (!isTerminal(s.ordI[o * ORD_I + O_STATUS]!)) live++;
    if (s.ordI[o * ORD_I + O_COUNTER]! >= 0 && s.ordI[o * ORD_I + O_CUM_QTY]! < s.ordI[o * ORD_I + O_FILLED]!) behind++;
    open[s.ordI[o * ORD_I + O_STATE]!]!++;
  }
  const c = s.counts;
  const inFlightByCount = c[COUNT.CREATED]! - finalByCount(s);
  let total = 0;
  let drift = 0;
  for (let k = 0; k < STATE_COUNT; k++) {
    total += s.stateCounts[k]!;
    // Final orders leave the pool once nothing names them; the others must all be there.
    if (k < ST.FILLED) drift += Math.abs(open[k]! - s.stateCounts[k]!);
  }

  const cashBreaks: number[] = [];
  // Untouched accounts and positions hold their opening values: only touched ones can break.
  const b = s.book;
  const credited = s.night?.credited;
  for (let x = 0; x < b.accounts; x++) {
    // bankNet: transfers in − out; credited: dividends the night's clearing paid (engine/clearing.ts)
    const a = acctIdAt(b, x);
    const total = acctAt(b, x, A_CASH) + acctAt(b, x, A_FROZEN) + acctAt(b, x, A_FEES) + acctAt(b, x, A_BOUGHT) - acctAt(b, x, A_SOLD) - acctAt(b, x, A_BANK_NET) - (credited ? credited[a]! : 0);
    if (total !== openingOf(m, b, x)) cashBreaks.push(a);
  }
  cashBreaks.sort((x, y) => x - y);
  let negativePositions = 0;
  for (let w = 0; w < b.positions * POS_WORDS; w += POS_WORDS) if (b.pos[w + P_QTY]! < 0 || b.pos[w + P_SELLABLE]! < 0) negativePositions++;
  let resting = 0;
  for (const book of s.books) resting += book.length / BOOK_WORDS;
  return {
    ordersInFlight: live,
    ordersInFlightByCount: inFlightByCount,
    ordersWithoutState: c[COUNT.CREATED]! - total,
    stateCountDrift: drift,
    restingOrders: resting,
    cashBreaks,
    negativePositions,
    reportGaps: c[COUNT.RPT_GAPS]!,
    booksBehindExchange: behind,
  };
}
