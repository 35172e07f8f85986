import type { Model } from './compile.ts';
import { FLAG_FIRST_REPORT, FLAG_RESENT, FLAG_RESUBMIT, ORD, ST } from './codes.ts';
import { releaseOrder, type SimState } from './state.ts';
import { actual } from './wire.ts';
import { configOverride } from './node-config.ts';
import { F_CREATED, F_ID, ORD_F, ORD_I, O_FLAGS, O_REFS, O_ROUTE, O_STATE, O_STATUS } from './order-layout.ts';

/**
 * The clients' apps resend an order they see unconfirmed (docs/domain.md E3 11, SSE 2024-09-27):
 * a client order sent to the exchange (正报) with no report back `load.resubmitAfter` after it was
 * placed is sent once more,
 * as a new order (a new ClOrdID) flagged FLAG_RESUBMIT. When the exchange ends up holding both the
 * original and its copy, that is a duplicate order. The broker turns the resend off in the apps by
 * `set_config <source node> clients.resubmit = off` (the route's first node, the terminals).
 * No randomness: the deadline is the order's creation time plus resubmitAfter, checked when the
 * clients next act (so a resend goes out at most one client inter-arrival late).
 */

export const RESUBMIT_KEY = 'clients.resubmit';

export interface ResubmitState {
  /** Client orders waiting for their deadline, oldest first; each holds a reference on its slot. */
  due: number[];
  head: number;
  /** ordId → the other order of its pair (an original and its resent copy). */
  pair: Record<number, number>;
  /** ordIds of pair members the exchange holds while the other has not reached it. */
  held: Record<number, 1>;
  resubmitted: number;
  duplicates: number;
}

const createResubmit = (): ResubmitState => ({ due: [], head: 0, pair: {}, held: {}, resubmitted: 0, duplicates: 0 });

/** A client order was placed: watch it for its confirmation, when the scenario's apps resubmit. */
export function watch(m: Model, s: SimState, o: number): void {
  if (m.scenario.load.resubmitAfter === undefined) return;
  (s.resubmit ??= createResubmit()).due.push(o);
  s.ordI[o * ORD_I + O_REFS]!++;
}

/**
 * Sent to the exchange and nothing back yet (正报, no report at the client): what the apps resend. An
 * order the counter still holds (未报 before SSE's open, 待报 while a gateway is down) shows the
 * client the counter's acceptance, so the app waits.
 */
function unconfirmed(s: SimState, o: number): boolean {
  return s.ordI[o * ORD_I + O_STATE] === ST.SENDING && !(s.ordI[o * ORD_I + O_FLAGS]! & FLAG_FIRST_REPORT);
}

function resendOff(m: Model, s: SimState, o: number): boolean {
  const v = configOverride(s, actual(s, m.routePath[s.ordI[o * ORD_I + O_ROUTE]!]![0]!), RESUBMIT_KEY);
  return v === 'off' || v === false;
}

/** The exchange has the order (accepted it; it may have traded or ended since). */
function atExchange(s: SimState, o: number): boolean {
  const st = s.ordI[o * ORD_I + O_STATUS]!;
  return st === ORD.LIVE || st === ORD.FILLED || st === ORD.CANCELLED || st === ORD.EXPIRED;
}

/**
 * Resend every watched order whose deadline has passed by t and that is still unconfirmed.
 * `send(o)` places the copy of o (load.ts, which owns order creation) and returns its slot.
 */
export function resendDue(m: Model, s: SimState, t: number, send: (o: number) => number): void {
  const r = s.resubmit;
  if (r === undefined) return;
  const after = m.scenario.load.resubmitAfter!;
  while (r.head < r.due.length) {
    const o = r.due[r.head]!;
    if (s.ordF[o * ORD_F + F_CREATED]! + after > t) break;
    r.head++;
    if (unconfirmed(s, o) && !resendOff(m, s, o)) {
      const id = s.ordF[o * ORD_F + F_ID]!;
      r.resubmitted++;
      if (atExchange(s, o)) r.held[id] = 1;
      else s.ordI[o * ORD_I + O_FLAGS] = s.ordI[o * ORD_I + O_FLAGS]! | FLAG_RESENT;
      const c = send(o);
      r.pair[id] = s.ordF[c * ORD_F + F_ID]!;
      r.pair[s.ordF[c * ORD_F + F_ID]!] = id;
      // The copy may have been refused on the spot (it never reaches the exchange then).
    }
    releaseOrder(s, o);
  }
  if (r.head > 4096 && r.head * 2 > r.due.length) {
    r.due.splice(0, r.head);
    r.head = 0;
  }
}

/** Order o of a pair was accepted at the exchange: if its partner is there already, the exchange holds it twice. */
export function acceptedAtExchange(s: SimState, o: number): void {
  const r = s.resubmit;
  if (r === undefined || !(s.ordI[o * ORD_I + O_FLAGS]! & (FLAG_RESUBMIT | FLAG_RESENT))) return;
  const id = s.ordF[o * ORD_F + F_ID]!;
  const other = r.pair[id];
  if (other === undefined) return; // its pair was counted already
  if (r.held[other] === 1) {
    r.duplicates++;
    delete r.held[other];
    delete r.pair[id];
    delete r.pair[other];
  } else r.held[id] = 1;
}

export const resubmitted = (s: SimState): number => s.resubmit?.resubmitted ?? 0;
export const duplicates = (s: SimState): number => s.resubmit?.duplicates ?? 0;
