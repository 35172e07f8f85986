import type { StampedCommand, FaultSpec } from '../scenario/faults.ts';
import type { Model } from './compile.ts';
import { MAX_BOOK_CELLS } from '../scenario/schema.ts';
import { HIST_STRIDE } from './histogram.ts';
import { createQueue, type EventQueue } from './queue.ts';
import { createStreams } from './rng.ts';
import { createCutoverState, type CutoverState } from './cutover.ts';

/** Event types. Priorities order same-time events: commands first, then the day's schedule, then traffic. */
export const EV = {
  GENERATE: 1, ARRIVE: 2, PHASE: 3, STREET_TICK: 4, FAULT_START: 5, FAULT_END: 6, COMMAND: 7, BURST_START: 8, BURST_END: 9, COMPLETE: 10, GUARD_CHECK: 11, RECONCILE: 12, FILE: 13,
} as const;
export const PRIO = { COMMAND: 0, SCHEDULE: 1, TRAFFIC: 2 } as const;

export const MSG = { ORDER: 1, CANCEL: 2, REPORT: 3 } as const;

/** Report flags; one report message may bundle an ack and a fill (consecutive ReportIndex values). */
export const RPT = { ACK: 1, FILL: 2, TERMINAL: 4, REJECT: 8, CANCEL_REJECT: 16 } as const;

export const ORD = { NEW: 0, LIVE: 1, FILLED: 2, CANCELLED: 3, EXPIRED: 4, REJECTED: 5, LOST: 6, DONE: 7 } as const;
export const isTerminal = (status: number) => status >= ORD.FILLED;

export const SIDE_BUY = 0;
export const SIDE_SELL = 1;

/** Lost in transit (link loss drawn when sent). */
export const FLAG_LOST = 1;
/** The order's first report has reached its source (end-to-end latency recorded). */
export const FLAG_FIRST_REPORT = 1;

/** [key, value, source]: source is the fault id of a config_error, or '' when set by command. */
export type ConfigEntry = [string, string | number | boolean, string];

export interface FaultRecord {
  id: string;
  spec: FaultSpec;
  target: number; // node or link index
  onLink: boolean;
  startedAt: number;
  active: boolean;
  endsAt: number; // -1 when open-ended
}

/** A pool of fixed-width records in typed arrays, with a free list: no allocation per order. */
export interface Pool {
  capacity: number;
  free: Int32Array;
  freeCount: number;
  used: number;
}

/**
 * Everything that changes while a simulation runs: plain data, so snapshot is a deep copy and the
 * state hash is a walk over it. Field order here is the hash order.
 */
export interface SimState {
  now: number;
  events: number;
  q: EventQueue;
  rng: Uint32Array;
  // Load generation
  genEpoch: number;
  session: number; // index into model.sessions, -1 outside every session
  loadMultiplier: number;
  burstActive: Uint8Array;
  nextOrderId: number;
  // Stations
  serverFree: Float64Array;
  waitRing: Float64Array[]; // per node: start times of messages waiting for a server (non-decreasing)
  waitHead: Int32Array;
  waitLen: Int32Array;
  nodeDown: Uint8Array;
  nodeEpoch: Int32Array;
  crashTimes: number[][]; // per node: time of the crash that ended epoch e
  nodeDrained: Uint8Array;
  nodeDiskFull: Uint8Array;
  nodeSlow: Float64Array;
  nodeThrottle: Float64Array; // orders per second, 0 = off
  nodeTokens: Float64Array;
  nodeTokensAt: Float64Array;
  nodeSubst: Int32Array; // failover target, -1 = none
  nodeConfig: ConfigEntry[][]; // overrides in the order they were set
  // Links
  linkCut: Uint8Array;
  linkLastCut: Float64Array;
  linkLastHeal: Float64Array;
  linkExtraLatency: Float64Array;
  linkLossNow: Float64Array;
  linkFree: Float64Array; // bandwidth: when the wire is next free
  linkLastArrival: Float64Array; // per direction: keeps jittered delivery in order
  // Messages in flight
  msgPool: Pool;
  msgKind: Uint8Array;
  msgFlags: Uint8Array;
  msgOrder: Int32Array;
  msgHop: Int16Array;
  msgNode: Int32Array;
  msgLink: Int32Array;
  msgDepNode: Int32Array;
  msgDepEpoch: Int32Array;
  msgDepTime: Float64Array;
  msgRpt: Uint8Array;
  msgQty: Int32Array;
  msgAmount: Float64Array;
  msgRptIndex: Float64Array;
  msgRptCount: Int32Array;
  // Orders
  ordPool: Pool;
  ordId: Float64Array;
  ordAccount: Int32Array;
  ordInstrument: Int32Array;
  ordSide: Uint8Array;
  ordPrice: Float64Array;
  ordQty: Int32Array;
  ordFilled: Int32Array;
  ordStatus: Uint8Array;
  ordRoute: Int16Array;
  ordCreated: Float64Array;
  ordRefs: Int32Array;
  ordFlags: Uint8Array;
  ordLiveIdx: Int32Array;
  ordCounter: Int32Array; // the counter that froze funds for it, -1 none
  ordFrozen: Float64Array;
  ordCumQty: Int32Array; // as the counter knows it
  ordCumAmount: Float64Array;
  ordFeePaid: Float64Array;
  ordShadowFee: Float64Array; // commission the dual-run shadow charged this order so far
  // Exchange
  refPrice: Float64Array;
  books: number[][]; // [instrument*2 + side] → resting order slots, best first
  liveOrders: number[];
  exchSeq: Float64Array; // last ReportIndex issued per gateway partition
  exchLastDep: Float64Array; // reports leave a partition in ReportIndex order (one TCP session)
  gwLast: Float64Array; // last ReportIndex a gateway received per partition
  // Ledger (fen, shares)
  cash: Float64Array;
  frozen: Float64Array;
  fees: Float64Array;
  bought: Float64Array;
  sold: Float64Array;
  position: Int32Array; // shares, account * instruments + instrument (a 2^31-share cap per cell is plenty)
  sellable: Int32Array;
  // Faults and commands
  faults: FaultRecord[];
  commands: StampedCommand[];
  // Metrics
  counts: Float64Array; // see COUNT
  nodeProcessed: Float64Array;
  nodeRejected: Float64Array;
  nodeLost: Float64Array;
  nodeMaxQueue: Float64Array;
  linkCarried: Float64Array;
  linkLost: Float64Array;
  hist: Float64Array; // rows: nodes, then end-to-end
  seriesCreated: Float64Array;
  seriesDone: Float64Array;
  seriesRejected: Float64Array;
  // Cutover: runbook, dual-run, migration, guardrails (engine/cutover.ts)
  cut: CutoverState;
}

export const COUNT = { CREATED: 0, FILLED: 1, CANCELLED: 2, EXPIRED: 3, REJECTED: 4, LOST: 5, DONE: 6, RPT_DELIVERED: 7, RPT_LOST: 8, RPT_GAPS: 9, CANCEL_REJECTS: 10 } as const;

export function createPool(capacity: number): Pool {
  const free = new Int32Array(capacity);
  for (let i = 0; i < capacity; i++) free[i] = capacity - 1 - i;
  return { capacity, free, freeCount: capacity, used: 0 };
}

export function createState(m: Model, seed: number): SimState {
  const N = m.nodeIds.length;
  const L = m.linkIds.length;
  const I = m.instrumentCount;
  const A = m.accountCount;
  const seconds = Math.ceil((m.windowEnd - m.windowStart) / 1_000_000) + 1;
  const MSG0 = 1024;
  const ORD0 = 1024;
  const cells = A * I;
  if (cells > MAX_BOOK_CELLS) throw new Error(`accounts × instruments = ${cells} is more than the engine holds (${MAX_BOOK_CELLS})`);
  return {
    now: m.windowStart,
    events: 0,
    q: createQueue(),
    rng: createStreams(seed, m.streamCount),
    genEpoch: 0,
    session: -1,
    loadMultiplier: 1,
    burstActive: new Uint8Array(m.scenario.load.bursts.length),
    nextOrderId: 1,
    serverFree: new Float64Array(m.serverTotal),
    waitRing: Array.from({ length: N }, () => new Float64Array(16)),
    waitHead: new Int32Array(N),
    waitLen: new Int32Array(N),
    nodeDown: new Uint8Array(N),
    nodeEpoch: new Int32Array(N),
    crashTimes: Array.from({ length: N }, () => []),
    nodeDrained: new Uint8Array(N),
    nodeDiskFull: new Uint8Array(N),
    nodeSlow: new Float64Array(N).fill(1),
    nodeThrottle: new Float64Array(N),
    nodeTokens: new Float64Array(N),
    nodeTokensAt: new Float64Array(N),
    nodeSubst: new Int32Array(N).fill(-1),
    nodeConfig: Array.from({ length: N }, () => []),
    linkCut: new Uint8Array(L),
    linkLastCut: new Float64Array(L).fill(-1),
    linkLastHeal: new Float64Array(L).fill(-1),
    linkExtraLatency: new Float64Array(L),
    linkLossNow: Float64Array.from(m.linkLoss),
    linkFree: new Float64Array(L),
    linkLastArrival: new Float64Array(2 * L),
    msgPool: createPool(MSG0),
    msgKind: new Uint8Array(MSG0),
    msgFlags: new Uint8Array(MSG0),
    msgOrder: new Int32Array(MSG0),
    msgHop: new Int16Array(MSG0),
    msgNode: new Int32Array(MSG0),
    msgLink: new Int32Array(MSG0),
    msgDepNode: new Int32Array(MSG0),
    msgDepEpoch: new Int32Array(MSG0),
    msgDepTime: new Float64Array(MSG0),
    msgRpt: new Uint8Array(MSG0),
    msgQty: new Int32Array(MSG0),
    msgAmount: new Float64Array(MSG0),
    msgRptIndex: new Float64Array(MSG0),
    msgRptCount: new Int32Array(MSG0),
    ordPool: createPool(ORD0),
    ordId: new Float64Array(ORD0),
    ordAccount: new Int32Array(ORD0),
    ordInstrument: new Int32Array(ORD0),
    ordSide: new Uint8Array(ORD0),
    ordPrice: new Float64Array(ORD0),
    ordQty: new Int32Array(ORD0),
    ordFilled: new Int32Array(ORD0),
    ordStatus: new Uint8Array(ORD0),
    ordRoute: new Int16Array(ORD0),
    ordCreated: new Float64Array(ORD0),
    ordRefs: new Int32Array(ORD0),
    ordFlags: new Uint8Array(ORD0),
    ordLiveIdx: new Int32Array(ORD0),
    ordCounter: new Int32Array(ORD0),
    ordFrozen: new Float64Array(ORD0),
    ordCumQty: new Int32Array(ORD0),
    ordCumAmount: new Float64Array(ORD0),
    ordFeePaid: new Float64Array(ORD0),
    ordShadowFee: new Float64Array(ORD0),
    refPrice: Float64Array.from(m.instrumentPrevClose),
    books: Array.from({ length: 2 * I }, () => []),
    liveOrders: [],
    exchSeq: new Float64Array(m.reportTotal),
    exchLastDep: new Float64Array(m.reportTotal),
    gwLast: new Float64Array(m.reportTotal),
    cash: new Float64Array(A).fill(m.openingCash),
    frozen: new Float64Array(A),
    fees: new Float64Array(A),
    bought: new Float64Array(A),
    sold: new Float64Array(A),
    position: new Int32Array(cells).fill(m.openingShares),
    sellable: new Int32Array(cells).fill(m.openingShares),
    faults: [],
    commands: [],
    counts: new Float64Array(11),
    nodeProcessed: new Float64Array(N),
    nodeRejected: new Float64Array(N),
    nodeLost: new Float64Array(N),
    nodeMaxQueue: new Float64Array(N),
    linkCarried: new Float64Array(L),
    linkLost: new Float64Array(L),
    hist: new Float64Array((N + 1) * HIST_STRIDE),
    seriesCreated: new Float64Array(seconds),
    seriesDone: new Float64Array(seconds),
    seriesRejected: new Float64Array(seconds),
    cut: createCutoverState(m, seed),
  };
}

const MSG_FIELDS = ['msgKind', 'msgFlags', 'msgOrder', 'msgHop', 'msgNode', 'msgLink', 'msgDepNode', 'msgDepEpoch', 'msgDepTime', 'msgRpt', 'msgQty', 'msgAmount', 'msgRptIndex', 'msgRptCount'] as const;
const ORD_FIELDS = [
  'ordId', 'ordAccount', 'ordInstrument', 'ordSide', 'ordPrice', 'ordQty', 'ordFilled', 'ordStatus', 'ordRoute', 'ordCreated', 'ordRefs', 'ordFlags', 'ordLiveIdx', 'ordCounter', 'ordFrozen', 'ordCumQty', 'ordCumAmount', 'ordFeePaid', 'ordShadowFee',
] as const;

type TypedArray = Float64Array | Int32Array | Int16Array | Uint8Array;

function growFields(s: SimState, fields: readonly string[], pool: Pool): void {
  const old = pool.capacity;
  const cap = old * 2;
  const rec = s as unknown as Record<string, TypedArray>;
  for (const f of fields) {
    const a = rec[f]!;
    const b = new (a.constructor as new (n: number) => TypedArray)(cap);
    b.set(a);
    rec[f] = b;
  }
  const free = new Int32Array(cap);
  free.set(pool.free.subarray(0, pool.freeCount));
  let n = pool.freeCount;
  for (let i = cap - 1; i >= old; i--) free[n++] = i;
  pool.free = free;
  pool.freeCount = n;
  pool.capacity = cap;
}

export function allocMsg(s: SimState): number {
  if (s.msgPool.freeCount === 0) growFields(s, MSG_FIELDS, s.msgPool);
  s.msgPool.used++;
  return s.msgPool.free[--s.msgPool.freeCount]!;
}

export function freeMsg(s: SimState, m: number): void {
  s.msgPool.used--;
  s.msgPool.free[s.msgPool.freeCount++] = m;
}

export function allocOrder(s: SimState): number {
  if (s.ordPool.freeCount === 0) growFields(s, ORD_FIELDS, s.ordPool);
  s.ordPool.used++;
  return s.ordPool.free[--s.ordPool.freeCount]!;
}

/** Drop one reference; the slot is reused once the order is final and nothing in flight names it. */
export function releaseOrder(s: SimState, o: number): void {
  if (--s.ordRefs[o]! === 0 && isTerminal(s.ordStatus[o]!)) {
    s.ordPool.used--;
    s.ordPool.free[s.ordPool.freeCount++] = o;
  }
}
