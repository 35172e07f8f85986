import type { Model } from './compile.ts';
import { KIND } from './compile.ts';
import { COUNT, FLAG_DR_LOST, FLAG_FIRST_REPORT, MSG, ORD, RPT, SIDE_BUY, ST } from './codes.ts';
import { record } from './histogram.ts';
import { postFill, release } from './ledger.ts';
import { doubt, learn } from './order-state.ts';
import { serveReport } from './station.ts';
import { RING, allocMsg, freeMsg, releaseOrder, type SimState } from './state.ts';
import { actual, seriesIndex, transmit } from './wire.ts';
import { A_BOUGHT, A_CASH, A_SOLD, account, addAcct, addQty, position } from './book.ts';
import type { HeldReport } from './cutover-state.ts';
import { configOverride } from './node-config.ts';
import { F_CREATED, ORD_F, ORD_I, O_ACCOUNT, O_COUNTER, O_CUM_QTY, O_FLAGS, O_INSTRUMENT, O_PBU, O_REFS, O_ROUTE, O_SIDE, O_STATE, O_STATUS } from './order-layout.ts';

/**
 * Execution reports on their way back: ReportIndex per (PBU, SetID), posting at the counter that
 * booked the order, holding what a broken session dropped, and the replay a resync asks for.
 */

const K_GATEWAY = KIND.gateway;

/** The (PBU, SetID) partition an order's reports run in, -1 when no gateway sent it. */
export function partitionOf(m: Model, s: SimState, o: number): number {
  const pbu = s.ordI[o * ORD_I + O_PBU]!;
  return pbu < 0 ? -1 : m.pbuOffset[pbu]! + (s.ordI[o * ORD_I + O_INSTRUMENT]! % m.pbuPartitions[pbu]!);
}

/** Turn msg (an order or cancel) into a report from where it is, heading back to the source. */
export function sendBack(m: Model, s: SimState, msg: number, flags: number, t: number): void {
  const o = s.msgOrder[msg]!;
  if (flags & RPT.TERMINAL && s.ordI[o * ORD_I + O_COUNTER] === s.msgNode[msg]) release(m, s, o); // rejected where its funds were frozen
  s.msgKind[msg] = MSG.REPORT;
  s.msgRpt[msg] = flags;
  s.msgQty[msg] = 0;
  s.msgAmount[msg] = 0;
  s.msgRptCount[msg] = 0; // not an exchange report: no ReportIndex
  reportDepart(m, s, msg, t);
}

/** An execution report leaves the exchange: it takes the next ReportIndex of its (PBU, SetID). */
export function emitReport(m: Model, s: SimState, o: number, flags: number, qty: number, amount: number, t: number): void {
  const path = m.routePath[s.ordI[o * ORD_I + O_ROUTE]!]!;
  const hop = path.length - 1;
  const msg = allocMsg(s);
  s.msgKind[msg] = MSG.REPORT;
  s.msgOrder[msg] = o;
  s.msgHop[msg] = hop;
  s.msgNode[msg] = actual(s, path[hop]!);
  s.msgRpt[msg] = flags;
  s.msgQty[msg] = qty;
  s.msgAmount[msg] = amount;
  const count = ((flags & RPT.ACK) !== 0 ? 1 : 0) + ((flags & RPT.FILL) !== 0 ? 1 : 0) + ((flags & (RPT.ACK | RPT.FILL)) === 0 ? 1 : 0);
  s.msgRptCount[msg] = count;
  const p = partitionOf(m, s, o);
  if (p >= 0) {
    s.msgRptIndex[msg] = s.exchSeq[p]! + 1;
    s.exchSeq[p] = s.exchSeq[p]! + count;
    if (t < s.exchLastDep[p]!) t = s.exchLastDep[p]!;
    s.exchLastDep[p] = t;
  } else s.msgRptIndex[msg] = 0;
  s.ordI[o * ORD_I + O_REFS]!++;
  reportDepart(m, s, msg, t);
}

export function reportDepart(m: Model, s: SimState, msg: number, t: number): void {
  const o = s.msgOrder[msg]!;
  const hop = s.msgHop[msg]!;
  if (hop === 0) {
    reportHome(m, s, msg, t);
    return;
  }
  const path = m.routePath[s.ordI[o * ORD_I + O_ROUTE]!]!;
  s.msgHop[msg] = hop - 1;
  transmit(m, s, msg, s.msgNode[msg]!, actual(s, path[hop - 1]!), t);
}

export function reportAt(m: Model, s: SimState, msg: number, n: number, t: number): void {
  const o = s.msgOrder[msg]!;
  const dist = m.nodeReportService[n];
  const dep = dist ? serveReport(m, s, n, t, dist) : t; // a report waits its turn, it is never refused
  if (m.nodeKind[n] === K_GATEWAY && s.msgRptCount[msg]! > 0) received(m, s, msg, o);
  const booked = s.ordI[o * ORD_I + O_COUNTER]!;
  // After a switch of primary, reports for orders the other system booked pass here: post them to its books.
  if (booked === n || (booked >= 0 && m.nodePeer[n] === booked)) {
    const flags = s.msgRpt[msg]!;
    if (flags & RPT.FILL) postFill(m, s, o, s.msgQty[msg]!, s.msgAmount[msg]!);
    if (flags & RPT.TERMINAL) release(m, s, o);
    learn(s, o, flags);
  } else if (booked < 0 && s.dr !== undefined && m.nodeBooks[n] === 1 && s.ordI[o * ORD_I + O_FLAGS]! & FLAG_DR_LOST) {
    // The counter does not know the order (lost in the DR tail): the report waits for a resync from the exchange.
    holdForTail(s, s.dr.held, msg);
    return;
  }
  reportDepart(m, s, msg, dep);
}

/** The member side stores the last ReportIndex per (PBU, SetID); a jump is a gap. Fills go into the exchange's replay ring. */
function received(m: Model, s: SimState, msg: number, o: number): void {
  const p = partitionOf(m, s, o);
  if (p < 0) return;
  if (s.msgRptIndex[msg]! > s.gwLast[p]! + 1) s.counts[COUNT.RPT_GAPS]!++;
  const last = s.msgRptIndex[msg]! + s.msgRptCount[msg]! - 1;
  if (last > s.gwLast[p]!) s.gwLast[p] = last;
  if (s.msgRpt[msg]! & RPT.FILL) {
    const k = p * RING + (s.ringHead[p]! & (RING - 1));
    s.ringHead[p]!++;
    s.ringAcctSide[k] = s.ordI[o * ORD_I + O_ACCOUNT]! * 2 + s.ordI[o * ORD_I + O_SIDE]!;
    s.ringInstrument[k] = s.ordI[o * ORD_I + O_INSTRUMENT]!;
    s.ringIndex[k] = last;
    s.ringQty[k] = s.msgQty[msg]!;
    s.ringAmount[k] = s.msgAmount[msg]!;
  }
}

/** Is TrdCnfmID deduplication on at the counter (the default; config dedupReports: false turns it off)? */
function dedupOn(s: SimState, counter: number): boolean {
  return configOverride(s, counter, 'dedupReports') !== false;
}

/** The same trade booked twice: cash and position move again (fees aside), so the books no longer match the exchange. */
function postDuplicate(m: Model, s: SimState, acct: number, side: number, ins: number, qty: number, amount: number): void {
  const b = s.book;
  const x = account(m, b, acct);
  const p = position(m, b, acct, ins);
  if (side === SIDE_BUY) {
    addAcct(b, x, A_CASH, -amount);
    addAcct(b, x, A_BOUGHT, amount);
    addQty(b, p, qty);
  } else {
    addAcct(b, x, A_CASH, amount);
    addAcct(b, x, A_SOLD, amount);
    addQty(b, p, -qty);
  }
  s.counts[COUNT.RPT_DOUBLE_POSTED]!++;
}

/** A report was lost on its way back. */
export function loseReport(m: Model, s: SimState, msg: number): void {
  const o = s.msgOrder[msg]!;
  s.counts[COUNT.RPT_LOST]!++;
  if (s.msgRptCount[msg]! > 0 && holdReport(m, s, msg)) return;
  freeMsg(s, msg);
  releaseOrder(s, o);
}

/**
 * An exchange report lost on its way back (a cut link, a crashed node): the gateway can ask for it
 * again (ExecRptSync from its last ReportIndex), so it is held with its order until resynced. An
 * order whose ack is lost stays 正报 at the counter: in doubt.
 */
function holdReport(m: Model, s: SimState, msg: number): boolean {
  const o = s.msgOrder[msg]!;
  const booked = s.ordI[o * ORD_I + O_COUNTER]!;
  if (booked < 0) {
    if (s.dr === undefined || !(s.ordI[o * ORD_I + O_FLAGS]! & FLAG_DR_LOST)) return false; // nothing left to post: the books already saw the order's last report
    holdForTail(s, s.dr.held, msg); // for an order lost in the DR tail: kept for the resync from the exchange
    return true;
  }
  const path = m.routePath[s.ordI[o * ORD_I + O_ROUTE]!]!;
  let at = -1;
  for (let i = 0; i < path.length; i++) if (path[i] === booked || actual(s, path[i]!) === booked || m.nodePeer[path[i]!] === booked) at = i;
  if (s.msgHop[msg]! < at) return false; // lost after the books posted it: only the client missed it
  s.cut.held.push(heldOf(s, msg));
  if (s.ordI[o * ORD_I + O_STATE]! <= ST.SENDING) doubt(s, o);
  freeMsg(s, msg);
  return true;
}

/** A report of an order lost in the DR tail, kept for the resync; the gateway has stored its ReportIndex already (count 0). */
function holdForTail(s: SimState, held: HeldReport[], msg: number): void {
  held.push({ ...heldOf(s, msg), count: 0 });
  freeMsg(s, msg);
}

/** A report kept to be replayed (it keeps its order's reference). */
function heldOf(s: SimState, msg: number): HeldReport {
  return {
    order: s.msgOrder[msg]!,
    gateway: -1,
    hop: s.msgHop[msg]!,
    flags: s.msgRpt[msg]!,
    qty: s.msgQty[msg]!,
    amount: s.msgAmount[msg]!,
    index: s.msgRptIndex[msg]!,
    count: s.msgRptCount[msg]!,
  };
}

/** Does the gateway carry the order's PBU? */
export function carries(m: Model, gateway: number, pbu: number): boolean {
  const pbus = m.gatewayPbus[gateway]!;
  for (let i = 0; i < pbus.length; i++) if (pbus[i] === pbu) return true;
  return false;
}

/** Resync: the gateway gets the reports missed on its PBUs again and sends them on towards their source. Returns how many. */
export function resyncReports(m: Model, s: SimState, gateway: number, t: number): number {
  const [n, keep] = replayHeld(m, s, gateway, s.cut.held, t);
  s.cut.held = keep;
  return n;
}

/** Replay the held reports on the gateway's PBUs from the gateway towards their source; returns how many and the ones kept. */
export function replayHeld(m: Model, s: SimState, gateway: number, held: HeldReport[], t: number): [number, HeldReport[]] {
  const keep: HeldReport[] = [];
  const again: HeldReport[] = [];
  for (const h of held) (carries(m, gateway, s.ordI[h.order * ORD_I + O_PBU]!) ? again : keep).push(h);
  // In ReportIndex order, as the exchange replays them.
  again.sort((a, b) => a.index - b.index || a.order - b.order);
  for (const h of again) {
    const path = m.routePath[s.ordI[h.order * ORD_I + O_ROUTE]!]!;
    const msg = allocMsg(s);
    s.msgKind[msg] = MSG.REPORT;
    s.msgOrder[msg] = h.order;
    s.msgHop[msg] = path.length - 2;
    s.msgNode[msg] = gateway;
    s.msgRpt[msg] = h.flags;
    s.msgQty[msg] = h.qty;
    s.msgAmount[msg] = h.amount;
    s.msgRptIndex[msg] = h.index;
    s.msgRptCount[msg] = h.count;
    reportAt(m, s, msg, gateway, t);
  }
  return [again.length, keep];
}

/**
 * A resync from index 1 (the gateway lost its stored index): the exchange replays the fills the
 * member side already received, as far back as its ring keeps them (RING per partition). The
 * counter drops each by its TrdCnfmID, or with deduplication off posts it again. Returns how many.
 */
export function replayDuplicates(m: Model, s: SimState, gateway: number, counter: number): number {
  let n = 0;
  const dedup = dedupOn(s, counter);
  const pbus = m.gatewayPbus[gateway]!;
  for (let i = 0; i < pbus.length; i++) {
    const pbu = pbus[i]!;
    for (let k = 0; k < m.pbuPartitions[pbu]!; k++) {
      const p = m.pbuOffset[pbu]! + k;
      const head = s.ringHead[p]!;
      for (let j = Math.max(0, head - RING); j < head; j++) {
        const e = p * RING + (j & (RING - 1));
        if (dedup) s.counts[COUNT.RPT_DUPLICATES]!++;
        else postDuplicate(m, s, Math.floor(s.ringAcctSide[e]! / 2), s.ringAcctSide[e]! % 2, s.ringInstrument[e]!, s.ringQty[e]!, s.ringAmount[e]!);
        n++;
      }
    }
  }
  return n;
}

/** The report reached the order's source: the client sees it. */
export function reportHome(m: Model, s: SimState, msg: number, t: number): void {
  const o = s.msgOrder[msg]!;
  if (!(s.ordI[o * ORD_I + O_FLAGS]! & FLAG_FIRST_REPORT)) {
    s.ordI[o * ORD_I + O_FLAGS] = s.ordI[o * ORD_I + O_FLAGS]! | FLAG_FIRST_REPORT;
    record(s.hist, m.nodeCount, t - s.ordF[o * ORD_F + F_CREATED]!);
  }
  const flags = s.msgRpt[msg]!;
  if (m.routeCounterHop[s.ordI[o * ORD_I + O_ROUTE]!]! < 0) {
    // No counter on this route: the source keeps the order, and learns here.
    if (flags & RPT.FILL) s.ordI[o * ORD_I + O_CUM_QTY] = s.ordI[o * ORD_I + O_CUM_QTY]! + s.msgQty[msg]!;
    learn(s, o, flags);
  }
  if (flags & RPT.TERMINAL && s.ordI[o * ORD_I + O_STATUS] !== ORD.REJECTED) s.seriesDone[seriesIndex(m, s, t)]!++;
  s.counts[COUNT.RPT_DELIVERED]!++;
  freeMsg(s, msg);
  releaseOrder(s, o);
}
