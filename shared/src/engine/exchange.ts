import { MARKET_CODE, type Model } from './compile.ts';
import { cageBuyCap, cageSellFloor, validBuyQty } from './board.ts';
import { reject, REJECT } from './gate.ts';
import { emitReport } from './reports.ts';
import { nextInt } from './rng.ts';
import { BOOK_WORDS, COUNT, ORD, RPT, SIDE_BUY, SIDE_SELL } from './codes.ts';
import { freeMsg, releaseOrder, type SimState } from './state.ts';
import { F_PRICE, ORD_F, ORD_I, O_FILLED, O_INSTRUMENT, O_LIVE_IDX, O_QTY, O_REFS, O_SIDE, O_STATUS } from './order-layout.ts';

/**
 * The simulated exchange: a price-time book per instrument for the firm's own orders, and the
 * rest of the market ("the street") as a reference price that walks one tick at a time and
 * offers a random number of lots at the touch. Enough for acks, fills, partial fills,
 * call-auction uncrossing, cancels and end-of-day expiry.
 */

export const STREET_TICK_US = 500_000;
/** How far behind the touch (in ticks) the street's flow still reaches a resting order. */
export const STREET_REACH = 3;

const exchangeStream = (m: Model) => m.streamExchange * 4;

/**
 * The matching engine's admission: the phase accepts orders, the price is inside the instrument's
 * limits (board, ST, IPO days: board.ts, precomputed in compile) and a buy is a valid lot.
 */
export function exchangeAdmits(m: Model, s: SimState, o: number): boolean {
  if (m.sessionAcceptOrders[s.session + 1] !== 1) return reject(s, REJECT.PHASE);
  const ins = s.ordI[o * ORD_I + O_INSTRUMENT]!;
  const p = s.ordF[o * ORD_F + F_PRICE]!;
  const I = m.ins;
  if (p > I.limitUp[ins]! || p < I.limitDown[ins]!) return reject(s, REJECT.PRICE_LIMIT);
  if (s.ordI[o * ORD_I + O_SIDE] === SIDE_BUY && !validBuyQty(s.ordI[o * ORD_I + O_QTY]!, I.minQty[ins]!, I.stepQty[ins]!)) return reject(s, REJECT.LOT);
  return true;
}

/** Inside the main-board price cage (continuous auction): a buy at most the cap, a sell at least the floor. */
function inCage(m: Model, s: SimState, o: number, ref: number): boolean {
  if (m.ins.cage[s.ordI[o * ORD_I + O_INSTRUMENT]!] !== 1) return true;
  return s.ordI[o * ORD_I + O_SIDE] === SIDE_BUY ? s.ordF[o * ORD_F + F_PRICE]! <= cageBuyCap(ref, 1) : s.ordF[o * ORD_F + F_PRICE]! >= cageSellFloor(ref, 1);
}

function streetLots(m: Model, s: SimState, exchange: number): number {
  return (1 + nextInt(s.rng, exchangeStream(m), m.nodeLiquidityLots[exchange]!)) * 100;
}

function isMarketable(s: SimState, o: number, ref: number): boolean {
  return s.ordI[o * ORD_I + O_SIDE] === SIDE_BUY ? s.ordF[o * ORD_F + F_PRICE]! >= ref + 1 : s.ordF[o * ORD_F + F_PRICE]! <= ref - 1;
}

/** A new order reaches the matching engine at t. Returns report flags for the ack message. */
export function acceptOrder(m: Model, s: SimState, exchange: number, o: number, t: number, continuous: boolean): void {
  const ins = s.ordI[o * ORD_I + O_INSTRUMENT]!;
  if (m.ipo !== null && m.ipo.issueOf[ins]! >= 0) {
    // A new-share subscription (docs/domain.md C8): acknowledged and kept for T+1's numbering, never
    // matched, and not among the live orders the clients' cancels pick from (engine/ipo.ts keeps it).
    s.ordI[o * ORD_I + O_STATUS] = ORD.LIVE;
    s.ordI[o * ORD_I + O_REFS]!++;
    emitReport(m, s, o, RPT.ACK, 0, 0, t);
    return;
  }
  const ref = s.refPrice[ins]!;
  let qty = 0;
  // Outside the cage it waits in the book (暂存) until the reference moves close enough.
  if (continuous && isMarketable(s, o, ref) && inCage(m, s, o, ref)) {
    qty = Math.min(s.ordI[o * ORD_I + O_QTY]!, streetLots(m, s, exchange));
    s.ordI[o * ORD_I + O_FILLED] = qty;
  }
  const price = s.ordI[o * ORD_I + O_SIDE] === SIDE_BUY ? ref + 1 : ref - 1;
  const full = qty === s.ordI[o * ORD_I + O_QTY]!;
  if (full) finish(s, o, ORD.FILLED);
  else rest(s, o);
  emitReport(m, s, o, RPT.ACK | (qty > 0 ? RPT.FILL : 0) | (full ? RPT.TERMINAL : 0), qty, qty * price, t);
}

function finish(s: SimState, o: number, status: number): void {
  s.ordI[o * ORD_I + O_STATUS] = status;
  const c = status === ORD.FILLED ? COUNT.FILLED : status === ORD.CANCELLED ? COUNT.CANCELLED : COUNT.EXPIRED;
  s.counts[c]!++;
  s.counts[COUNT.DONE]!++;
}

/**
 * A book is one array of (order, price) pairs, best price first and in time order within a price:
 * book[2k] the order slot, book[2k + 1] its limit. The price sits next to the order so the searches
 * and the street's sweep read one contiguous array instead of missing into ordPrice per entry
 * (at a real client's open a book holds thousands of orders).
 *
 * restIndex: where an order at price p joins its book, behind every order at a better or equal
 * price (price-time priority), as a pair index.
 */
export function restIndex(book: readonly number[], p: number, buy: boolean): number {
  let lo = 0;
  let hi = book.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const q = book[2 * mid + 1]!;
    if (buy ? q >= p : q <= p) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The pair index of order o in its book, -1 if it is not there: the first pair at its price, then on in time order. */
export function pairOf(book: readonly number[], o: number, p: number, buy: boolean): number {
  // Prices are whole fen: the first pair at p is behind every pair at a price a fen better.
  for (let k = restIndex(book, buy ? p + 1 : p - 1, buy); 2 * k < book.length && book[2 * k + 1] === p; k++) if (book[2 * k] === o) return k;
  return -1;
}

function rest(s: SimState, o: number): void {
  const book = s.books[s.ordI[o * ORD_I + O_INSTRUMENT]! * 2 + s.ordI[o * ORD_I + O_SIDE]!]!;
  const p = s.ordF[o * ORD_F + F_PRICE]!;
  const i = restIndex(book, p, s.ordI[o * ORD_I + O_SIDE] === SIDE_BUY);
  // Most orders join at the end; the native splice moves the rest in one block.
  if (2 * i === book.length) book.push(o, p);
  else book.splice(2 * i, 0, o, p);
  s.ordI[o * ORD_I + O_STATUS] = ORD.LIVE;
  s.ordI[o * ORD_I + O_REFS]!++;
  s.ordI[o * ORD_I + O_LIVE_IDX] = s.liveOrders.length;
  s.liveOrders.push(o);
}

function unrest(s: SimState, o: number): void {
  const book = s.books[s.ordI[o * ORD_I + O_INSTRUMENT]! * 2 + s.ordI[o * ORD_I + O_SIDE]!]!;
  const k = pairOf(book, o, s.ordF[o * ORD_F + F_PRICE]!, s.ordI[o * ORD_I + O_SIDE] === SIDE_BUY);
  // Not found (-1): the last one goes, as before.
  if (k < 0 || 2 * k === book.length - 2) book.length = book.length >= 2 ? book.length - 2 : 0;
  else book.splice(2 * k, 2);
  const i = s.ordI[o * ORD_I + O_LIVE_IDX]!;
  const moved = s.liveOrders.pop()!;
  if (moved !== o) {
    s.liveOrders[i] = moved;
    s.ordI[moved * ORD_I + O_LIVE_IDX] = i;
  }
}

/**
 * The street trades with resting orders from the best down to `limit`: each gets up to the
 * street's lots (a partial fill when it wants more), at `price`, or at its own limit when price < 0.
 */
function sweep(m: Model, s: SimState, exchange: number, ins: number, side: number, limit: number, price: number, t: number): void {
  const book = s.books[ins * 2 + side]!;
  if (book.length === 0) return; // most books, most ticks: skip the cage arithmetic
  const buy = side === SIDE_BUY;
  // In the continuous auction (price < 0) the price cage keeps orders beyond it out of the match.
  const caged = price < 0 && m.ins.cage[ins] === 1;
  const ref = s.refPrice[ins]!;
  const cap = caged ? (buy ? cageBuyCap(ref, 1) : cageSellFloor(ref, 1)) : 0;
  let i = 0;
  while (i < book.length) {
    const o = book[i]!;
    const p = book[i + 1]!;
    if (buy ? p < limit : p > limit) break;
    if (caged && (buy ? p > cap : p < cap)) {
      i += BOOK_WORDS;
      continue;
    }
    const qty = Math.min(streetLots(m, s, exchange), s.ordI[o * ORD_I + O_QTY]! - s.ordI[o * ORD_I + O_FILLED]!);
    s.ordI[o * ORD_I + O_FILLED] = s.ordI[o * ORD_I + O_FILLED]! + qty;
    const full = s.ordI[o * ORD_I + O_FILLED] === s.ordI[o * ORD_I + O_QTY];
    if (full) {
      unrest(s, o);
      finish(s, o, ORD.FILLED);
    } else i += BOOK_WORDS;
    emitReport(m, s, o, RPT.FILL | (full ? RPT.TERMINAL : 0), qty, qty * (price < 0 ? p : price), t);
    if (full) releaseOrder(s, o);
  }
}

/** The street moves one tick (mean-reverting to the previous close) and trades with the book. */
export function streetTick(m: Model, s: SimState, exchange: number, ins: number, t: number): void {
  const close = m.instrumentPrevClose[ins]!;
  let ref = s.refPrice[ins]!;
  const bias = Math.max(-20, Math.min(20, Math.trunc(((ref - close) * 1000) / close))); // per mille off the close
  const r = nextInt(s.rng, exchangeStream(m), 100);
  if (r < 40 - bias) ref += 1;
  else if (r >= 60 - bias) ref -= 1;
  ref = Math.max(m.ins.limitDown[ins]! + 1, Math.min(m.ins.limitUp[ins]! - 1, ref));
  s.refPrice[ins] = ref;
  // The street's own orders reach resting orders up to STREET_REACH ticks behind the touch.
  sweep(m, s, exchange, ins, SIDE_BUY, ref + 1 - STREET_REACH, -1, t);
  sweep(m, s, exchange, ins, SIDE_SELL, ref - 1 + STREET_REACH, -1, t);
}

/** End of a call auction: everything that crosses the reference trades at it. */
export function uncross(m: Model, s: SimState, exchange: number, ins: number, t: number): void {
  const ref = s.refPrice[ins]!;
  sweep(m, s, exchange, ins, SIDE_BUY, ref, ref, t);
  sweep(m, s, exchange, ins, SIDE_SELL, ref, ref, t);
}

/**
 * 09:25-09:30 (E1): SZSE takes cancels and processes them when the continuous auction opens; SSE's
 * never reach it (the counter holds them, gate.ts). True when the cancel was set aside.
 */
export function deferCancel(m: Model, s: SimState, msg: number): boolean {
  if (m.mkt.sessionPreOpen[s.session + 1] !== 1 || m.instrumentMarket[s.ordI[s.msgOrder[msg]! * ORD_I + O_INSTRUMENT]!] !== MARKET_CODE.SZSE) return false;
  s.mkt.deferredCancels.push(msg);
  return true;
}

/** The continuous auction opens after the pre-open: deferred cancels first, then what crosses the touch trades. */
export function openContinuous(m: Model, s: SimState, t: number): void {
  const cancels = s.mkt.deferredCancels;
  s.mkt.deferredCancels = [];
  for (const msg of cancels) {
    const o = s.msgOrder[msg]!;
    cancelOrder(m, s, o, t, true);
    freeMsg(s, msg);
    releaseOrder(s, o);
  }
  for (let ins = 0; ins < m.instrumentCount; ins++) {
    const exchange = m.instrumentExchange[ins]!;
    if (exchange < 0) continue;
    const ref = s.refPrice[ins]!;
    sweep(m, s, exchange, ins, SIDE_BUY, ref + 1, -1, t);
    sweep(m, s, exchange, ins, SIDE_SELL, ref - 1, -1, t);
  }
}

/** After the close every resting order expires. */
export function expireAll(m: Model, s: SimState, t: number): void {
  for (let k = 0; k < s.books.length; k++) {
    const book = s.books[k]!;
    while (book.length > 0) {
      const o = book[0]!;
      unrest(s, o);
      finish(s, o, ORD.EXPIRED);
      emitReport(m, s, o, RPT.TERMINAL, 0, 0, t);
      releaseOrder(s, o);
    }
  }
}

/** A cancel reaches the matching engine. */
export function cancelOrder(m: Model, s: SimState, o: number, t: number, allowed: boolean): void {
  if (allowed && s.ordI[o * ORD_I + O_STATUS] === ORD.LIVE && (m.ipo === null || m.ipo.issueOf[s.ordI[o * ORD_I + O_INSTRUMENT]!]! < 0)) {
    unrest(s, o);
    finish(s, o, ORD.CANCELLED);
    emitReport(m, s, o, RPT.TERMINAL, 0, 0, t);
    releaseOrder(s, o);
  } else {
    s.counts[COUNT.CANCEL_REJECTS]!++;
    emitReport(m, s, o, RPT.CANCEL_REJECT, 0, 0, t);
  }
}
