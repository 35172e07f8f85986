import { KIND, type Model } from './compile.ts';
import { acceptOrder, cancelOrder, limitDown, limitUp } from './exchange.ts';
import { record } from './histogram.ts';
import { freeze, postFill, release } from './ledger.ts';
import { nextInt, nextOpen01 } from './rng.ts';
import { serve } from './station.ts';
import {
  COUNT, EV, FLAG_FIRST_REPORT, FLAG_LOST, MSG, ORD, PRIO, RPT, allocMsg, freeMsg, isTerminal, releaseOrder, type SimState,
} from './state.ts';
import { push } from './queue.ts';
import { FLAG_MIRRORED, mirrorOrder, primaryMissed } from '../dualrun/shadow.ts';

/**
 * Messages hop along a route: orders and cancels forward to the exchange, execution reports
 * back to the source. Every hop is one ARRIVE event; the node's service and the link's delay
 * are folded into the time it is scheduled for.
 */

const K_RISK = KIND.risk;
const K_GATEWAY = KIND.gateway;
const K_EXCHANGE = KIND.exchange;

function seriesIndex(m: Model, s: SimState, t: number): number {
  const i = Math.floor((t - m.windowStart) / 1_000_000);
  return i < 0 ? 0 : i >= s.seriesDone.length ? s.seriesDone.length - 1 : i;
}

/** The node that actually serves a route position after failovers. */
export function actual(s: SimState, n: number): number {
  const sub = s.nodeSubst[n]!;
  return sub < 0 ? n : sub;
}

/** Put message msg on the wire from node a to node b at time dep; schedules its arrival. */
export function transmit(m: Model, s: SimState, msg: number, a: number, b: number, dep: number): void {
  const link = m.linkBetween[a * m.nodeCount + b]!;
  s.msgDepNode[msg] = a;
  s.msgDepEpoch[msg] = s.nodeEpoch[a]!;
  s.msgDepTime[msg] = dep;
  s.msgNode[msg] = b;
  if (link < 0) {
    // After a failover to a node with no link here: nothing can carry it.
    s.msgLink[msg] = -1;
    s.msgFlags[msg] = FLAG_LOST;
    push(s.q, dep, PRIO.TRAFFIC, EV.ARRIVE, msg);
    return;
  }
  s.msgLink[msg] = link;
  const o = (m.streamLink0 + link) * 4;
  let t = dep;
  const tx = m.linkTxTime[link]!;
  if (tx > 0) {
    t = t > s.linkFree[link]! ? t : s.linkFree[link]!;
    t += tx;
    s.linkFree[link] = t;
  }
  t += m.linkLatency[link]! + s.linkExtraLatency[link]!;
  const jitter = m.linkJitter[link]!;
  if (jitter > 0) {
    t += nextInt(s.rng, o, jitter + 1);
    const dir = 2 * link + (a < b ? 0 : 1);
    if (t < s.linkLastArrival[dir]!) t = s.linkLastArrival[dir]!; // TCP delivers in order
    s.linkLastArrival[dir] = t;
  }
  const loss = s.linkLossNow[link]!;
  s.msgFlags[msg] = loss > 0 && nextOpen01(s.rng, o) < loss ? FLAG_LOST : 0;
  push(s.q, t, PRIO.TRAFFIC, EV.ARRIVE, msg);
}

/** Was the message lost between its departure and now: dropped, crashed inside its node, or cut off? */
function lostInTransit(s: SimState, msg: number): boolean {
  if (s.msgFlags[msg]! & FLAG_LOST) {
    const link = s.msgLink[msg]!;
    if (link >= 0) s.linkLost[link]!++;
    return true;
  }
  const from = s.msgDepNode[msg]!;
  const epoch = s.msgDepEpoch[msg]!;
  if (from >= 0 && s.nodeEpoch[from] !== epoch && s.crashTimes[from]![epoch]! < s.msgDepTime[msg]!) {
    s.nodeLost[from]!++;
    return true;
  }
  const link = s.msgLink[msg]!;
  if (link >= 0) {
    const dep = s.msgDepTime[msg]!;
    if (s.linkCut[link] || s.linkLastCut[link]! > dep || s.linkLastHeal[link]! > dep) {
      s.linkLost[link]!++;
      return true;
    }
    s.linkCarried[link]!++;
  }
  return false;
}

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

function lose(m: Model, s: SimState, msg: number): void {
  const o = s.msgOrder[msg]!;
  const kind = s.msgKind[msg]!;
  if (kind === MSG.REPORT) {
    s.counts[COUNT.RPT_LOST]!++;
    if (s.msgRptCount[msg]! > 0 && holdReport(m, s, msg)) return;
  } else if (kind === MSG.ORDER && !isTerminal(s.ordStatus[o]!)) {
    if (s.ordFlags[o]! & FLAG_MIRRORED) primaryMissed(s, s.cut.dual!, o, false);
    s.ordStatus[o] = ORD.LOST;
    s.counts[COUNT.LOST]!++;
  }
  freeMsg(s, msg);
  releaseOrder(s, o);
}

/** Admission rules a node applies to a new order before it queues: false means reject. */
function admit(m: Model, s: SimState, n: number, o: number, t: number): boolean {
  if (s.nodeDrained[n] || s.nodeDiskFull[n]) return false;
  const rate = s.nodeThrottle[n]!;
  if (rate > 0) {
    // Token bucket holding one second of orders: flow control at the node.
    const tokens = Math.min(rate, s.nodeTokens[n]! + ((t - s.nodeTokensAt[n]!) * rate) / 1_000_000);
    s.nodeTokensAt[n] = t;
    if (tokens < 1) {
      s.nodeTokens[n] = tokens;
      return false;
    }
    s.nodeTokens[n] = tokens - 1;
  }
  const kind = m.nodeKind[n]!;
  if (m.nodeBooks[n] && s.ordCounter[o]! < 0) return freeze(m, s, n, o);
  if (kind === K_RISK) return riskCheck(m, s, n, o);
  if (kind === K_EXCHANGE) {
    const close = m.instrumentPrevClose[s.ordInstrument[o]!]!;
    const p = s.ordPrice[o]!;
    return m.sessionAcceptOrders[s.session + 1] === 1 && p <= limitUp(close) && p >= limitDown(close);
  }
  return true;
}

function riskCheck(m: Model, s: SimState, n: number, o: number): boolean {
  let maxLots = m.riskMaxLots[n]!;
  let maxNotional = m.riskMaxNotional[n]!;
  const overrides = s.nodeConfig[n]!;
  for (let i = 0; i < overrides.length; i++) {
    const [key, value] = overrides[i]!;
    if (key === 'maxOrderLots') maxLots = Number(value);
    else if (key === 'maxOrderNotionalFen') maxNotional = Number(value);
  }
  if (maxLots > 0 && s.ordQty[o]! > maxLots * 100) return false;
  if (maxNotional > 0 && s.ordQty[o]! * s.ordPrice[o]! > maxNotional) return false;
  return true;
}

function orderAt(m: Model, s: SimState, msg: number, n: number, t: number): void {
  const o = s.msgOrder[msg]!;
  const kind = m.nodeKind[n]!;
  if (n === m.mirrorNode) mirrorOrder(m, s, s.cut.dual!, o, t);
  const finish = admit(m, s, n, o, t) ? serve(m, s, n, t, m.nodeService[n]!) : -1;
  if (finish < 0) {
    if (s.ordFlags[o]! & FLAG_MIRRORED) primaryMissed(s, s.cut.dual!, o, m.nodeBooks[n] === 1 && s.ordCounter[o]! < 0);
    s.nodeRejected[n]!++;
    s.ordStatus[o] = ORD.REJECTED;
    s.counts[COUNT.REJECTED]!++;
    s.seriesRejected[seriesIndex(m, s, t)]!++;
    sendBack(m, s, msg, RPT.REJECT | RPT.TERMINAL, t);
    return;
  }
  if (kind === K_EXCHANGE) {
    acceptOrder(m, s, n, o, finish, m.sessionContinuous[s.session + 1] === 1);
    freeMsg(s, msg);
    releaseOrder(s, o);
    return;
  }
  forward(m, s, msg, n, finish);
}

function cancelAt(m: Model, s: SimState, msg: number, n: number, t: number): void {
  const o = s.msgOrder[msg]!;
  const finish = serve(m, s, n, t, m.nodeService[n]!);
  if (finish < 0) {
    s.nodeRejected[n]!++;
    sendBack(m, s, msg, RPT.CANCEL_REJECT, t);
    return;
  }
  if (m.nodeKind[n] === K_EXCHANGE) {
    cancelOrder(m, s, o, finish, m.sessionAcceptCancels[s.session + 1] === 1);
    freeMsg(s, msg);
    releaseOrder(s, o);
    return;
  }
  forward(m, s, msg, n, finish);
}

/** On to the next node of the route, or done if the route ends here (a plain queueing network). */
function forward(m: Model, s: SimState, msg: number, n: number, dep: number): void {
  const o = s.msgOrder[msg]!;
  const path = m.routePath[s.ordRoute[o]!]!;
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
    s.ordStatus[o] = ORD.DONE;
    s.counts[COUNT.DONE]!++;
    s.seriesDone[seriesIndex(m, s, t)]!++;
    record(s.hist, m.nodeCount, t - s.ordCreated[o]!);
  }
  freeMsg(s, msg);
  releaseOrder(s, o);
}

/** Turn msg (an order or cancel) into a report from where it is, heading back to the source. */
function sendBack(m: Model, s: SimState, msg: number, flags: number, t: number): void {
  const o = s.msgOrder[msg]!;
  if (flags & RPT.TERMINAL && s.ordCounter[o] === s.msgNode[msg]) release(m, s, o); // rejected where its funds were frozen
  s.msgKind[msg] = MSG.REPORT;
  s.msgRpt[msg] = flags;
  s.msgQty[msg] = 0;
  s.msgAmount[msg] = 0;
  s.msgRptCount[msg] = 0; // not an exchange report: no ReportIndex
  reportDepart(m, s, msg, t);
}

/** An execution report leaves the exchange: it takes the next ReportIndex of its gateway partition. */
export function emitReport(m: Model, s: SimState, o: number, flags: number, qty: number, amount: number, t: number): void {
  const path = m.routePath[s.ordRoute[o]!]!;
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
  const gw = hop > 0 ? actual(s, path[hop - 1]!) : -1;
  if (gw >= 0 && m.nodeKind[gw] === K_GATEWAY) {
    const p = m.reportOffset[gw]! + (s.ordInstrument[o]! % m.gatewayPartitions[gw]!);
    s.msgRptIndex[msg] = s.exchSeq[p]! + 1;
    s.exchSeq[p] = s.exchSeq[p]! + count;
    if (t < s.exchLastDep[p]!) t = s.exchLastDep[p]!;
    s.exchLastDep[p] = t;
  } else s.msgRptIndex[msg] = 0;
  s.ordRefs[o]!++;
  reportDepart(m, s, msg, t);
}

function reportDepart(m: Model, s: SimState, msg: number, t: number): void {
  const o = s.msgOrder[msg]!;
  const hop = s.msgHop[msg]!;
  if (hop === 0) {
    reportHome(m, s, msg, t);
    return;
  }
  const path = m.routePath[s.ordRoute[o]!]!;
  s.msgHop[msg] = hop - 1;
  transmit(m, s, msg, s.msgNode[msg]!, actual(s, path[hop - 1]!), t);
}

function reportAt(m: Model, s: SimState, msg: number, n: number, t: number): void {
  const o = s.msgOrder[msg]!;
  const dist = m.nodeReportService[n];
  let dep = t;
  if (dist) {
    dep = serve(m, s, n, t, dist);
    if (dep < 0) {
      s.nodeRejected[n]!++;
      lose(m, s, msg);
      return;
    }
  }
  const kind = m.nodeKind[n]!;
  if (kind === K_GATEWAY && s.msgRptCount[msg]! > 0) {
    const p = m.reportOffset[n]! + (s.ordInstrument[o]! % m.gatewayPartitions[n]!);
    if (s.msgRptIndex[msg]! > s.gwLast[p]! + 1) s.counts[COUNT.RPT_GAPS]!++;
    const last = s.msgRptIndex[msg]! + s.msgRptCount[msg]! - 1;
    if (last > s.gwLast[p]!) s.gwLast[p] = last;
  }
  const booked = s.ordCounter[o]!;
  // After a switch of primary, reports for orders the other system booked pass here: post them to its books.
  if (booked === n || (booked >= 0 && m.nodePeer[n] === booked)) {
    const flags = s.msgRpt[msg]!;
    if (flags & RPT.FILL) postFill(m, s, o, s.msgQty[msg]!, s.msgAmount[msg]!);
    if (flags & RPT.TERMINAL) release(m, s, o);
  }
  reportDepart(m, s, msg, dep);
}

/**
 * An exchange report lost on its way back (a cut link, a crashed node): the gateway can ask for it
 * again (ExecRptSync from its last ReportIndex), so it is held with its order until resynced.
 */
function holdReport(m: Model, s: SimState, msg: number): boolean {
  const o = s.msgOrder[msg]!;
  const booked = s.ordCounter[o]!;
  if (booked < 0) return false; // nothing left to post: the books already saw the order's last report
  const path = m.routePath[s.ordRoute[o]!]!;
  let at = -1;
  for (let i = 0; i < path.length; i++) if (path[i] === booked || actual(s, path[i]!) === booked || m.nodePeer[path[i]!] === booked) at = i;
  if (s.msgHop[msg]! < at) return false; // lost after the books posted it: only the client missed it
  s.cut.held.push({
    order: s.msgOrder[msg]!, gateway: -1, hop: s.msgHop[msg]!, flags: s.msgRpt[msg]!, qty: s.msgQty[msg]!, amount: s.msgAmount[msg]!, index: s.msgRptIndex[msg]!, count: s.msgRptCount[msg]!,
  });
  freeMsg(s, msg);
  return true;
}

/** Resync: the gateway gets its missed reports again and sends them on towards their source. Returns how many. */
export function resyncReports(m: Model, s: SimState, gateway: number, t: number): number {
  const keep: typeof s.cut.held = [];
  const again: typeof s.cut.held = [];
  for (const h of s.cut.held) {
    const path = m.routes[s.ordRoute[h.order]!]!.path;
    const gwPos = path.length - 2;
    (gwPos >= 0 && (path[gwPos] === gateway || actual(s, path[gwPos]!) === gateway) ? again : keep).push(h);
  }
  s.cut.held = keep;
  // In ReportIndex order, as the exchange replays them.
  again.sort((a, b) => a.index - b.index || a.order - b.order);
  for (const h of again) {
    const path = m.routes[s.ordRoute[h.order]!]!.path;
    const msg = allocMsg(s);
    s.msgKind[msg] = MSG.REPORT;
    s.msgOrder[msg] = h.order;
    s.msgHop[msg] = path.length - 2;
    s.msgNode[msg] = gateway;
    s.msgFlags[msg] = 0;
    s.msgRpt[msg] = h.flags;
    s.msgQty[msg] = h.qty;
    s.msgAmount[msg] = h.amount;
    s.msgRptIndex[msg] = h.index;
    s.msgRptCount[msg] = h.count;
    reportAt(m, s, msg, gateway, t);
  }
  return again.length;
}

/** The report reached the order's source: the client sees it. */
function reportHome(m: Model, s: SimState, msg: number, t: number): void {
  const o = s.msgOrder[msg]!;
  if (!(s.ordFlags[o]! & FLAG_FIRST_REPORT)) {
    s.ordFlags[o] = s.ordFlags[o]! | FLAG_FIRST_REPORT;
    record(s.hist, m.nodeCount, t - s.ordCreated[o]!);
  }
  if (s.msgRpt[msg]! & RPT.TERMINAL && s.ordStatus[o] !== ORD.REJECTED) s.seriesDone[seriesIndex(m, s, t)]!++;
  s.counts[COUNT.RPT_DELIVERED]!++;
  freeMsg(s, msg);
  releaseOrder(s, o);
}

/** A new order or cancel enters at the first node of its route. */
export function onArriveAtSource(m: Model, s: SimState, msg: number, t: number): void {
  const o = s.msgOrder[msg]!;
  const n = actual(s, m.routePath[s.ordRoute[o]!]![0]!);
  s.msgHop[msg] = 0;
  s.msgNode[msg] = n;
  s.msgFlags[msg] = 0;
  s.msgLink[msg] = -1;
  s.msgDepNode[msg] = -1;
  s.msgDepTime[msg] = t;
  onArrive(m, s, msg, t);
}
