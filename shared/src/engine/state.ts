import type { FaultSpec } from '../scenario/faults.ts';
import type { StampedCommand } from '../scenario/command.ts';
import type { Model } from './compile.ts';
import { HIST_STRIDE } from './histogram.ts';
import { createQueue, type EventQueue } from './queue.ts';
import { createStreams } from './rng.ts';
import type { CutoverState } from './cutover-state.ts';
import { createMarketState, type MarketState } from './market-state.ts';
import { createBook, type Book } from './book.ts';
import { COUNT_SIZE, STATE_COUNT, isTerminal } from './codes.ts';
import type { NightsState } from './night.ts';
import type { DrState } from './commit-log.ts';
import type { ResubmitState } from './resubmit.ts';
import type { IpoState } from './ipo.ts';
import { ORD_F, ORD_I, O_REFS, O_STATE, O_STATUS } from './order-layout.ts';

export { EV, PRIO, MSG, RPT, ORD, isTerminal, SIDE_BUY, SIDE_SELL, FLAG_LOST, FLAG_FIRST_REPORT, COUNT } from './codes.ts';

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
  // per node: (arrival, start) of the reports among them, for the report lag (station.ts reportBacklog)
  rptWaitRing: Float64Array[];
  rptWaitHead: Int32Array;
  rptWaitLen: Int32Array;
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
  ordI: Int32Array; // ORD_I words per order (engine/order-layout.ts)
  ordF: Float64Array; // ORD_F words per order
  stateCounts: Float64Array; // orders per counter state, index ST code
  // The counter's order desk
  backlog: number[]; // 待报: pairs [order slot, route hop it waits to leave from]
  inDoubt: number[]; // 正报 order slots whose message or ack was dropped (settled ones are skipped)
  killsOn: number; // kill switches on (any scope): 0 lets admission skip them
  killFirm: number; // kill switch for the whole firm: 1 on
  killAccount: Uint8Array;
  killPbu: Uint8Array;
  pbuTokens: Float64Array; // exchange order-rate limit (流速) per PBU: token bucket
  pbuTokensAt: Float64Array;
  gwSession: Uint8Array; // 1: the gateway has a session with the exchange (a new one is a logon)
  gwIndexLost: Uint8Array; // 1: the gateway lost its stored ReportIndex; only a manual resync (from 1) recovers
  // Exchange
  refPrice: Float64Array;
  books: number[][]; // [instrument*2 + side] → (order slot, price) pairs, best first (engine/exchange.ts)
  liveOrders: number[];
  exchSeq: Float64Array; // last ReportIndex issued per (PBU, SetID)
  exchLastDep: Float64Array; // reports leave a partition in ReportIndex order (one TCP session)
  gwLast: Float64Array; // last ReportIndex the member side stored per (PBU, SetID)
  // Recent fill reports per (PBU, SetID), a ring the exchange replays from on a resync from index 1
  ringAcctSide: Int32Array; // account * 2 + side
  ringInstrument: Int32Array;
  ringIndex: Float64Array;
  ringQty: Int32Array;
  ringAmount: Float64Array;
  ringHead: Int32Array; // per partition: entries written so far
  // The counter's client books (fen, shares): touched accounts and positions only (engine/book.ts)
  book: Book;
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
  // Pre-open holds, reject reasons, itemised fees, withdrawable cash, bank (engine/market-state.ts)
  mkt: MarketState;
  // The nights between trading days (engine/night.ts); only with a night section, so other runs hash as before
  night?: NightsState;
  // The replicating database's commit log and the DR failover (engine/replication.ts); only with a replicating database
  dr?: DrState;
  // Orders the clients' apps watch to resend unconfirmed (engine/resubmit.ts); only once one is watched
  resubmit?: ResubmitState;
  // The new-share subscription day: accepted subscriptions and their counts (engine/ipo.ts); only with an ipo section
  ipo?: IpoState;
}

/** Fill reports kept per (PBU, SetID) for a replay from index 1 (older ones: archived, not replayed). A power of two. */
export const RING = 64;

export function createPool(capacity: number): Pool {
  const free = new Int32Array(capacity);
  for (let i = 0; i < capacity; i++) free[i] = capacity - 1 - i;
  return { capacity, free, freeCount: capacity, used: 0 };
}

/** The state at window.start; `cut` is the cutover's own (engine/cutover.ts createCutoverState), passed in so this module needs none of its code. */
export function createState(m: Model, seed: number, cut: CutoverState): SimState {
  const N = m.nodeIds.length;
  const L = m.linkIds.length;
  const I = m.instrumentCount;
  const A = m.accountCount;
  const seconds = Math.ceil((m.windowEnd - m.windowStart) / 1_000_000) + 1;
  const MSG0 = 1024;
  const ORD0 = 1024;
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
    rptWaitRing: Array.from({ length: N }, () => new Float64Array(32)),
    rptWaitHead: new Int32Array(N),
    rptWaitLen: new Int32Array(N),
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
    ordI: new Int32Array(ORD0 * ORD_I),
    ordF: new Float64Array(ORD0 * ORD_F),
    stateCounts: new Float64Array(STATE_COUNT),
    backlog: [],
    inDoubt: [],
    killsOn: 0,
    killFirm: 0,
    killAccount: new Uint8Array(A),
    killPbu: new Uint8Array(m.pbuCount),
    pbuTokens: Float64Array.from(m.pbuRate),
    pbuTokensAt: new Float64Array(m.pbuCount).fill(m.windowStart),
    gwSession: new Uint8Array(N).fill(1),
    gwIndexLost: new Uint8Array(N),
    refPrice: Float64Array.from(m.instrumentPrevClose),
    books: Array.from({ length: 2 * I }, () => []),
    liveOrders: [],
    exchSeq: new Float64Array(m.reportTotal),
    exchLastDep: new Float64Array(m.reportTotal),
    gwLast: new Float64Array(m.reportTotal),
    ringAcctSide: new Int32Array(m.reportTotal * RING),
    ringInstrument: new Int32Array(m.reportTotal * RING),
    ringIndex: new Float64Array(m.reportTotal * RING),
    ringQty: new Int32Array(m.reportTotal * RING),
    ringAmount: new Float64Array(m.reportTotal * RING),
    ringHead: new Int32Array(m.reportTotal),
    book: createBook(seed, A, I),
    faults: [],
    commands: [],
    counts: new Float64Array(COUNT_SIZE),
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
    cut,
    mkt: createMarketState(m),
  };
}

const MSG_FIELDS = [
  'msgKind',
  'msgFlags',
  'msgOrder',
  'msgHop',
  'msgNode',
  'msgLink',
  'msgDepNode',
  'msgDepEpoch',
  'msgDepTime',
  'msgRpt',
  'msgQty',
  'msgAmount',
  'msgRptIndex',
  'msgRptCount',
] as const;
const ORD_FIELDS = ['ordI', 'ordF'] as const;

type TypedArray = Float64Array | Int32Array | Int16Array | Uint8Array;

function growFields(s: SimState, fields: readonly string[], pool: Pool): void {
  const old = pool.capacity;
  const cap = old * 2;
  const rec = s as unknown as Record<string, TypedArray>;
  for (const f of fields) {
    const a = rec[f]!;
    const b = new (a.constructor as new (n: number) => TypedArray)((a.length / old) * cap); // rows of a.length / capacity words
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
  // Zeroed like a free order's row (releaseOrder), every MSG_FIELDS array: the pool keeps the opening's million slots all day.
  s.msgKind[m] = s.msgFlags[m] = s.msgRpt[m] = 0;
  s.msgOrder[m] = s.msgHop[m] = s.msgNode[m] = s.msgLink[m] = s.msgDepNode[m] = s.msgDepEpoch[m] = s.msgQty[m] = s.msgRptCount[m] = 0;
  s.msgDepTime[m] = s.msgAmount[m] = s.msgRptIndex[m] = 0;
  s.msgPool.used--;
  s.msgPool.free[s.msgPool.freeCount++] = m;
}

export function allocOrder(s: SimState): number {
  if (s.ordPool.freeCount === 0) growFields(s, ORD_FIELDS, s.ordPool);
  s.ordPool.used++;
  return s.ordPool.free[--s.ordPool.freeCount]!;
}

/** Move an order to a counter state, keeping the per-state counts. */
export function setState(s: SimState, o: number, next: number): void {
  s.stateCounts[s.ordI[o * ORD_I + O_STATE]!]!--;
  s.stateCounts[next]!++;
  s.ordI[o * ORD_I + O_STATE] = next;
}

/** Drop one reference; the slot is reused once the order is final and nothing in flight names it. */
export function releaseOrder(s: SimState, o: number): void {
  if (--s.ordI[o * ORD_I + O_REFS]! === 0 && isTerminal(s.ordI[o * ORD_I + O_STATUS]!)) {
    // A free slot reads as zeros: after the opening's million orders, a snapshot skips the free rows (snapshot.ts packClone).
    s.ordI.fill(0, o * ORD_I, (o + 1) * ORD_I);
    s.ordF.fill(0, o * ORD_F, (o + 1) * ORD_F);
    s.ordPool.used--;
    s.ordPool.free[s.ordPool.freeCount++] = o;
  }
}
