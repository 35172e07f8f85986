import type { Model } from './compile.ts';
import { MARKET_CODE } from './board.ts';
import { HOLD, REJECT, type MarketState } from './market-state.ts';
import { MSG } from './codes.ts';
import type { SimState } from './state.ts';
import { linkBetween } from './links.ts';
import { actual } from './wire.ts';
import { refuseUninitialised } from './night.ts';
import { configOverride } from './node-config.ts';
import { ORD_I, O_COUNTER, O_INSTRUMENT } from './order-layout.ts';

/**
 * What a counter checks before it takes an order, beyond funds and positions, and what it holds
 * back: the start-of-day file (docs/domain.md E3 5), market data (C4), SSE's pre-open (E1).
 */

export { REJECT };

/** Count a refusal by reason; returns false so a check can `return reject(...)`. */
export function reject(s: SimState, reason: number): false {
  s.mkt.rejectBy[reason]!++;
  return false;
}

/** The feed a counter reads is down, cut off from it or stale. */
export function quotesStale(m: Model, s: SimState, n: number, feed: number): boolean {
  const f = actual(s, feed); // a feed failed over to its standby: the counter reads that one
  if (s.nodeDown[f] || s.mkt.feedStale[f]) return true;
  const link = linkBetween(m, f, n);
  return link >= 0 && s.linkCut[link] === 1;
}

function holdsOnStale(m: Model, s: SimState, n: number): boolean {
  const v = configOverride(s, n, 'marketData.onStale');
  return v === undefined ? m.mkt.holdOnStale : v === 'hold';
}

/** True (and counted) when counter n refuses the order before looking at funds. */
export function counterRejects(m: Model, s: SimState, n: number): boolean {
  // Until last night's clearing has initialised the day, the counter's books are yesterday's.
  if (s.night && refuseUninitialised(s, s.now)) return true;
  // Without today's securities / price-limit file the counter knows no symbol and no limit price.
  if (m.mkt.sodMissing && configOverride(s, n, 'sod.securitiesFile') !== 'loaded') return !reject(s, REJECT.SOD_MISSING);
  const feed = m.mkt.nodeFeed[n]!;
  if (feed >= 0 && quotesStale(m, s, n, feed) && !holdsOnStale(m, s, n)) return !reject(s, REJECT.NO_QUOTES);
  return false;
}

/**
 * Should message msg, served by counter n, wait there instead of going on? SSE's counter holds
 * what clients send 09:25-09:30 until the open (E1, unsure on today's TDGW); a counter whose quotes
 * are stale holds priced orders when so configured; a cancel of a held order waits behind it.
 */
export function holdAtCounter(m: Model, s: SimState, msg: number, n: number): boolean {
  const o = s.msgOrder[msg]!;
  if (s.ordI[o * ORD_I + O_COUNTER] !== n) return false;
  const mk = s.mkt;
  let why = 0;
  if (m.mkt.sessionPreOpen[s.session + 1] === 1 && m.instrumentMarket[s.ordI[o * ORD_I + O_INSTRUMENT]!] === MARKET_CODE.SSE) why = HOLD.PRE_OPEN;
  else if (s.msgKind[msg] === MSG.ORDER) {
    const feed = m.mkt.nodeFeed[n]!;
    if (feed >= 0 && quotesStale(m, s, n, feed)) why = HOLD.QUOTES; // counterRejects let it through: the counter holds
  } else if (mk.held.length > 0) why = heldReason(mk, s, o);
  if (why === 0) return false;
  mk.held.push(msg);
  mk.heldWhy.push(why);
  return true;
}

/**
 * Why the first held message of order o waits (0: none). At a real client's open the held list
 * runs to hundreds of thousands, so the answer comes from an order → reason map derived from it,
 * kept outside the state: appends are added as they come, a replaced list (released, restored)
 * is read again.
 */
interface HeldIndex {
  list: number[];
  seen: number;
  why: Map<number, number>;
}
const heldIndexes = new WeakMap<MarketState, HeldIndex>();

function heldReason(mk: MarketState, s: SimState, o: number): number {
  let x = heldIndexes.get(mk);
  if (x === undefined || x.list !== mk.held) {
    x = { list: mk.held, seen: 0, why: new Map() };
    heldIndexes.set(mk, x);
  }
  for (; x.seen < mk.held.length; x.seen++) {
    const held = s.msgOrder[mk.held[x.seen]!]!;
    if (!x.why.has(held)) x.why.set(held, mk.heldWhy[x.seen]!);
  }
  return x.why.get(o) ?? 0;
}

/** Send on what waits for `why`, in the order it arrived; send forwards one message from its counter. */
export function releaseHeld(m: Model, s: SimState, why: number, t: number, send: (msg: number, node: number, t: number) => void): number {
  const mk = s.mkt;
  const go: number[] = [];
  const keepMsg: number[] = [];
  const keepWhy: number[] = [];
  for (let i = 0; i < mk.held.length; i++) {
    const msg = mk.held[i]!;
    const n = s.msgNode[msg]!;
    // A counter that is down sends nothing; what it committed goes when it is back (effects.ts recompute).
    const ready = mk.heldWhy[i] === why && !s.nodeDown[n] && (why === HOLD.PRE_OPEN ? m.mkt.sessionPreOpen[s.session + 1] !== 1 : !quotesStale(m, s, n, m.mkt.nodeFeed[n]!));
    if (ready) go.push(msg);
    else {
      keepMsg.push(msg);
      keepWhy.push(mk.heldWhy[i]!);
    }
  }
  if (go.length === 0) return 0;
  mk.held = keepMsg;
  mk.heldWhy = keepWhy;
  for (const msg of go) send(msg, s.msgNode[msg]!, t);
  return go.length;
}
