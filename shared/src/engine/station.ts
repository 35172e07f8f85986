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
  const c = m.nodeServers[n]!;
  const off = m.serverOffset[n]!;
  const free = s.serverFree;
  // The node's server free-times form a min-heap: the root is the server that frees first.
  const k = off;
  const start = free[k]! > t ? free[k]! : t;
  if (start > t) {
    const waiting = dropStarted(s, n, t);
    if (waiting >= m.nodeQueueLimit[n]!) return -1;
    pushWaiting(s, n, start);
    if (waiting + 1 > s.nodeMaxQueue[n]!) s.nodeMaxQueue[n] = waiting + 1;
  }
  let service = sample(dist, s.rng, (m.streamNode0 + n) * 4);
  const slow = s.nodeSlow[n]!;
  if (slow !== 1) service = Math.round(service * slow);
  const finish = start + service;
  if (c === 1) free[k] = finish;
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
  const ring = s.waitRing[n]!;
  const mask = ring.length - 1;
  let count = 0;
  for (let i = 0; i < s.waitLen[n]!; i++) if (ring[(s.waitHead[n]! + i) & mask]! > t) count++;
  return count;
}

/** A crash empties the node; a restart brings every server back at t. */
export function resetStation(m: Model, s: SimState, n: number, t: number): void {
  s.serverFree.fill(t, m.serverOffset[n]!, m.serverOffset[n]! + m.nodeServers[n]!);
  s.waitHead[n] = 0;
  s.waitLen[n] = 0;
}
