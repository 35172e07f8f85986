import type { Model } from './compile.ts';
import { SIDE_BUY } from './codes.ts';
import type { SimState } from './state.ts';
import { primaryAccepted, shadowClosed, shadowFill } from '../dualrun/shadow.ts';

/**
 * The counter's books: available cash, frozen cash, positions (total and sellable under T+1),
 * fees. Money is integer fen; every rounding is explicit so each host gets the same fen.
 */

const PPM = 1_000_000;

/** Commission on an amount: round half up to the fen, integer arithmetic only. */
export function commission(amount: number, ppm: number): number {
  return Math.floor((amount * ppm + PPM / 2) / PPM);
}

interface FeeView {
  ppm: number;
  minimum: number;
  perFill: boolean;
  stampPpm: number;
}

const view: FeeView = { ppm: 0, minimum: 0, perFill: false, stampPpm: 0 };

/** The fee rule as the counter holds it now: the scenario's, overridden by configuration. Valid until the next call. */
export function feeView(m: Model, s: SimState, counter: number): FeeView {
  const rule = m.nodeFees[counter]!;
  const overrides = s.nodeConfig[counter]!;
  view.ppm = rule.commissionPpm;
  view.minimum = rule.minimumCommission;
  view.perFill = rule.minimumApplies === 'per_fill';
  view.stampPpm = rule.stampDutySellPpm;
  for (let i = 0; i < overrides.length; i++) {
    const [key, value] = overrides[i]!;
    if (key === 'fees.commissionPpm' && typeof value === 'number') view.ppm = value;
    else if (key === 'fees.minimumCommissionFen' && typeof value === 'number') view.minimum = value;
    else if (key === 'fees.minimumApplies') view.perFill = value === 'per_fill';
  }
  return view;
}

/** Freeze what a new order needs; false when the account cannot cover it. */
export function freeze(m: Model, s: SimState, counter: number, o: number): boolean {
  // A new system whose holiday calendar says today is closed refuses every order.
  if (counter === m.cut.newNode && shadowClosed(m, s, counter)) return false;
  const acct = s.ordAccount[o]!;
  const cell = acct * m.instrumentCount + s.ordInstrument[o]!;
  const qty = s.ordQty[o]!;
  if (s.ordSide[o] === SIDE_BUY) {
    const fee = feeView(m, s, counter);
    const amount = qty * s.ordPrice[o]!;
    const need = amount + Math.max(fee.minimum, commission(amount, fee.ppm));
    if (s.cash[acct]! < need) return false;
    s.cash[acct] = s.cash[acct]! - need;
    s.frozen[acct] = s.frozen[acct]! + need;
    s.ordFrozen[o] = need;
  } else {
    if (s.sellable[cell]! < qty) return false;
    s.sellable[cell] = s.sellable[cell]! - qty;
    s.ordFrozen[o] = 0;
  }
  s.ordCounter[o] = counter;
  const d = s.cut.dual;
  if (d !== null) primaryAccepted(s, d, o);
  return true;
}

/**
 * Post a fill. With the per_order rule the commission is max(minimum, rate × cumulative amount)
 * charged as a running difference, so partial fills never pay the minimum twice (DOMAIN.md C3).
 */
export function postFill(m: Model, s: SimState, o: number, qty: number, amount: number): void {
  const counter = s.ordCounter[o]!;
  const fee = feeView(m, s, counter);
  const acct = s.ordAccount[o]!;
  const cell = acct * m.instrumentCount + s.ordInstrument[o]!;
  const cumAmount = s.ordCumAmount[o]! + amount;
  let charge: number;
  if (fee.perFill) charge = Math.max(fee.minimum, commission(amount, fee.ppm));
  else charge = Math.max(fee.minimum, commission(cumAmount, fee.ppm)) - s.ordFeePaid[o]!;
  s.ordCumAmount[o] = cumAmount;
  s.ordCumQty[o] = s.ordCumQty[o]! + qty;
  s.ordFeePaid[o] = s.ordFeePaid[o]! + charge;
  s.fees[acct] = s.fees[acct]! + charge;
  let stamp = 0;
  if (s.ordSide[o] === SIDE_BUY) {
    const pay = amount + charge;
    const fromFrozen = Math.min(pay, s.ordFrozen[o]!);
    s.ordFrozen[o] = s.ordFrozen[o]! - fromFrozen;
    s.frozen[acct] = s.frozen[acct]! - fromFrozen;
    s.cash[acct] = s.cash[acct]! - (pay - fromFrozen);
    s.bought[acct] = s.bought[acct]! + amount;
    s.position[cell] = s.position[cell]! + qty; // bought today: not sellable until T+1
  } else {
    stamp = commission(amount, fee.stampPpm);
    s.fees[acct] = s.fees[acct]! + stamp;
    s.cash[acct] = s.cash[acct]! + amount - charge - stamp;
    s.sold[acct] = s.sold[acct]! + amount;
    s.position[cell] = s.position[cell]! - qty;
  }
  const d = s.cut.dual;
  if (d !== null) shadowFill(m, s, d, o, qty, amount, charge, stamp);
}

/** The order is final (filled, cancelled, expired, rejected): give back what is still frozen. */
export function release(m: Model, s: SimState, o: number): void {
  const acct = s.ordAccount[o]!;
  if (s.ordSide[o] === SIDE_BUY) {
    const rest = s.ordFrozen[o]!;
    s.frozen[acct] = s.frozen[acct]! - rest;
    s.cash[acct] = s.cash[acct]! + rest;
    s.ordFrozen[o] = 0;
  } else {
    const cell = acct * m.instrumentCount + s.ordInstrument[o]!;
    s.sellable[cell] = s.sellable[cell]! + (s.ordQty[o]! - s.ordCumQty[o]!);
  }
  s.ordCounter[o] = -1;
}
