import { KIND, type Model } from './compile.ts';
import { COUNT, EV, MSG, ORD, PRIO, RPT, ST } from './codes.ts';
import { admit, pbuFor } from './admission.ts';
import { acceptOrder, cancelOrder, deferCancel } from './exchange.ts';
import { noteExchangeAccept } from './closing-call.ts';
import { holdAtCounter } from './gate.ts';
import { refuseSubscriptionCancel } from './ipo.ts';
import { record } from './histogram.ts';
import { cancelHeld, cancelling, doubt, hold } from './order-state.ts';
import { carries, loseReport, reportAt, sendBack } from './reports.ts';
import { serve } from './station.ts';
import { acceptedAtExchange } from './resubmit.ts';
import { freeMsg, isTerminal, releaseOrder, setState, type SimState } from './state.ts';
import { push } from './queue.ts';
import { actual, lostInTransit, seriesIndex, transmit } from './wire.ts';
import { FLAG_MIRRORED, mirrorOrder, primaryMissed } from '../dualrun/shadow.ts';
import { F_CREATED, ORD_F, ORD_I, O_COUNTER, O_FLAGS, O_PBU, O_ROUTE, O_STATE, O_STATUS } from './order-layout.ts';

/**
 * Orders and cancels hop along a route to the exchange (reports come back in reports.ts). Every
 * hop is one ARRIVE event; the node's service and the link's delay are folded into the time it
 * is scheduled for.
 */

const K_GATEWAY = KIND.gateway;
const K_EXCHANGE = KIND.exchange;

export { actual, transmit } from './wire.ts';

export function onArrive(m: Model, s: SimState, msg: number, t: number): void {
  const kind = s.msgKind[msg]!;
  const n = s.msgNode[msg]!;
  if (lostInTransit(s, msg)) {
    lose(m, s, msg);
    return;
  }
  if (s.nodeDown[n]) {
    s.nodeLost[n]!++;
    lose(m, s, msg);
    return;
  }
  if (kind === MSG.REPORT) reportAt(m, s, msg, n, t);
  else if (kind === MSG.ORDER) orderAt(m, s, msg, n, t);
  else cancelAt(m, s, msg, n, t);
}

/**
 * A message dropped on its way. An order the counter never committed fails back to the client; one
 * it committed but no gateway has sent is held (待报); one a gateway sent is in doubt (正报).
 */
function lose(m: Model, s: SimState, msg: number): void {
  const o = s.msgOrder[msg]!;
  const kind = s.msgKind[msg]!;
  if (kind === MSG.REPORT) {
    loseReport(m, s, msg);
    return;
  }
  if (kind === MSG.ORDER && !isTerminal(s.ordI[o * ORD_I + O_STATUS]!)) {
    const st = s.ordI[o * ORD_I + O_STATE]!;
    if (st === ST.SUBMITTING || m.routeCounterHop[s.ordI[o * ORD_I + O_ROUTE]!]! < 0) {
      if (s.ordI[o * ORD_I + O_FLAGS]! & FLAG_MIRRORED) primaryMissed(s, s.cut.dual!, o, false);
      s.ordI[o * ORD_I + O_STATUS] = ORD.ABSENT;
      setState(s, o, ST.FAILED);
      s.counts[COUNT.FAILED]!++;
    } else if (st === ST.UNSENT) hold(s, o, s.msgHop[msg]! - 1);
    else doubt(s, o);
  }
  freeMsg(s, msg);
  releaseOrder(s, o);
}

function orderAt(m: Model, s: SimState, msg: number, n: number, t: number): void {
  const o = s.msgOrder[msg]!;
  const kind = m.nodeKind[n]!;
  if (n === m.mirrorNode) mirrorOrder(m, s, s.cut.dual!, o, t);
  const finish = admit(m, s, n, o, t) ? serve(m, s, n, t, m.nodeService[n]!) : -1;
  if (finish < 0) {
    if (s.ordI[o * ORD_I + O_FLAGS]! & FLAG_MIRRORED) primaryMissed(s, s.cut.dual!, o, m.nodeBooks[n] === 1 && s.ordI[o * ORD_I + O_COUNTER]! < 0);
    s.nodeRejected[n]!++;
    s.ordI[o * ORD_I + O_STATUS] = ORD.REJECTED;
    s.counts[COUNT.REJECTED]!++;
    s.seriesRejected[seriesIndex(m, s, t)]!++;
    // Refused before any counter committed it: the client's submission failed; after: the counter's 废单.
    setState(s, o, s.ordI[o * ORD_I + O_STATE] === ST.SUBMITTING && !m.nodeBooks[n] ? ST.FAILED : ST.INVALID);
    sendBack(m, s, msg, RPT.REJECT | RPT.TERMINAL, t);
    return;
  }
  if (kind === K_EXCHANGE) {
    noteExchangeAccept(m, s);
    acceptOrder(m, s, n, o, finish, m.sessionContinuous[s.session + 1] === 1);
    acceptedAtExchange(s, o);
    freeMsg(s, msg);
    releaseOrder(s, o);
    return;
  }
  if (s.ordI[o * ORD_I + O_STATE] === ST.SUBMITTING && m.nodeBooks[n])
    setState(s, o, ST.UNSENT); // committed by the counter
  else if (kind === K_GATEWAY) {
    s.ordI[o * ORD_I + O_PBU] = pbuFor(m, s, n, o);
    setState(s, o, ST.SENDING);
  }
  // Before the open or without fresh quotes the counter keeps a committed order (still 未报).
  if (m.nodeBooks[n] === 1 && holdAtCounter(m, s, msg, n)) return;
  forward(m, s, msg, n, finish);
}

function cancelAt(m: Model, s: SimState, msg: number, n: number, t: number): void {
  const o = s.msgOrder[msg]!;
  const kind = m.nodeKind[n]!;
  if (m.nodeBooks[n] && refuseSubscriptionCancel(m, s, o)) {
    // A subscription cannot be withdrawn (docs/domain.md C8): the counter refuses the cancel.
    s.counts[COUNT.CANCEL_REJECTS]!++;
    s.nodeRejected[n]!++;
    sendBack(m, s, msg, RPT.CANCEL_REJECT, t);
    return;
  }
  if (m.nodeBooks[n] && s.ordI[o * ORD_I + O_COUNTER] === n) {
    if (s.ordI[o * ORD_I + O_STATE] === ST.HELD) {
      // Never sent: the counter cancels it itself (the backlog entry is dropped when it is next looked at).
      cancelHeld(m, s, o);
      freeMsg(s, msg);
      releaseOrder(s, o);
      return;
    }
    cancelling(s, o);
  }
  // A cancel must go out on the PBU that placed the order.
  const wrongPbu = kind === K_GATEWAY && s.ordI[o * ORD_I + O_PBU]! >= 0 && !carries(m, n, s.ordI[o * ORD_I + O_PBU]!);
  if (wrongPbu) {
    s.counts[COUNT.WRONG_PBU]!++;
    s.counts[COUNT.CANCEL_REJECTS]!++;
  }
  const finish = wrongPbu ? -1 : serve(m, s, n, t, m.nodeService[n]!);
  if (finish < 0) {
    s.nodeRejected[n]!++;
    sendBack(m, s, msg, RPT.CANCEL_REJECT, t);
    return;
  }
  if (kind === K_EXCHANGE) {
    if (deferCancel(m, s, msg)) return;
    cancelOrder(m, s, o, finish, m.sessionAcceptCancels[s.session + 1] === 1);
    freeMsg(s, msg);
    releaseOrder(s, o);
    return;
  }
  if (m.nodeBooks[n] === 1 && holdAtCounter(m, s, msg, n)) return;
  forward(m, s, msg, n, finish);
}

/** On to the next node of the route, or done if the route ends here (a plain queueing network). */
export function forward(m: Model, s: SimState, msg: number, n: number, dep: number): void {
  const o = s.msgOrder[msg]!;
  const path = m.routePath[s.ordI[o * ORD_I + O_ROUTE]!]!;
  const hop = s.msgHop[msg]! + 1;
  if (hop === path.length) {
    push(s.q, dep, PRIO.TRAFFIC, EV.COMPLETE, msg); // counted done when it leaves the last node
    return;
  }
  s.msgHop[msg] = hop;
  transmit(m, s, msg, n, actual(s, path[hop]!), dep);
}

/** An order (or cancel) left the last node of a route that ends short of an exchange. */
export function onComplete(m: Model, s: SimState, msg: number, t: number): void {
  const o = s.msgOrder[msg]!;
  if (s.msgKind[msg] === MSG.ORDER) {
    s.ordI[o * ORD_I + O_STATUS] = ORD.DONE;
    setState(s, o, ST.DONE);
    s.counts[COUNT.DONE]!++;
    s.seriesDone[seriesIndex(m, s, t)]!++;
    record(s.hist, m.nodeCount, t - s.ordF[o * ORD_F + F_CREATED]!);
  }
  freeMsg(s, msg);
  releaseOrder(s, o);
}

/** A new order or cancel enters at the first node of its route. */
export function onArriveAtSource(m: Model, s: SimState, msg: number, t: number): void {
  const o = s.msgOrder[msg]!;
  const n = actual(s, m.routePath[s.ordI[o * ORD_I + O_ROUTE]!]![0]!);
  s.msgHop[msg] = 0;
  s.msgNode[msg] = n;
  s.msgFlags[msg] = 0;
  s.msgLink[msg] = -1;
  s.msgDepNode[msg] = -1;
  s.msgDepTime[msg] = t;
  onArrive(m, s, msg, t);
}
