import { KIND, type Model } from './compile.ts';
import { COUNT, FLAG_IN_DOUBT, MSG, ORD, ST } from './codes.ts';
import { note } from './cutover-state.ts';
import { forward } from './flow.ts';
import { cancelHeld, cancelling, voidInDoubt } from './order-state.ts';
import { carries, replayDuplicates, resyncReports } from './reports.ts';
import { allocMsg, releaseOrder, setState, type SimState } from './state.ts';
import { actual, reachable, transmit } from './wire.ts';
import { linkBetween } from './links.ts';
import { reconcileTail, voidLost } from './replication.ts';
import { ORD_I, O_ACCOUNT, O_FLAGS, O_PBU, O_REFS, O_ROUTE, O_STATE, O_STATUS } from './order-layout.ts';

/**
 * The counter operator's desk: the backlog of held orders (待报), in-doubt orders (正报) and their
 * settlement, report resync at gateway logon or by hand, mass cancel and the kill switches.
 */

/** Does the order's route go out through this gateway (itself or what it failed over to)? */
function through(m: Model, s: SimState, o: number, gateway: number): boolean {
  const r = s.ordI[o * ORD_I + O_ROUTE]!;
  const g = m.routeGatewayHop[r]!;
  if (g < 0) return false;
  const n = m.routePath[r]![g]!;
  return n === gateway || actual(s, n) === gateway;
}

/** Send every held order whose next hop can be reached now. Returns how many went out. */
export function sendBacklog(m: Model, s: SimState, t: number): number {
  const keep: number[] = [];
  let sent = 0;
  const b = s.backlog;
  for (let i = 0; i < b.length; i += 2) {
    const o = b[i]!;
    const from = b[i + 1]!;
    if (s.ordI[o * ORD_I + O_STATE] !== ST.HELD) {
      releaseOrder(s, o); // cancelled while held
      continue;
    }
    const path = m.routePath[s.ordI[o * ORD_I + O_ROUTE]!]!;
    const a = actual(s, path[from]!);
    const to = actual(s, path[from + 1]!);
    if (!reachable(m, s, a, to)) {
      keep.push(o, from);
      continue;
    }
    const msg = allocMsg(s); // takes over the backlog's reference
    s.msgKind[msg] = MSG.ORDER;
    s.msgOrder[msg] = o;
    s.msgHop[msg] = from + 1;
    setState(s, o, ST.UNSENT);
    transmit(m, s, msg, a, to, t);
    sent++;
  }
  s.backlog = keep;
  s.counts[COUNT.BACKLOG_SENT]! += sent;
  return sent;
}

/** Cancel held orders at the counter (for one gateway's routes, or all with -1). Returns how many. */
export function cancelBacklog(m: Model, s: SimState, gateway: number, match: (o: number) => boolean = () => true): number {
  const keep: number[] = [];
  let n = 0;
  const b = s.backlog;
  for (let i = 0; i < b.length; i += 2) {
    const o = b[i]!;
    if (s.ordI[o * ORD_I + O_STATE] !== ST.HELD) {
      releaseOrder(s, o);
      continue;
    }
    if ((gateway >= 0 && !through(m, s, o, gateway)) || !match(o)) {
      keep.push(o, b[i + 1]!);
      continue;
    }
    cancelHeld(m, s, o);
    releaseOrder(s, o);
    n++;
  }
  s.backlog = keep;
  return n;
}

/** In-doubt orders on the gateway's PBUs (all with -1) that `settle` decides; the others stay. */
function eachInDoubt(m: Model, s: SimState, gateway: number, settle: (o: number) => boolean): number {
  const keep: number[] = [];
  let n = 0;
  for (const o of s.inDoubt) {
    if (!(s.ordI[o * ORD_I + O_FLAGS]! & FLAG_IN_DOUBT)) {
      releaseOrder(s, o); // settled by a report
      continue;
    }
    if ((gateway < 0 || carries(m, gateway, s.ordI[o * ORD_I + O_PBU]!)) && settle(o)) n++;
    else keep.push(o);
  }
  s.inDoubt = keep;
  return n;
}

/** After a resync: an in-doubt order the exchange never received is 废单 (the replayed reports settled the rest). */
function settleAbsent(m: Model, s: SimState, gateway: number): number {
  return eachInDoubt(m, s, gateway, (o) => {
    if (s.ordI[o * ORD_I + O_STATUS] !== ORD.NEW) return false; // the exchange has it: its reports are on their way
    voidInDoubt(m, s, o);
    s.counts[COUNT.SETTLED]!++;
    return true;
  });
}

/** The operator marks in-doubt orders 废单 without a resync: wrong for any the exchange did receive. */
export function markInvalid(m: Model, s: SimState, gateway: number): number {
  const lost = s.dr !== undefined ? voidLost(m, s, gateway) : 0; // and the orders a DR failover lost, as an operator declaring them void would
  return (
    lost +
    eachInDoubt(m, s, gateway, (o) => {
      voidInDoubt(m, s, o);
      return true;
    })
  );
}

/** Is the node up with at least one uncut link to an exchange? */
export function reachesExchange(m: Model, s: SimState, n: number): boolean {
  if (s.nodeDown[n]) return false;
  for (let x = 0; x < m.nodeCount; x++) {
    if (m.nodeKind[x] !== KIND.exchange) continue;
    const link = linkBetween(m, n, x);
    if (link >= 0 && !s.linkCut[link]) return true;
  }
  return false;
}

/** The counter that books orders going out through the gateway, -1 none. */
function counterBehind(m: Model, s: SimState, gateway: number): number {
  for (let r = 0; r < m.routes.length; r++) {
    const g = m.routeGatewayHop[r]!;
    const c = m.routeCounterHop[r]!;
    if (g < 0 || c < 0) continue;
    const n = m.routePath[r]![g]!;
    if (n === gateway || actual(s, n) === gateway) return actual(s, m.routePath[r]![c]!);
  }
  return -1;
}

/**
 * ExecRptSync on the gateway's PBUs. At logon TDGW does it by itself from the stored index; when
 * that index is lost only a manual resync (from index 1) recovers, and the exchange then replays
 * reports the member side already has. Returns a line for the timeline, or null when it cannot.
 */
export function resync(m: Model, s: SimState, gateway: number, manual: boolean, t: number): string | null {
  const id = m.nodeIds[gateway]!;
  if (!reachesExchange(m, s, gateway)) return manual ? `${id} cannot resync: it has no session with the exchange (gateway down or its line cut)` : null;
  if (!manual && s.gwIndexLost[gateway]) return `${id} logs on but has lost its stored ReportIndex: it cannot resync by itself (resync by hand, from index 1)`;
  let dup = 0;
  if (s.gwIndexLost[gateway]) {
    const counter = counterBehind(m, s, gateway);
    if (counter >= 0) dup = replayDuplicates(m, s, gateway, counter);
    s.gwIndexLost[gateway] = 0;
  }
  const n = resyncReports(m, s, gateway, t);
  const absent = settleAbsent(m, s, gateway);
  // From index 1 the exchange's records of the day come back: only then are orders the books lost in a DR failover found.
  const tail = manual && s.dr !== undefined ? reconcileTail(m, s, gateway, t) : '';
  return `${id} resyncs ${n} missed reports from the exchange${manual ? '' : ' (by itself, at logon)'}${absent ? `; ${absent} in-doubt orders the exchange never received are 废单` : ''}${dup ? `; ${dup} reports replayed again from index 1` : ''}${tail}`;
}

/**
 * After a gateway, a line or a node comes back: a gateway with a new session logs on (automatic
 * resync); when the node back is one that keeps books, every gateway re-delivers what it missed.
 * Then the held orders go out.
 */
export function reconnect(m: Model, s: SimState, t: number, restarted = -1): void {
  const books = restarted >= 0 && m.nodeBooks[restarted] === 1;
  for (let n = 0; n < m.nodeCount; n++) {
    if (m.nodeKind[n] !== KIND.gateway) continue;
    const up = reachesExchange(m, s, n) ? 1 : 0;
    const logon = up === 1 && (s.gwSession[n] === 0 || books);
    s.gwSession[n] = up;
    if (!logon) continue;
    const line = resync(m, s, n, false, t);
    if (line !== null) note(s, t, 'resync', m.nodeIds[n]!, line);
  }
  if (s.backlog.length > 0) sendBacklog(m, s, t);
}

export type Scope = { scope: 'firm' } | { scope: 'account'; account: number } | { scope: 'pbu'; pbu: number };

/** The PBU an order went out on, or for one not yet sent, the one its gateway would send it on; -1 none. */
function pbuOf(m: Model, s: SimState, o: number): number {
  if (s.ordI[o * ORD_I + O_PBU]! >= 0) return s.ordI[o * ORD_I + O_PBU]!;
  const r = s.ordI[o * ORD_I + O_ROUTE]!;
  const g = m.routeGatewayHop[r]!;
  if (g < 0) return -1;
  const pbus = m.gatewayPbus[actual(s, m.routePath[r]![g]!)]!;
  return pbus.length === 0 ? -1 : pbus[s.ordI[o * ORD_I + O_ACCOUNT]! % pbus.length]!;
}

function inScope(m: Model, s: SimState, o: number, sc: Scope): boolean {
  return sc.scope === 'firm' || (sc.scope === 'account' ? s.ordI[o * ORD_I + O_ACCOUNT] === sc.account : pbuOf(m, s, o) === sc.pbu);
}

/**
 * Mass cancel: held orders are cancelled at the counter; orders the counter knows live (已报, 部成)
 * get a cancel from the counter, which goes out on the PBU that placed them. Returns [held, sent].
 */
export function massCancel(m: Model, s: SimState, sc: Scope, t: number): [number, number] {
  const held = cancelBacklog(m, s, -1, (o) => inScope(m, s, o, sc));
  let sent = 0;
  const live = s.liveOrders.slice(); // sending does not change the list, but keep the walk independent of it
  for (const o of live) {
    const st = s.ordI[o * ORD_I + O_STATE]!;
    if ((st !== ST.REPORTED && st !== ST.PARTIAL) || !inScope(m, s, o, sc)) continue;
    const r = s.ordI[o * ORD_I + O_ROUTE]!;
    const hop = Math.max(0, m.routeCounterHop[r]!);
    const at = actual(s, m.routePath[r]![hop]!);
    if (s.nodeDown[at]) continue;
    const msg = allocMsg(s);
    s.msgKind[msg] = MSG.CANCEL;
    s.msgOrder[msg] = o;
    s.msgHop[msg] = hop;
    s.msgNode[msg] = at;
    s.ordI[o * ORD_I + O_REFS]!++;
    cancelling(s, o);
    forward(m, s, msg, at, t);
    sent++;
  }
  return [held, sent];
}

/** A kill switch: new orders in scope are refused from now on (or again accepted), and on it cancels what is open. */
export function killSwitch(m: Model, s: SimState, sc: Scope, on: boolean, t: number): [number, number] {
  const v = on ? 1 : 0;
  if (sc.scope === 'firm') s.killFirm = v;
  else if (sc.scope === 'account') s.killAccount[sc.account] = v;
  else s.killPbu[sc.pbu] = v;
  let n = s.killFirm;
  for (let i = 0; i < s.killAccount.length; i++) n += s.killAccount[i]!;
  for (let i = 0; i < s.killPbu.length; i++) n += s.killPbu[i]!;
  s.killsOn = n;
  return on ? massCancel(m, s, sc, t) : [0, 0];
}
