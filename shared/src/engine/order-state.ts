import type { Model } from './compile.ts';
import { COUNT, FLAG_IN_DOUBT, ORD, RPT, ST } from './codes.ts';
import { release } from './ledger.ts';
import { releaseOrder, setState, type SimState } from './state.ts';
import { ORD_I, O_COUNTER, O_CUM_QTY, O_FLAGS, O_QTY, O_REFS, O_STATE, O_STATUS } from './order-layout.ts';

/**
 * The counter's view of an order (docs/domain.md E1): it changes where the counter learns something —
 * a report passing the node that booked it, a message it knows was dropped — so an ack lost on
 * the way back leaves the order 正报 at the counter while the exchange already has it.
 */

/** A report reached the counter that books the order (or, on a route without one, the source). */
export function learn(s: SimState, o: number, flags: number): void {
  const st = s.ordI[o * ORD_I + O_STATE]!;
  if (st >= ST.FILLED) return; // final at the counter already (an operator's 废单 stays one)
  let next = st;
  if (flags & RPT.REJECT) next = ST.INVALID;
  else if (flags & RPT.FILL) {
    const cancelling = st === ST.REPORTED_CANCELLING || st === ST.PARTIAL_CANCELLING;
    next = s.ordI[o * ORD_I + O_CUM_QTY]! >= s.ordI[o * ORD_I + O_QTY]! ? ST.FILLED : cancelling ? ST.PARTIAL_CANCELLING : ST.PARTIAL;
    if (next !== ST.FILLED && flags & RPT.TERMINAL) next = ST.PARTIAL_CANCELLED;
  } else if (flags & RPT.TERMINAL) next = s.ordI[o * ORD_I + O_CUM_QTY]! > 0 ? ST.PARTIAL_CANCELLED : ST.CANCELLED;
  else if (flags & RPT.ACK) next = st <= ST.SENDING ? ST.REPORTED : st;
  else if (flags & RPT.CANCEL_REJECT) next = st === ST.REPORTED_CANCELLING ? ST.REPORTED : st === ST.PARTIAL_CANCELLING ? ST.PARTIAL : st;
  if (next !== st) setState(s, o, next);
  if (s.ordI[o * ORD_I + O_FLAGS]! & FLAG_IN_DOUBT && flags & (RPT.ACK | RPT.FILL | RPT.TERMINAL | RPT.REJECT)) {
    s.ordI[o * ORD_I + O_FLAGS] = s.ordI[o * ORD_I + O_FLAGS]! & ~FLAG_IN_DOUBT;
    s.counts[COUNT.SETTLED]!++;
  }
}

/** The counter sent a cancel for it: 已报 → 已报待撤, 部成 → 部成待撤. */
export function cancelling(s: SimState, o: number): void {
  const st = s.ordI[o * ORD_I + O_STATE]!;
  if (st === ST.REPORTED) setState(s, o, ST.REPORTED_CANCELLING);
  else if (st === ST.PARTIAL) setState(s, o, ST.PARTIAL_CANCELLING);
}

/** The gateway (or the line to it) was not there: the counter holds the order (待报) to send from hop `from`. */
export function hold(s: SimState, o: number, from: number): void {
  setState(s, o, ST.HELD);
  s.ordI[o * ORD_I + O_REFS]!++;
  s.backlog.push(o, from);
}

/** Its message or first report was dropped while 正报: in doubt until a resync or an operator settles it. */
export function doubt(s: SimState, o: number): void {
  if (s.ordI[o * ORD_I + O_FLAGS]! & FLAG_IN_DOUBT) return;
  s.ordI[o * ORD_I + O_FLAGS] = s.ordI[o * ORD_I + O_FLAGS]! | FLAG_IN_DOUBT;
  s.ordI[o * ORD_I + O_REFS]!++;
  s.inDoubt.push(o);
}

/** Give back what the counter froze for an order and end it at the counter as `state` (已撤 or 废单). */
export function endAtCounter(m: Model, s: SimState, o: number, state: number): void {
  if (s.ordI[o * ORD_I + O_COUNTER]! >= 0) release(m, s, o);
  setState(s, o, state);
}

/** A held order cancelled by the counter itself: it never left, so nothing goes to the exchange. */
export function cancelHeld(m: Model, s: SimState, o: number): void {
  endAtCounter(m, s, o, ST.CANCELLED);
  s.ordI[o * ORD_I + O_STATUS] = ORD.CANCELLED;
  s.counts[COUNT.CANCELLED]!++;
  s.counts[COUNT.DONE]!++;
  s.counts[COUNT.BACKLOG_CANCELLED]!++;
}

/** An in-doubt order settled as 废单: right when the exchange never had it; otherwise its fills will not post (a wrong 废单). */
export function voidInDoubt(m: Model, s: SimState, o: number): void {
  s.ordI[o * ORD_I + O_FLAGS] = s.ordI[o * ORD_I + O_FLAGS]! & ~FLAG_IN_DOUBT;
  endAtCounter(m, s, o, ST.INVALID);
  if (s.ordI[o * ORD_I + O_STATUS] === ORD.NEW) {
    s.ordI[o * ORD_I + O_STATUS] = ORD.ABSENT;
    s.counts[COUNT.VOIDED]!++;
  } else s.counts[COUNT.WRONG_INVALID]!++;
  releaseOrder(s, o);
}
