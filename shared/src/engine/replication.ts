import type { Model } from './compile.ts';
import { FLAG_DR_LOST, FLAG_IN_DOUBT, ORD, RPT, ST } from './codes.ts';
import { prune, REC, type DrState } from './commit-log.ts';
import { refreeze, release, unpostFill } from './ledger.ts';
import { voidInDoubt } from './order-state.ts';
import { carries, replayHeld } from './reports.ts';
import { releaseOrder, setState, type SimState } from './state.ts';
import { actual } from './wire.ts';
import { ORD_I, O_COUNTER, O_CUM_QTY, O_FLAGS, O_PBU, O_REFS, O_STATE, O_STATUS } from './order-layout.ts';

/**
 * DR failover with a replicating database (docs/domain.md E2). Promoting the standby after the
 * primary failed keeps only what the standby had received by the failure: the records after that
 * (the unapplied tail, the RPO) are undone from the books, newest first, each by its exact inverse.
 * An order whose acceptance was in the tail is unknown to the new primary (state lost) though the
 * exchange may have it and fill it; a fill or final report in the tail is one the books lack. Only
 * a resync from the exchange (a manual one, from index 1: the logon resync asks only for what the
 * gateway missed, and the gateway did not miss these) finds them: the orders are booked again from
 * the exchange's records and the reports replayed; those the exchange never had are 废单.
 */

/** A failover command: promoting the database, or the counter moving to its DR standby (which opens on the standby database). */
export function onFailover(m: Model, s: SimState, node: number, to: number, t: number): void {
  const r = m.repl!;
  const d = s.dr!;
  const counter = node === r.counter && to === r.counterStandby;
  if ((node === r.db && to === r.standby) || counter) promote(m, s, d, t);
  if (counter) resumed(m, s, t);
}

/** The primary counter is back in place (a restart): trading resumes. */
export function onRestart(m: Model, s: SimState, node: number, t: number): void {
  if (node === m.repl!.counter) resumed(m, s, t);
}

function resumed(m: Model, s: SimState, t: number): void {
  const d = s.dr!;
  if (d.resumedAt < 0 && s.crashTimes[m.repl!.counter]!.length > 0) d.resumedAt = t;
}

function promote(m: Model, s: SimState, d: DrState, t: number): void {
  if (d.promotedAt >= 0) return;
  d.promotedAt = t; // from here the counter's records are the standby's own: no more log
  const db = m.repl!.db;
  if (!s.nodeDown[db]) {
    // A switchover with the primary up: the standby catches up before it takes over; nothing is lost.
    prune(s, d, Infinity);
    return;
  }
  const cut = s.crashTimes[db]![s.crashTimes[db]!.length - 1]!;
  prune(s, d, cut);
  d.cutAt = cut;
  d.tail = d.len;
  d.rpo = d.len > 0 ? cut - d.commit[d.head]! : 0;
  const known: number[] = []; // orders the standby has, with records in the tail
  const replay: { o: number; flags: number; qty: number; amount: number }[] = [];
  for (let i = d.len - 1; i >= 0; i--) {
    const k = (d.head + i) % d.cap;
    const o = d.order[k]!;
    const kind = d.kind[k]!;
    if (kind === REC.FILL) {
      unpostFill(m, s, o, d.qty[k]!, d.amount[k]!, d.fee[k]!, d.charge[k]!, d.value[k]!);
      replay.push({ o, flags: RPT.FILL, qty: d.qty[k]!, amount: d.amount[k]! });
      known.push(o);
    } else if (kind === REC.RELEASE) {
      if (s.ordI[o * ORD_I + O_PBU]! < 0) continue; // never left the counter (cancelled while held): nothing at the exchange to replay
      refreeze(m, s, o, m.repl!.counter, d.value[k]!);
      replay.push({ o, flags: s.ordI[o * ORD_I + O_STATUS] === ORD.REJECTED ? RPT.REJECT | RPT.TERMINAL : RPT.TERMINAL, qty: 0, amount: 0 });
      known.push(o);
    } else {
      if (s.ordI[o * ORD_I + O_PBU]! < 0 && s.ordI[o * ORD_I + O_COUNTER]! < 0) continue; // accepted and cancelled at the counter, never sent: nothing for anyone to miss
      if (s.ordI[o * ORD_I + O_COUNTER]! >= 0) release(m, s, o);
      lose(s, d, o, d.value[k]!);
    }
  }
  // The standby knows these orders as they were before their tail records: live, with what it has of their fills.
  for (const o of known) {
    const st = s.ordI[o * ORD_I + O_STATE]!;
    if (st === ST.LOST || st < ST.PARTIAL || st === ST.FAILED || st === ST.DONE) continue;
    const next = s.ordI[o * ORD_I + O_CUM_QTY]! > 0 ? ST.PARTIAL : ST.REPORTED;
    if (st !== next) setState(s, o, next);
  }
  // Replayed in commit order, as the exchange would send them again.
  for (let i = replay.length - 1; i >= 0; i--) {
    const h = replay[i]!;
    s.ordI[h.o * ORD_I + O_REFS]!++; // a held report keeps its order
    d.held.push({ order: h.o, gateway: -1, hop: -1, flags: h.flags, qty: h.qty, amount: h.amount, index: 0, count: 0 });
  }
  prune(s, d, Infinity);
}

/** The order's acceptance never reached the standby: the new primary does not know it. */
function lose(s: SimState, d: DrState, o: number, frozen: number): void {
  if (s.ordI[o * ORD_I + O_STATE] === ST.LOST) return;
  s.ordI[o * ORD_I + O_FLAGS] = (s.ordI[o * ORD_I + O_FLAGS]! & ~FLAG_IN_DOUBT) | FLAG_DR_LOST; // its in-doubt entry lets go of it when next read
  setState(s, o, ST.LOST);
  s.ordI[o * ORD_I + O_REFS]!++;
  d.lost.push(o);
  d.lostFrozen.push(frozen);
  d.lostOrders++;
}

/** Did the exchange receive the order (a gateway sent it and it arrived)? */
const atExchange = (s: SimState, o: number) => s.ordI[o * ORD_I + O_PBU]! >= 0 && s.ordI[o * ORD_I + O_STATUS] !== ORD.NEW && s.ordI[o * ORD_I + O_STATUS] !== ORD.ABSENT;

/** Lost orders the exchange has that the books still lack: what a reconciliation against the exchange finds. */
export function missingFromBooks(s: SimState, d: DrState): number {
  let n = 0;
  for (const o of d.lost) if (s.ordI[o * ORD_I + O_FLAGS]! & FLAG_DR_LOST && atExchange(s, o)) n++;
  return n;
}

/**
 * A manual resync on the gateway (from index 1: the exchange's records of the day): lost orders on
 * its PBUs that the exchange has are booked again on the counter now serving, and the reports the
 * books lack are replayed; lost orders the exchange never had are 废单. Returns a line, '' for none.
 */
export function reconcileTail(m: Model, s: SimState, gateway: number, t: number): string {
  const d = s.dr!;
  if (d.lost.length === 0 && d.held.length === 0) return '';
  const counter = actual(s, m.repl!.counter);
  if (d.promotedAt < 0 || s.nodeDown[counter]) return `; the DR tail cannot be reconciled until a counter serves on the promoted database`;
  let found = 0;
  let voided = 0;
  const keep: number[] = [];
  const keepFrozen: number[] = [];
  d.lost.forEach((o, i) => {
    const mine = s.ordI[o * ORD_I + O_PBU]! < 0 || carries(m, gateway, s.ordI[o * ORD_I + O_PBU]!);
    if (!(s.ordI[o * ORD_I + O_FLAGS]! & FLAG_DR_LOST) || !mine) {
      if (s.ordI[o * ORD_I + O_FLAGS]! & FLAG_DR_LOST) {
        keep.push(o);
        keepFrozen.push(d.lostFrozen[i]!);
      } else releaseOrder(s, o); // settled otherwise (marked 废单)
      return;
    }
    s.ordI[o * ORD_I + O_FLAGS] = s.ordI[o * ORD_I + O_FLAGS]! & ~FLAG_DR_LOST;
    if (!atExchange(s, o)) {
      voidInDoubt(m, s, o); // right: neither the books nor the exchange have it
      voided++;
      return;
    }
    refreeze(m, s, o, counter, d.lostFrozen[i]!);
    setState(s, o, ST.REPORTED); // 已报: the exchange has it; its replayed reports move it on
    releaseOrder(s, o);
    found++;
  });
  d.lost = keep;
  d.lostFrozen = keepFrozen;
  d.found += found;
  const [n, rest] = replayHeld(m, s, gateway, d.held, t);
  d.held = rest;
  return `; DR tail: ${found} orders the books had lost booked again from the exchange's records, ${n} of their reports replayed${voided ? `, ${voided} the exchange never had are 废单` : ''}`;
}

/** mark_invalid on the gateway also voids the lost orders on its PBUs: wrong for every one the exchange has. */
export function voidLost(m: Model, s: SimState, gateway: number): number {
  const d = s.dr!;
  let n = 0;
  const keep: number[] = [];
  const keepFrozen: number[] = [];
  d.lost.forEach((o, i) => {
    if (!(s.ordI[o * ORD_I + O_FLAGS]! & FLAG_DR_LOST)) {
      releaseOrder(s, o);
      return;
    }
    if (s.ordI[o * ORD_I + O_PBU]! >= 0 && !carries(m, gateway, s.ordI[o * ORD_I + O_PBU]!)) {
      keep.push(o);
      keepFrozen.push(d.lostFrozen[i]!);
      return;
    }
    s.ordI[o * ORD_I + O_FLAGS] = s.ordI[o * ORD_I + O_FLAGS]! & ~FLAG_DR_LOST;
    voidInDoubt(m, s, o); // releases the lost list's reference
    n++;
  });
  d.lost = keep;
  d.lostFrozen = keepFrozen;
  return n;
}
