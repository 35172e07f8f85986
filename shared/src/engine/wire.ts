import type { Model } from './compile.ts';
import { EV, FLAG_LOST, PRIO } from './codes.ts';
import { nextInt, nextOpen01 } from './rng.ts';
import { push } from './queue.ts';
import type { SimState } from './state.ts';
import { linkBetween } from './links.ts';

/** Links and failovers: how a message gets from one node to the next, and whether it made it. */

export function seriesIndex(m: Model, s: SimState, t: number): number {
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
  const link = linkBetween(m, a, b);
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
export function lostInTransit(s: SimState, msg: number): boolean {
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

/** Can a message leave node a for node b now: b up and a link between them that is not cut? */
export function reachable(m: Model, s: SimState, a: number, b: number): boolean {
  const link = linkBetween(m, a, b);
  return link >= 0 && !s.linkCut[link] && !s.nodeDown[a] && !s.nodeDown[b];
}
