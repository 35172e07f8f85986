import type { Model } from './compile.ts';
import { SIDE_BUY } from './codes.ts';
import type { SimState } from './state.ts';
import { primaryAccepted, shadowClosed, shadowFill } from '../dualrun/shadow.ts';
import { buyFeeReserve, FEE, FEE_ITEMS, fillFees } from './fees.ts';
import { feeView } from './fee-view.ts';
import { counterRejects, reject, REJECT } from './gate.ts';
import { A_BOUGHT, A_CASH, A_FEES, A_FROZEN, A_SOLD, A_UNSETTLED, ACCT_WORDS, account, acctAt, acctIdAt, addAcct, addQty, addSellable, findAccount, isPosition, position, sellableAt } from './book.ts';
import { openingCash } from './holdings.ts';
import { logCommit, REC } from './commit-log.ts';
import { forgetSubscription, issueOf, subscribeAtCounter } from './ipo.ts';
import { F_CUM_AMOUNT, F_FEE_PAID, F_FROZEN, F_PRICE, ORD_F, ORD_I, O_ACCOUNT, O_ACCT_SLOT, O_COUNTER, O_CUM_QTY, O_INSTRUMENT, O_POS_SLOT, O_QTY, O_SIDE } from './order-layout.ts';

/**
 * The counter's books: usable cash, frozen cash, positions (total and sellable under T+1), fees
 * (computed in fees.ts). Money is integer fen; every rounding is explicit so each host gets the same fen.
 */

/** Withdrawable (可取) cash: usable less today's sell proceeds, which settle tonight. */
export function withdrawable(m: Model, s: SimState, acct: number): number {
  const b = s.book;
  const x = findAccount(b, acct);
  const c = x < 0 ? openingCash(m.open, b.seed, acct) : acctAt(b, x, A_CASH) - acctAt(b, x, A_UNSETTLED);
  return c > 0 ? c : 0;
}

const items = new Float64Array(FEE_ITEMS.length);

/** The order's account slot, looked up once (the id check keeps a stale slot from posting to another account). */
function acctSlot(m: Model, s: SimState, o: number): number {
  const b = s.book;
  const acct = s.ordI[o * ORD_I + O_ACCOUNT]!;
  const cached = s.ordI[o * ORD_I + O_ACCT_SLOT]!;
  if (cached >= 0 && cached < b.accounts && acctIdAt(b, cached) === acct) return cached;
  return (s.ordI[o * ORD_I + O_ACCT_SLOT] = account(m, b, acct));
}

/** The order's position slot, looked up once. */
function posSlot(m: Model, s: SimState, o: number): number {
  const b = s.book;
  const acct = s.ordI[o * ORD_I + O_ACCOUNT]!;
  const ins = s.ordI[o * ORD_I + O_INSTRUMENT]!;
  const cached = s.ordI[o * ORD_I + O_POS_SLOT]!;
  if (cached >= 0 && cached < b.positions && isPosition(b, cached, acct, ins)) return cached;
  return (s.ordI[o * ORD_I + O_POS_SLOT] = position(m, b, acct, ins));
}

/** Freeze what a new order needs; false when the account cannot cover it. */
export function freeze(m: Model, s: SimState, counter: number, o: number): boolean {
  // A new system whose holiday calendar says today is closed refuses every order.
  if (counter === m.cut.newNode && shadowClosed(m, s, counter)) return false;
  if (counterRejects(m, s, counter)) return false;
  const b = s.book;
  const qty = s.ordI[o * ORD_I + O_QTY]!;
  const issue = issueOf(m, s, o);
  if (issue >= 0) {
    // A new-share subscription: quota, first-only and (under the pre-2016 rule) cash (engine/ipo.ts).
    if (!subscribeAtCounter(m, s, counter, o, issue)) return false;
  } else if (s.ordI[o * ORD_I + O_SIDE] === SIDE_BUY) {
    const x = acctSlot(m, s, o);
    const fee = feeView(m, s, counter);
    const amount = qty * s.ordF[o * ORD_F + F_PRICE]!;
    const need = amount + buyFeeReserve(fee, m.instrumentMarket[s.ordI[o * ORD_I + O_INSTRUMENT]!]!, amount);
    const t = b.acct;
    const w = x * ACCT_WORDS;
    if (t[w + A_CASH]! < need) return reject(s, REJECT.FUNDS);
    t[w + A_CASH] = t[w + A_CASH]! - need;
    t[w + A_FROZEN] = t[w + A_FROZEN]! + need;
    s.ordF[o * ORD_F + F_FROZEN] = need;
  } else {
    const p = posSlot(m, s, o);
    if (sellableAt(b, p) < qty) return reject(s, REJECT.POSITION);
    addSellable(b, p, -qty);
    s.ordF[o * ORD_F + F_FROZEN] = 0;
  }
  s.ordI[o * ORD_I + O_COUNTER] = counter;
  if (s.dr !== undefined) logCommit(m, s, REC.ACCEPT, o, qty, 0, 0, 0, s.ordI[o * ORD_I + O_SIDE] === SIDE_BUY ? s.ordF[o * ORD_F + F_FROZEN]! : qty);
  const d = s.cut.dual;
  if (d !== null) primaryAccepted(s, d, o);
  return true;
}

/** Post a fill and its fees (engine/fees.ts: items and rounding). */
export function postFill(m: Model, s: SimState, o: number, qty: number, amount: number): void {
  const counter = s.ordI[o * ORD_I + O_COUNTER]!;
  const fee = feeView(m, s, counter);
  const b = s.book;
  const x = acctSlot(m, s, o);
  const p = posSlot(m, s, o);
  const cumAmount = s.ordF[o * ORD_F + F_CUM_AMOUNT]! + amount;
  const sell = s.ordI[o * ORD_I + O_SIDE] !== SIDE_BUY;
  const total = fillFees(fee, sell, m.instrumentMarket[s.ordI[o * ORD_I + O_INSTRUMENT]!]!, amount, cumAmount, s.ordF[o * ORD_F + F_FEE_PAID]!, items);
  const charge = items[FEE.COMMISSION]!;
  const others = total - charge;
  s.ordF[o * ORD_F + F_CUM_AMOUNT] = cumAmount;
  s.ordI[o * ORD_I + O_CUM_QTY] = s.ordI[o * ORD_I + O_CUM_QTY]! + qty;
  s.ordF[o * ORD_F + F_FEE_PAID] = s.ordF[o * ORD_F + F_FEE_PAID]! + charge;
  const t = b.acct; // after both lookups: a new slot may have grown it
  const w = x * ACCT_WORDS;
  t[w + A_FEES] = t[w + A_FEES]! + total;
  const feeTotals = s.mkt.feeTotals;
  for (let k = 0; k < items.length; k++) feeTotals[k] = feeTotals[k]! + items[k]!;
  let fromFrozen = 0;
  if (!sell) {
    const pay = amount + total;
    fromFrozen = Math.min(pay, s.ordF[o * ORD_F + F_FROZEN]!);
    s.ordF[o * ORD_F + F_FROZEN] = s.ordF[o * ORD_F + F_FROZEN]! - fromFrozen;
    t[w + A_FROZEN] = t[w + A_FROZEN]! - fromFrozen;
    t[w + A_CASH] = t[w + A_CASH]! - (pay - fromFrozen);
    t[w + A_BOUGHT] = t[w + A_BOUGHT]! + amount;
    addQty(b, p, qty); // bought today: not sellable until T+1
  } else {
    // Usable at once, withdrawable only after tonight's settlement (docs/domain.md E1).
    t[w + A_CASH] = t[w + A_CASH]! + amount - total;
    t[w + A_UNSETTLED] = t[w + A_UNSETTLED]! + amount - total;
    t[w + A_SOLD] = t[w + A_SOLD]! + amount;
    addQty(b, p, -qty);
  }
  const d = s.cut.dual;
  if (d !== null) shadowFill(m, s, d, o, qty, amount, charge, others);
  if (s.dr !== undefined) logCommit(m, s, REC.FILL, o, qty, amount, total, charge, fromFrozen);
}

/**
 * Undo a posted fill exactly (a record the standby never received: engine/replication.ts). The
 * fees.* totals keep what the primary charged: they count fees charged, per item, not the books.
 */
export function unpostFill(m: Model, s: SimState, o: number, qty: number, amount: number, total: number, charge: number, fromFrozen: number): void {
  const b = s.book;
  const acct = s.ordI[o * ORD_I + O_ACCOUNT]!;
  const x = account(m, b, acct);
  const p = position(m, b, acct, s.ordI[o * ORD_I + O_INSTRUMENT]!);
  s.ordF[o * ORD_F + F_CUM_AMOUNT] = s.ordF[o * ORD_F + F_CUM_AMOUNT]! - amount;
  s.ordI[o * ORD_I + O_CUM_QTY] = s.ordI[o * ORD_I + O_CUM_QTY]! - qty;
  s.ordF[o * ORD_F + F_FEE_PAID] = s.ordF[o * ORD_F + F_FEE_PAID]! - charge;
  const t = b.acct;
  const w = x * ACCT_WORDS;
  t[w + A_FEES] = t[w + A_FEES]! - total;
  if (s.ordI[o * ORD_I + O_SIDE] === SIDE_BUY) {
    s.ordF[o * ORD_F + F_FROZEN] = s.ordF[o * ORD_F + F_FROZEN]! + fromFrozen;
    t[w + A_FROZEN] = t[w + A_FROZEN]! + fromFrozen;
    t[w + A_CASH] = t[w + A_CASH]! + (amount + total - fromFrozen);
    t[w + A_BOUGHT] = t[w + A_BOUGHT]! - amount;
    addQty(b, p, -qty);
  } else {
    t[w + A_CASH] = t[w + A_CASH]! - (amount - total);
    t[w + A_UNSETTLED] = t[w + A_UNSETTLED]! - (amount - total);
    t[w + A_SOLD] = t[w + A_SOLD]! - amount;
    addQty(b, p, qty);
  }
}

/**
 * Freeze `value` for an order at `counter` (fen for a buy, shares for a sell) without the checks a
 * new order passes: undoing a release the standby never received, or booking an order from the
 * exchange's records (engine/replication.ts). The exchange has the order, so the books must too.
 */
export function refreeze(m: Model, s: SimState, o: number, counter: number, value: number): void {
  const b = s.book;
  const acct = s.ordI[o * ORD_I + O_ACCOUNT]!;
  if (s.ordI[o * ORD_I + O_SIDE] === SIDE_BUY) {
    const x = account(m, b, acct);
    addAcct(b, x, A_CASH, -value);
    addAcct(b, x, A_FROZEN, value);
    s.ordF[o * ORD_F + F_FROZEN] = s.ordF[o * ORD_F + F_FROZEN]! + value;
  } else {
    const p = position(m, b, acct, s.ordI[o * ORD_I + O_INSTRUMENT]!);
    addSellable(b, p, -value);
  }
  s.ordI[o * ORD_I + O_COUNTER] = counter;
}

/** The order is final (filled, cancelled, expired, rejected): give back what is still frozen. */
export function release(m: Model, s: SimState, o: number): void {
  const b = s.book;
  let back: number;
  if (s.ordI[o * ORD_I + O_SIDE] === SIDE_BUY) {
    const x = acctSlot(m, s, o);
    const t = b.acct;
    const w = x * ACCT_WORDS;
    back = s.ordF[o * ORD_F + F_FROZEN]!;
    t[w + A_FROZEN] = t[w + A_FROZEN]! - back;
    t[w + A_CASH] = t[w + A_CASH]! + back;
    s.ordF[o * ORD_F + F_FROZEN] = 0;
  } else {
    const p = posSlot(m, s, o);
    back = s.ordI[o * ORD_I + O_QTY]! - s.ordI[o * ORD_I + O_CUM_QTY]!;
    addSellable(b, p, back);
  }
  if (s.dr !== undefined) logCommit(m, s, REC.RELEASE, o, 0, 0, 0, 0, back);
  s.ordI[o * ORD_I + O_COUNTER] = -1;
  if (m.ipo !== null) forgetSubscription(m, s, o);
}
