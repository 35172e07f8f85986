import type { Model } from './compile.ts';
import { record } from './histogram.ts';
import { sample, type Dist } from './sample.ts';
import type { SimState } from './state.ts';

/**
 * A node is a FCFS station with c servers and a bounded waiting room. Because arrivals are
 * processed in time order, each message's start and finish are known when it arrives (Lindley's
 * recursion): one event per hop instead of three, which is what makes a trading day fast.
 * With c servers, FCFS means each arrival takes the server that frees first.
 * Returns the departure time, or -1 when the waiting room is full.
 */
export function serve(m: Model, s: SimState, n: number, t: number, dist: Dist): number {
  const start = startAt(m, s, n, t, m.nodeQueueLimit[n]!);
  return start < 0 ? -1 : finishAt(m, s, n, t, start, dist);
}

/**
 * An execution report coming back is never refused. The exchange keeps every report in its
 * ReportIndex sequence and the member takes them in order as fast as it can (docs/domain.md C2),
 * so a burst is report lag (回报延迟), not loss. It still takes a place in the waiting room, so
 * client orders behind a report burst are refused. Memory: the waiting reports are ones the
 * exchange already emitted (a few per order, so bounded by the scenario's orders), each one
 * message slot plus 24 bytes of ring here.
 */
export function serveReport(m: Model, s: SimState, n: number, t: number, dist: Dist): number {
  const start = startAt(m, s, n, t, Infinity);
  if (start > t) pushReport(s, n, t, start);
  return finishAt(m, s, n, t, start, dist);
}

/** When a message arriving at t starts service, or -1 when `limit` messages already wait. */
function startAt(m: Model, s: SimState, n: number, t: number, limit: number): number {
  // The node's server free-times form a min-heap: the root is the server that frees first.
  const root = s.serverFree[m.serverOffset[n]!]!;
  const start = root > t ? root : t;
  if (start > t) {
    const waiting = dropStarted(s, n, t);
    if (waiting >= limit) return -1;
    pushWaiting(s, n, start);
    if (waiting + 1 > s.nodeMaxQueue[n]!) s.nodeMaxQueue[n] = waiting + 1;
  }
  return start;
}

function finishAt(m: Model, s: SimState, n: number, t: number, start: number, dist: Dist): number {
  const c = m.nodeServers[n]!;
  const off = m.serverOffset[n]!;
  const free = s.serverFree;
  let service = sample(dist, s.rng, (m.streamNode0 + n) * 4);
  const slow = s.nodeSlow[n]!;
  if (slow !== 1) service = Math.round(service * slow);
  const finish = start + service;
  if (c === 1) free[off] = finish;
  else siftDown(free, off, c, finish);
  s.nodeProcessed[n]!++;
  record(s.hist, n, finish - t);
  return finish;
}

/** Replace the root of the heap free[off .. off+c) with v and restore the heap order. */
function siftDown(free: Float64Array, off: number, c: number, v: number): void {
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= c) break;
    if (child + 1 < c && free[off + child + 1]! < free[off + child]!) child++;
    if (free[off + child]! >= v) break;
    free[off + i] = free[off + child]!;
    i = child;
  }
  free[off + i] = v;
}

/** Forget waiting messages that have started by t; returns how many still wait. */
export function dropStarted(s: SimState, n: number, t: number): number {
  const ring = s.waitRing[n]!;
  const mask = ring.length - 1;
  let head = s.waitHead[n]!;
  let len = s.waitLen[n]!;
  while (len > 0 && ring[head]! <= t) {
    head = (head + 1) & mask;
    len--;
  }
  s.waitHead[n] = head;
  s.waitLen[n] = len;
  return len;
}

function pushWaiting(s: SimState, n: number, start: number): void {
  let ring = s.waitRing[n]!;
  const len = s.waitLen[n]!;
  if (len === ring.length) {
    const bigger = new Float64Array(ring.length * 2);
    const head = s.waitHead[n]!;
    for (let i = 0; i < len; i++) bigger[i] = ring[(head + i) & (ring.length - 1)]!;
    ring = bigger;
    s.waitRing[n] = ring;
    s.waitHead[n] = 0;
  }
  ring[(s.waitHead[n]! + len) & (ring.length - 1)] = start;
  s.waitLen[n] = len + 1;
}

/** Waiting messages at time t, without changing the state (for metrics). */
export function waitingAt(s: SimState, n: number, t: number): number {
  return s.waitLen[n]! - startedBy(s.waitRing[n]!, 1, s.waitHead[n]!, s.waitLen[n]!, t);
}

/**
 * How many of a ring's entries (start times at offset stride-1 of each, non-decreasing as FCFS
 * serves in order) have started by t: a binary search, as a metrics read after a burst would
 * otherwise walk every entry left from it.
 */
function startedBy(ring: Float64Array, stride: number, head: number, len: number, t: number): number {
  const mask = ring.length / stride - 1;
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ring[stride * ((head + mid) & mask) + stride - 1]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Note a report waiting at n from `arrived` to `start` (the ring's starts are non-decreasing, as FCFS). */
function pushReport(s: SimState, n: number, arrived: number, start: number): void {
  let ring = s.rptWaitRing[n]!;
  let head = s.rptWaitHead[n]!;
  let len = s.rptWaitLen[n]!;
  let mask = ring.length / 2 - 1;
  while (len > 0 && ring[2 * head + 1]! <= arrived) {
    head = (head + 1) & mask;
    len--;
  }
  if (len === ring.length / 2) {
    const bigger = new Float64Array(ring.length * 2);
    for (let i = 0; i < len; i++) {
      const k = (head + i) & mask;
      bigger[2 * i] = ring[2 * k]!;
      bigger[2 * i + 1] = ring[2 * k + 1]!;
    }
    ring = bigger;
    s.rptWaitRing[n] = ring;
    head = 0;
    mask = ring.length / 2 - 1;
  }
  const k = (head + len) & mask;
  ring[2 * k] = arrived;
  ring[2 * k + 1] = start;
  s.rptWaitHead[n] = head;
  s.rptWaitLen[n] = len + 1;
}

/** Reports waiting at n at time t and how long the oldest has waited (µs), without changing the state (for metrics). */
export function reportBacklog(s: SimState, n: number, t: number): [count: number, lag: number] {
  const ring = s.rptWaitRing[n]!;
  const head = s.rptWaitHead[n]!;
  const len = s.rptWaitLen[n]!;
  const i = startedBy(ring, 2, head, len, t);
  return i === len ? [0, 0] : [len - i, t - ring[2 * ((head + i) & (ring.length / 2 - 1))]!];
}

/** A crash empties the node; a restart brings every server back at t. */
export function resetStation(m: Model, s: SimState, n: number, t: number): void {
  s.serverFree.fill(t, m.serverOffset[n]!, m.serverOffset[n]! + m.nodeServers[n]!);
  s.waitHead[n] = 0;
  s.waitLen[n] = 0;
  s.rptWaitHead[n] = 0;
  s.rptWaitLen[n] = 0;
}
