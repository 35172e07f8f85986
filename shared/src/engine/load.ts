import type { Model } from './compile.ts';
import { onArriveAtSource } from './flow.ts';
import { hash3, nextInt, nextOpen01 } from './rng.ts';
import { soldInstrument } from './holdings.ts';
import { pick } from './pick.ts';
import { sampleExp } from './sample.ts';
import { push } from './queue.ts';
import { COUNT, EV, FLAG_RESUBMIT, MSG, ORD, PRIO, SIDE_BUY, SIDE_SELL, ST } from './codes.ts';
import { resendDue, watch } from './resubmit.ts';
import { allocMsg, allocOrder, type SimState } from './state.ts';
import { collectPayment, drawLottery, quotaOf, subscriptionOf } from './ipo.ts';
import { IPO } from './market-state.ts';
import {
  F_CREATED,
  F_CUM_AMOUNT,
  F_FEE_PAID,
  F_FROZEN,
  F_ID,
  F_PRICE,
  F_SHADOW_FEE,
  ORD_F,
  ORD_I,
  O_ACCOUNT,
  O_ACCT_SLOT,
  O_COUNTER,
  O_CUM_QTY,
  O_FILLED,
  O_FLAGS,
  O_INSTRUMENT,
  O_PBU,
  O_POS_SLOT,
  O_QTY,
  O_REFS,
  O_ROUTE,
  O_SIDE,
  O_STATE,
  O_STATUS,
} from './order-layout.ts';

/**
 * Client flow: a Poisson stream of actions whose rate follows the trading phase, bursts and the
 * lead's load multiplier. A rate change draws a fresh gap (memorylessness makes that exact) and
 * bumps the generation epoch so the pending arrival of the old rate is ignored.
 */

export function currentRate(m: Model, s: SimState): number {
  if (s.session < 0) return 0;
  let rate = m.scenario.load.ordersPerSecond * m.sessionRate[s.session]! * s.loadMultiplier;
  const bursts = m.scenario.load.bursts;
  for (let i = 0; i < bursts.length; i++) if (s.burstActive[i]) rate *= bursts[i]!.multiplier;
  return rate;
}

export function rescheduleLoad(m: Model, s: SimState, t: number): void {
  s.genEpoch++;
  scheduleNext(m, s, t);
}

function scheduleNext(m: Model, s: SimState, t: number): void {
  const rate = currentRate(m, s);
  if (rate <= 0) return;
  push(s.q, t + sampleExp(s.rng, m.streamLoad * 4, 1_000_000 / rate), PRIO.TRAFFIC, EV.GENERATE, s.genEpoch);
}

export function onGenerate(m: Model, s: SimState, epoch: number, t: number): void {
  if (epoch !== s.genEpoch) return; // drawn at a rate that no longer holds
  if (s.resubmit !== undefined) resendDue(m, s, t, (o) => resend(m, s, o, t));
  clientAction(m, s, t);
  scheduleNext(m, s, t);
}

function clientAction(m: Model, s: SimState, t: number): void {
  const st = s.rng;
  const o0 = m.streamLoad * 4;
  const load = m.scenario.load;
  if (load.cancelRatio > 0 && s.liveOrders.length > 0 && nextOpen01(st, o0) < load.cancelRatio) {
    clientCancel(m, s, s.liveOrders[nextInt(st, o0, s.liveOrders.length)]!, t);
    return;
  }
  let ins = pick(m.instrumentPick, nextOpen01(st, o0));
  const candidates = routesFor(m, ins);
  let route = candidates.length > 1 ? chooseRoute(m, candidates, nextInt(st, o0, routeWeight(m, candidates))) : candidates[0]!;
  const o = allocOrder(s);
  const side = nextOpen01(st, o0) < load.buyRatio ? SIDE_BUY : SIDE_SELL;
  const aggressive = nextOpen01(st, o0) < load.marketableRatio;
  // Marketable orders cross the touch by 0–2 ticks; passive ones rest 0–2 ticks behind it.
  const ticks = aggressive ? 1 + nextInt(st, o0, 3) : -nextInt(st, o0, 3);
  s.ordF[o * ORD_F + F_ID] = s.nextOrderId++;
  const acct = pick(m.accountPick, nextOpen01(st, o0));
  if (side === SIDE_SELL && m.open.classed) {
    // Clients sell what they hold: one of the account's opening holdings, chosen by a hash (no draw).
    const held = soldInstrument(m.open, s.book.seed, acct, s.ordF[o * ORD_F + F_ID]!);
    if (held >= 0 && held !== ins) {
      ins = held;
      const c = routesFor(m, ins);
      route = c.length > 1 ? chooseRoute(m, c, hash3(s.book.seed, s.ordF[o * ORD_F + F_ID]!, 0x60) % routeWeight(m, c)) : c[0]!;
    }
  }
  const ref = s.refPrice[ins]!;
  const qty = (load.lots.min + nextInt(st, o0, load.lots.max - load.lots.min + 1)) * 100;
  place(m, s, o, acct, ins, route, side, side === SIDE_BUY ? ref + ticks : ref - ticks, qty, t, 0, true);
}

/** The client asks to cancel order o: a cancel enters at the first node of the order's route. */
function clientCancel(m: Model, s: SimState, o: number, t: number): void {
  const msg = allocMsg(s);
  s.msgKind[msg] = MSG.CANCEL;
  s.msgOrder[msg] = o;
  s.ordI[o * ORD_I + O_REFS]!++;
  onArriveAtSource(m, s, msg, t);
}

/** The client's app sends order o again, unconfirmed: a new order with the same terms, flagged, never resent itself. */
function resend(m: Model, s: SimState, o: number, t: number): number {
  const c = allocOrder(s);
  s.ordF[c * ORD_F + F_ID] = s.nextOrderId++;
  place(
    m,
    s,
    c,
    s.ordI[o * ORD_I + O_ACCOUNT]!,
    s.ordI[o * ORD_I + O_INSTRUMENT]!,
    s.ordI[o * ORD_I + O_ROUTE]!,
    s.ordI[o * ORD_I + O_SIDE]!,
    s.ordF[o * ORD_F + F_PRICE]!,
    s.ordI[o * ORD_I + O_QTY]!,
    t,
    FLAG_RESUBMIT,
    false,
  );
  return c;
}

/**
 * A new order o (its id drawn) enters at the first node of its route: the one way client orders are
 * made. `watched`: the client's app resends it if unconfirmed (engine/resubmit.ts).
 */
function place(m: Model, s: SimState, o: number, acct: number, ins: number, route: number, side: number, price: number, qty: number, t: number, flags: number, watched: boolean): void {
  s.ordI[o * ORD_I + O_ACCOUNT] = acct;
  s.ordI[o * ORD_I + O_INSTRUMENT] = ins;
  s.ordI[o * ORD_I + O_SIDE] = side;
  s.ordF[o * ORD_F + F_PRICE] = price;
  s.ordI[o * ORD_I + O_QTY] = qty < m.ins.minQty[ins]! ? m.ins.minQty[ins]! : qty; // STAR: at least 200 (board.ts)
  s.ordI[o * ORD_I + O_FILLED] = 0;
  s.ordI[o * ORD_I + O_STATUS] = ORD.NEW;
  s.ordI[o * ORD_I + O_ROUTE] = route;
  s.ordF[o * ORD_F + F_CREATED] = t;
  s.ordI[o * ORD_I + O_REFS] = 1;
  s.ordI[o * ORD_I + O_FLAGS] = flags;
  s.ordI[o * ORD_I + O_COUNTER] = -1;
  s.ordF[o * ORD_F + F_FROZEN] = 0;
  s.ordI[o * ORD_I + O_ACCT_SLOT] = -1;
  s.ordI[o * ORD_I + O_POS_SLOT] = -1;
  s.ordI[o * ORD_I + O_CUM_QTY] = 0;
  s.ordF[o * ORD_F + F_CUM_AMOUNT] = 0;
  s.ordF[o * ORD_F + F_FEE_PAID] = 0;
  s.ordF[o * ORD_F + F_SHADOW_FEE] = 0;
  // Through a counter it is the client's submission until the counter commits it; without one, the source keeps it.
  const state = m.routeCounterHop[route]! >= 0 ? ST.SUBMITTING : ST.UNSENT;
  s.ordI[o * ORD_I + O_STATE] = state;
  s.stateCounts[state]!++;
  s.ordI[o * ORD_I + O_PBU] = -1;
  s.counts[COUNT.CREATED]!++;
  const i = Math.floor((t - m.windowStart) / 1_000_000);
  if (i >= 0 && i < s.seriesCreated.length) s.seriesCreated[i]!++;
  const msg = allocMsg(s);
  s.msgKind[msg] = MSG.ORDER;
  s.msgOrder[msg] = o;
  if (watched) watch(m, s, o);
  onArriveAtSource(m, s, msg, t);
}

/**
 * The next order of a runaway algorithm (fault f, kind runaway): a buy of its symbol at the last
 * price, at a fixed rate and without drawing from the client stream, so the rest of the flow is the
 * same with or without it. A kill switch on the account (or the firm) cuts its order session: the
 * algorithm's orders stop arriving, rather than each being refused.
 */
export function onRunaway(m: Model, s: SimState, f: number, t: number): void {
  const fault = s.faults[f]!;
  const spec = fault.spec;
  if (!fault.active || (spec.kind !== 'runaway' && spec.kind !== 'basket')) return; // a fund's basket is sent the same way
  push(s.q, t + Math.max(1, Math.floor(1_000_000 / spec.ordersPerSecond)), PRIO.TRAFFIC, EV.RUNAWAY, f);
  if (s.session < 0 || s.killFirm || s.killAccount[spec.account]) return;
  const ins = m.ins.symbol.indexOf(spec.symbol);
  const o = allocOrder(s);
  s.ordF[o * ORD_F + F_ID] = s.nextOrderId++;
  place(m, s, o, spec.account, ins, fault.target, SIDE_BUY, s.refPrice[ins]!, spec.lots * 100, t, 0, false); // an algorithm does not resend
}

/** The first subscription to each issue of a new-share subscription day (docs/domain.md C8). */
export function scheduleSubscriptions(m: Model, s: SimState, t0: number): void {
  const K = m.ipo?.issues.length ?? 0;
  m.ipo?.issues.forEach((x, k) => {
    if (x.gap > 0 && x.end > t0) push(s.q, Math.max(x.start, t0), PRIO.TRAFFIC, EV.BANK, 1 + k);
    // T+1's lottery and T+2's payment, when the window reaches them (engine/ipo.ts).
    if (x.lotteryAt > t0) push(s.q, x.lotteryAt, PRIO.SCHEDULE, EV.BANK, 1 + K + k);
    if (x.paymentAt > t0) push(s.q, x.paymentAt, PRIO.SCHEDULE, EV.BANK, 1 + 2 * K + k);
  });
}

const SALT_IPO_ACCT = 0x7100;
const SALT_IPO_ASK = 0x7200;
const SALT_IPO_ROUTE = 0x7300;
const SALT_IPO_CANCEL = 0x7400;
const TWO_POW_32 = 4294967296;

/**
 * arg < issues: the next client subscription to issue arg; then T+1's lottery and T+2's payment of
 * each issue (engine/ipo.ts). The next client subscription to issue k, at a fixed rate in its window and only while the
 * continuous auction runs: its account and what it asks for come from hashes of the sequence, not
 * from the client stream, so the rest of the flow is the same with or without the issue. Most
 * clients ask for their full quota (顶格申购); a share (overQuota) ask for the prospectus's cap
 * whatever their quota; an account without a quota asks for one unit. An account picked again
 * after its subscription was taken subscribes again (only the first counts) or, one time in four,
 * tries to cancel it.
 */
export function onSubscribe(m: Model, s: SimState, arg: number, t: number): void {
  const K = m.ipo!.issues.length;
  if (arg >= 2 * K) return collectPayment(m, s, arg - 2 * K);
  if (arg >= K) return drawLottery(m, s, arg - K);
  const k = arg;
  const x = m.ipo!.issues[k]!;
  if (t + x.gap < x.end) push(s.q, t + x.gap, PRIO.TRAFFIC, EV.BANK, 1 + k);
  if (m.sessionContinuous[s.session + 1] !== 1 || x.routes.length === 0) return;
  const seed = s.book.seed;
  const n = s.ipo!.seq[k]!;
  s.ipo!.seq[k] = n + 1;
  const acct = hash3(seed, n, SALT_IPO_ACCT + k) % m.accountCount;
  if (s.killFirm || s.killAccount[acct]) return;
  const first = subscriptionOf(m, s, acct, k);
  if (
    first >= 0 &&
    hash3(seed, n, SALT_IPO_CANCEL + k) % 4 === 0 &&
    s.ordI[first * ORD_I + O_ACCOUNT] === acct &&
    s.ordI[first * ORD_I + O_INSTRUMENT] === x.instrument &&
    s.ordI[first * ORD_I + O_STATUS] === ORD.LIVE
  ) {
    // A client who subscribed comes back and tries to withdraw it: the counter refuses (C8).
    clientCancel(m, s, first, t);
    return;
  }
  s.ipo!.counts[IPO.sent]!++;
  const quota = quotaOf(m, seed, x, acct);
  const greedy = (hash3(seed, n, SALT_IPO_ASK + k) + 0.5) / TWO_POW_32 < x.overQuota;
  const qty = greedy ? x.cap : quota > 0 ? quota : x.unit;
  const route = x.routes.length > 1 ? chooseRoute(m, x.routes, hash3(seed, n, SALT_IPO_ROUTE + k) % routeWeight(m, x.routes)) : x.routes[0]!;
  const o = allocOrder(s);
  s.ordF[o * ORD_F + F_ID] = s.nextOrderId++;
  place(m, s, o, acct, x.instrument, route, SIDE_BUY, x.price, qty, t, 0, false); // the app does not resend a subscription
}

function routesFor(m: Model, ins: number): number[] {
  return m.routesByMarket[m.instrumentExchange[ins]! < 0 ? 2 : m.instrumentMarket[ins]!]!;
}

function routeWeight(m: Model, candidates: number[]): number {
  let total = 0;
  for (const r of candidates) total += m.routes[r]!.weight;
  return total;
}

/** The route whose share of the weights x (0 ≤ x < total) falls in. */
function chooseRoute(m: Model, candidates: number[], x: number): number {
  for (const r of candidates) {
    x -= m.routes[r]!.weight;
    if (x < 0) return r;
  }
  return candidates[0]!;
}
