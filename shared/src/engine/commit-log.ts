import type { Model } from './compile.ts';
import { releaseOrder, type SimState } from './state.ts';
import type { HeldReport } from './cutover-state.ts';
import { ORD_I, O_COUNTER, O_REFS } from './order-layout.ts';

/**
 * The replicating database's commit log (docs/domain.md E2, DR): every record the counter commits
 * (an order accepted with its frozen funds, a fill posted, what a final order gave back) is received
 * at the standby `lag` µs later, in commit order (asynchronous replication: one stream, FIFO).
 * Only the records that may still be missing at the standby are kept, so the log is as long as
 * the lag times the commit rate. The ledger appends here; engine/replication.ts acts on it.
 */

export const REC = { ACCEPT: 1, FILL: 2, RELEASE: 3 } as const;

/** Compiled once (engine/compile.ts): the replicating pair and the counter it serves. */
export interface ReplicationModel {
  db: number;
  standby: number;
  counter: number;
  counterStandby: number; // -1 none
  lag: number; // µs, the scenario's
  link: number; // db ↔ standby link, -1 none: a latency_spike on it grows the lag
}

export interface DrState {
  // The log as a ring, oldest first.
  cap: number;
  head: number;
  len: number;
  commit: Float64Array; // µs committed at the primary
  recv: Float64Array; // µs received at the standby
  order: Int32Array; // order slot (the log holds a reference, so the slot is not reused while logged)
  kind: Uint8Array; // REC
  qty: Int32Array;
  amount: Float64Array; // fen
  fee: Float64Array; // fen, all items of a fill
  charge: Float64Array; // fen, the commission of a fill
  value: Float64Array; // fen frozen (ACCEPT, buy), taken from frozen (FILL), given back (RELEASE); shares for sells
  lastRecv: number;
  /** When the standby was promoted, -1 before. */
  promotedAt: number;
  /** The primary's failure the promotion cut at (µs), -1 none (a switchover with the primary up loses nothing). */
  cutAt: number;
  tail: number; // records lost at the promotion
  rpo: number; // µs of commits lost: cut − the first lost record's commit
  lostOrders: number; // orders whose acceptance was in the tail
  lost: number[]; // order slots unknown to the books, each holding a reference (engine/replication.ts)
  lostFrozen: number[]; // what each had frozen when accepted
  found: number; // lost orders the exchange had, booked again from its records
  /** Reports the exchange sent that the promoted books lack (the tail's fills and finals, and reports for lost orders since): a resync from the exchange replays them. */
  held: HeldReport[];
  stoppedAt: number; // the primary counter failed, -1 not yet
  resumedAt: number; // trading resumed (failover or restart), -1 not yet
}

export function createDr(): DrState {
  const cap = 256;
  return {
    cap,
    head: 0,
    len: 0,
    commit: new Float64Array(cap),
    recv: new Float64Array(cap),
    order: new Int32Array(cap),
    kind: new Uint8Array(cap),
    qty: new Int32Array(cap),
    amount: new Float64Array(cap),
    fee: new Float64Array(cap),
    charge: new Float64Array(cap),
    value: new Float64Array(cap),
    lastRecv: 0,
    promotedAt: -1,
    cutAt: -1,
    tail: 0,
    rpo: 0,
    lostOrders: 0,
    lost: [],
    lostFrozen: [],
    found: 0,
    held: [],
    stoppedAt: -1,
    resumedAt: -1,
  };
}

const FIELDS = ['commit', 'recv', 'order', 'kind', 'qty', 'amount', 'fee', 'charge', 'value'] as const;
type Ring = Float64Array | Int32Array | Uint8Array;

/** The lag in force now: the scenario's plus what faults add on the replication link. */
export function lagNow(m: Model, s: SimState): number {
  const r = m.repl!;
  return r.lag + (r.link >= 0 ? s.linkExtraLatency[r.link]! : 0);
}

/** Up to when the standby's copy counts: the primary's failure while it is down, else now. */
export function cutNow(m: Model, s: SimState): number {
  const db = m.repl!.db;
  return s.nodeDown[db] ? s.crashTimes[db]![s.crashTimes[db]!.length - 1]! : s.now;
}

/** A record committed at the counter now; only the replicated counter's, before a promotion. */
export function logCommit(m: Model, s: SimState, kind: number, o: number, qty: number, amount: number, fee: number, charge: number, value: number): void {
  const d = s.dr!;
  if (d.promotedAt >= 0 || m.repl!.counter !== s.ordI[o * ORD_I + O_COUNTER]) return;
  prune(s, d, cutNow(m, s));
  if (d.len === d.cap) grow(d);
  const k = (d.head + d.len) % d.cap;
  d.len++;
  const t = s.now;
  const recv = Math.max(d.lastRecv, t + lagNow(m, s)); // one stream: received in commit order
  d.lastRecv = recv;
  d.commit[k] = t;
  d.recv[k] = recv;
  d.order[k] = o;
  d.kind[k] = kind;
  d.qty[k] = qty;
  d.amount[k] = amount;
  d.fee[k] = fee;
  d.charge[k] = charge;
  d.value[k] = value;
  s.ordI[o * ORD_I + O_REFS]!++;
}

/** Drop the records the standby has by `cut`, releasing their orders' references. */
export function prune(s: SimState, d: DrState, cut: number): void {
  while (d.len > 0 && d.recv[d.head]! <= cut) {
    releaseOrder(s, d.order[d.head]!);
    d.head = (d.head + 1) % d.cap;
    d.len--;
  }
}

function grow(d: DrState): void {
  const cap = d.cap * 2;
  const rec = d as unknown as Record<string, Ring>;
  for (const f of FIELDS) {
    const a = rec[f]!;
    const b = new (a.constructor as new (n: number) => Ring)(cap);
    for (let i = 0; i < d.len; i++) b[i] = a[(d.head + i) % d.cap]!;
    rec[f] = b;
  }
  d.head = 0;
  d.cap = cap;
}
