import type { Model } from '../engine/compile.ts';
import { buyFeeReserve, commission, otherFees } from '../engine/fees.ts';
import { feeView } from '../engine/fee-view.ts';
import { SIDE_BUY } from '../engine/codes.ts';
import type { SimState } from '../engine/state.ts';
import { cashOf, denseOpening, densePositions, frozenOf, readPosition } from '../engine/book.ts';
import { openingCash } from '../engine/holdings.ts';
import { dateAt, nodeTradingAt } from '../engine/days.ts';
import { createDays, type DaysOfDualRun } from './verdict.ts';
import { F_CUM_AMOUNT, F_PRICE, F_SHADOW_FEE, ORD_F, ORD_I, O_ACCOUNT, O_FLAGS, O_INSTRUMENT, O_QTY, O_SIDE } from '../engine/order-layout.ts';

/**
 * Dual-run in shadow mode (docs/domain.md C7): the non-primary system receives every order mirrored at
 * one node and the primary's exchange reports, and keeps its own books with its own rules (fee
 * rule, holiday calendar, migrated opening balances). Reconciliation compares the two books per
 * account: orders, fills, positions and funds. Every difference is split into the parts each
 * known cause accounts for, so a break carries its cause and what remains is "unexplained".
 *
 * Two checkpoints (docs/domain.md C7, E3 3): intraday, the orders, fills and the books as trading
 * moved them (each side's balances less what its own night clearing posted); and after clearing
 * (from the end of the night's postings to the next open), the balances in full. A difference the
 * clearing made (engine/clearing.ts: a business type one side does not map) shows only there.
 */

/** Order flags (ordFlags bits beside FLAG_FIRST_REPORT = 1). */
export const FLAG_MIRRORED = 2;
export const FLAG_SHADOW_REJECTED = 4;
export const FLAG_PRIMARY_ACCEPTED = 8;

export const CAUSES = ['fee_rule', 'holiday_calendar', 'dirty_migrated_record', 'corporate_action', 'timing', 'unexplained'] as const;
export type Cause = (typeof CAUSES)[number];
const CAUSE_CAL = 1;
const CAUSE_DIRTY = 2;
const CAUSE_UNEXPLAINED = 3;
const CAUSE_FEE = 4;

export interface Mismatch {
  account: number;
  field: 'orders' | 'fills' | 'position' | 'funds';
  legacy: number; // the primary's value (fen, shares or count)
  shadow: number;
  cause: Cause;
  amount: number; // the part of the difference this cause accounts for (absolute)
  detail: string;
}

export type Checkpoint = 'intraday' | 'post_clearing';

export interface ReconResult {
  at: number;
  checkpoint: Checkpoint;
  total: number;
  byCause: Record<Cause, number>;
  mismatches: Mismatch[]; // the first MAX_LISTED, by account
}

export const MAX_LISTED = 200;

/** One reconciliation as the history keeps it: when, who ran it, at which checkpoint, what each cause explains. */
export interface ReconRound {
  at: number;
  actor: string;
  checkpoint: Checkpoint;
  total: number;
  byCause: Record<Cause, number>;
}

/** The history keeps the latest this many rounds: a day reconciled every minute, with room for commands. */
export const MAX_ROUNDS_KEPT = 2_000;

/** The shadow's copy of one posted settlement file with dividend records (engine/clearing.ts): per account, what the file pays. */
export interface ClearingRecord {
  entry: number; // index into night.settlement
  night: number; // index into the nights (engine/night.ts)
  amounts: Float64Array; // fen per account
  posted: number; // times the shadow's clearing posted it (0: skipped, 2 or more: posted twice)
}

export interface DualState {
  shFunds: Float64Array; // cash + frozen as the shadow books it (fen)
  shPos: Int32Array; // per account × instrument
  shOrders: Float64Array;
  shFills: Float64Array;
  prOrders: Float64Array; // mirrored orders the primary accepted
  prFills: Float64Array;
  feeGap: Float64Array; // Σ (shadow fee − primary fee) on fills both booked
  rejOrders: Float64Array; // accepted by the primary, refused by the shadow
  rejFills: Float64Array;
  rejFunds: Float64Array; // the primary's cash effect of those orders' fills
  rejPos: Int32Array;
  rejCause: Uint8Array; // why the shadow refused (first reason seen per account)
  missed: Float64Array; // accepted by the shadow, then lost or refused before the primary's books took it
  pending: Float64Array; // accepted by the shadow, not yet at the primary's books (in flight at the mirror point)
  prRefused: Float64Array; // accepted by the shadow, refused by the primary's books (their balances differ)
  tmFunds: Float64Array; // fills of orders not mirrored (before `from`)
  tmFills: Float64Array;
  tmPos: Int32Array;
  migFunds: Float64Array; // migrated-record errors still in the shadow's books
  migPos: Int32Array;
  prClr: Float64Array; // what the primary's night clearing posted beyond the trades (fen)
  shClr: Float64Array; // what the shadow's clearing posted of the same files
  clr: ClearingRecord[]; // the settlement files with such records, as the shadow received them
  rounds: number;
  last: ReconResult | null;
  history: ReconRound[]; // every reconciliation so far (the latest MAX_ROUNDS_KEPT), oldest first
  days: DaysOfDualRun; // clean days and the trainee's classifications (verdict.ts)
}

export function createDual(m: Model, seed: number): DualState {
  const A = m.accountCount;
  const cells = A * m.instrumentCount;
  const f = () => new Float64Array(A);
  return {
    shFunds: Float64Array.from({ length: A }, (_, a) => openingCash(m.open, seed, a)),
    shPos: denseOpening(m, seed),
    shOrders: f(),
    shFills: f(),
    prOrders: f(),
    prFills: f(),
    feeGap: f(),
    rejOrders: f(),
    rejFills: f(),
    rejFunds: f(),
    rejPos: new Int32Array(cells),
    rejCause: new Uint8Array(A),
    missed: f(),
    pending: f(),
    prRefused: f(),
    tmFunds: f(),
    tmFills: f(),
    tmPos: new Int32Array(cells),
    migFunds: f(),
    migPos: new Int32Array(cells),
    prClr: f(),
    shClr: f(),
    clr: [],
    rounds: 0,
    history: [],
    last: null,
    days: createDays(),
  };
}

/** Is the calendar of the shadow system closed today (its own table, with any rows corrected since)? */
export function shadowClosed(m: Model, s: SimState, node: number): boolean {
  return !nodeTradingAt(m.days, s, node, s.now);
}

/** The non-primary system of the cutover pair. */
export const shadowNode = (m: Model, s: SimState) => (s.cut.primary === 'new' ? m.cut.legacyNode : m.cut.newNode);

/** An order passes the mirror point: the shadow takes its own decision on it. */
export function mirrorOrder(m: Model, s: SimState, d: DualState, o: number, t: number): void {
  if (s.ordI[o * ORD_I + O_FLAGS]! & FLAG_MIRRORED || t < m.cut.mirrorFrom) return;
  const acct = s.ordI[o * ORD_I + O_ACCOUNT]!;
  const node = shadowNode(m, s);
  let refuse = 0;
  if (shadowClosed(m, s, node)) refuse = CAUSE_CAL;
  else if (s.ordI[o * ORD_I + O_SIDE] === SIDE_BUY) {
    const fee = feeView(m, s, node);
    const amount = s.ordI[o * ORD_I + O_QTY]! * s.ordF[o * ORD_F + F_PRICE]!;
    // Available = its balance less what is frozen for live orders (the same orders on both sides).
    if (d.shFunds[acct]! - frozenOf(s.book, acct) < amount + buyFeeReserve(fee, m.instrumentMarket[s.ordI[o * ORD_I + O_INSTRUMENT]!]!, amount))
      refuse = d.migFunds[acct] !== 0 ? CAUSE_DIRTY : d.feeGap[acct] !== 0 ? CAUSE_FEE : CAUSE_UNEXPLAINED;
  } else {
    const cell = acct * m.instrumentCount + s.ordI[o * ORD_I + O_INSTRUMENT]!;
    const p = readPosition(m, s.book, acct, s.ordI[o * ORD_I + O_INSTRUMENT]!);
    // Sellable = its position less today's buys and frozen sells (the same on both sides, T+1).
    if (d.shPos[cell]! - (p.qty - p.sellable) < s.ordI[o * ORD_I + O_QTY]!) refuse = d.migPos[cell] !== 0 ? CAUSE_DIRTY : CAUSE_UNEXPLAINED;
  }
  if (refuse) {
    s.ordI[o * ORD_I + O_FLAGS] = s.ordI[o * ORD_I + O_FLAGS]! | FLAG_MIRRORED | FLAG_SHADOW_REJECTED;
    if (d.rejCause[acct] === 0) d.rejCause[acct] = refuse;
  } else {
    s.ordI[o * ORD_I + O_FLAGS] = s.ordI[o * ORD_I + O_FLAGS]! | FLAG_MIRRORED;
    d.shOrders[acct]!++;
    d.pending[acct]!++;
  }
}

/** The primary's books accepted (froze funds for) a mirrored order. */
export function primaryAccepted(s: SimState, d: DualState, o: number): void {
  const flags = s.ordI[o * ORD_I + O_FLAGS]!;
  if (!(flags & FLAG_MIRRORED)) return;
  s.ordI[o * ORD_I + O_FLAGS] = flags | FLAG_PRIMARY_ACCEPTED;
  const acct = s.ordI[o * ORD_I + O_ACCOUNT]!;
  d.prOrders[acct]!++;
  if (flags & FLAG_SHADOW_REJECTED) d.rejOrders[acct]!++;
  else d.pending[acct]!--;
}

/** A mirrored order the shadow booked died before the primary's books took it: refused by them, or lost on the way. */
export function primaryMissed(s: SimState, d: DualState, o: number, byBooks: boolean): void {
  const flags = s.ordI[o * ORD_I + O_FLAGS]!;
  if (flags & FLAG_MIRRORED && !(flags & (FLAG_SHADOW_REJECTED | FLAG_PRIMARY_ACCEPTED))) {
    s.ordI[o * ORD_I + O_FLAGS] = flags | FLAG_PRIMARY_ACCEPTED; // settled: counted once
    const acct = s.ordI[o * ORD_I + O_ACCOUNT]!;
    if (byBooks) d.prRefused[acct]!++;
    else d.missed[acct]!++;
    d.pending[acct]!--;
  }
}

/** The primary posted a fill (charge and stamp as it computed them): the shadow books it with its own rule. */
export function shadowFill(m: Model, s: SimState, d: DualState, o: number, qty: number, amount: number, charge: number, stamp: number): void {
  const acct = s.ordI[o * ORD_I + O_ACCOUNT]!;
  const cell = acct * m.instrumentCount + s.ordI[o * ORD_I + O_INSTRUMENT]!;
  const buy = s.ordI[o * ORD_I + O_SIDE] === SIDE_BUY;
  const flow = buy ? -(amount + charge + stamp) : amount - charge - stamp; // stamp: every fee but commission
  const dq = buy ? qty : -qty;
  const flags = s.ordI[o * ORD_I + O_FLAGS]!;
  if (!(flags & FLAG_MIRRORED)) {
    d.tmFunds[acct] = d.tmFunds[acct]! + flow;
    d.tmFills[acct]!++;
    d.tmPos[cell] = d.tmPos[cell]! + dq;
    return;
  }
  d.prFills[acct]!++;
  if (flags & FLAG_SHADOW_REJECTED) {
    d.rejFunds[acct] = d.rejFunds[acct]! + flow;
    d.rejFills[acct]!++;
    d.rejPos[cell] = d.rejPos[cell]! + dq;
    return;
  }
  const fee = feeView(m, s, shadowNode(m, s));
  let shCharge: number;
  if (fee.perFill) shCharge = Math.max(fee.minimum, commission(amount, fee.ppm));
  else shCharge = Math.max(fee.minimum, commission(s.ordF[o * ORD_F + F_CUM_AMOUNT]!, fee.ppm)) - s.ordF[o * ORD_F + F_SHADOW_FEE]!;
  s.ordF[o * ORD_F + F_SHADOW_FEE] = s.ordF[o * ORD_F + F_SHADOW_FEE]! + shCharge;
  const shStamp = otherFees(fee, !buy, m.instrumentMarket[s.ordI[o * ORD_I + O_INSTRUMENT]!]!, amount); // stamp duty, transfer and exchange fees
  d.shFunds[acct] = d.shFunds[acct]! + (buy ? -(amount + shCharge + shStamp) : amount - shCharge - shStamp);
  d.shPos[cell] = d.shPos[cell]! + dq;
  d.shFills[acct]!++;
  d.feeGap[acct] = d.feeGap[acct]! + (shCharge + shStamp - charge - stamp);
}

const REFUSAL: Record<number, Cause> = { [CAUSE_CAL]: 'holiday_calendar', [CAUSE_DIRTY]: 'dirty_migrated_record', [CAUSE_UNEXPLAINED]: 'unexplained', [CAUSE_FEE]: 'fee_rule' };

/** Why the primary's books refused what the shadow took: the balances differ, so whatever explains the difference. */
function balanceCause(d: DualState, a: number): Cause {
  return d.migFunds[a] !== 0 ? 'dirty_migrated_record' : d.feeGap[a] !== 0 ? 'fee_rule' : 'unexplained';
}

/** Compare the two books account by account; every difference split by cause. */
export function reconcile(m: Model, s: SimState, d: DualState, t: number, checkpoint: Checkpoint = 'intraday'): ReconResult {
  const byCause = Object.fromEntries(CAUSES.map((c) => [c, 0])) as Record<Cause, number>;
  const list: Mismatch[] = [];
  const I = m.instrumentCount;
  const primary = densePositions(m, s.book);
  const feeDetail = describeFeeDifference(m, s);
  const calDetail = `the ${m.nodeIds[m.cut.newNode]} calendar has ${dateAt(m.days, t)} as a holiday`;
  let total = 0;
  const add = (account: number, field: Mismatch['field'], legacy: number, shadow: number, cause: Cause, amount: number, detail: string) => {
    if (amount === 0) return;
    total++;
    byCause[cause]++;
    if (list.length < MAX_LISTED) list.push({ account, field, legacy, shadow, cause, amount: Math.abs(amount), detail });
  };
  const full = checkpoint === 'post_clearing';
  for (let a = 0; a < m.accountCount; a++) {
    const rc = REFUSAL[d.rejCause[a]!] ?? 'unexplained';
    // orders: primary − shadow = refused by the shadow − booked only by the shadow
    const pOrders = d.prOrders[a]!;
    const sOrders = d.shOrders[a]!;
    if (pOrders !== sOrders) {
      add(a, 'orders', pOrders, sOrders, rc, d.rejOrders[a]!, `${d.rejOrders[a]} orders refused by the shadow system`);
      add(a, 'orders', pOrders, sOrders, balanceCause(d, a), d.prRefused[a]!, `${d.prRefused[a]} orders refused by the primary, booked by the shadow`);
      add(a, 'orders', pOrders, sOrders, 'timing', d.missed[a]! + d.pending[a]!, 'orders in flight at the mirror point, or lost before the primary booked them');
      add(a, 'orders', pOrders, sOrders, 'unexplained', pOrders - sOrders - d.rejOrders[a]! + d.missed[a]! + d.pending[a]! + d.prRefused[a]!, 'no known cause');
    }
    const pFills = d.prFills[a]! + d.tmFills[a]!;
    const sFills = d.shFills[a]!;
    if (pFills !== sFills) {
      add(a, 'fills', pFills, sFills, rc, d.rejFills[a]!, 'fills of orders the shadow refused');
      add(a, 'fills', pFills, sFills, 'timing', d.tmFills[a]!, 'fills of orders placed before mirroring began');
      add(a, 'fills', pFills, sFills, 'unexplained', pFills - sFills - d.rejFills[a]! - d.tmFills[a]!, 'no known cause');
    }
    // Intraday: the books as trading moved them; after clearing: in full, what each clearing posted too.
    const pFunds = cashOf(m, s.book, a) + frozenOf(s.book, a) - (full ? 0 : d.prClr[a]!);
    const sFunds = d.shFunds[a]! - (full ? 0 : d.shClr[a]!);
    if (pFunds !== sFunds) {
      const fee = d.feeGap[a]!;
      const mig = -d.migFunds[a]!;
      const ca = full ? d.prClr[a]! - d.shClr[a]! : 0;
      add(a, 'funds', pFunds, sFunds, 'fee_rule', fee, feeDetail);
      add(a, 'funds', pFunds, sFunds, 'dirty_migrated_record', mig, `migrated cash record off by ${-mig} fen`);
      add(a, 'funds', pFunds, sFunds, 'corporate_action', ca, `cash dividend (红利) records of the settlement file: ${d.prClr[a]} fen posted by the primary, ${d.shClr[a]} fen by the shadow`);
      add(a, 'funds', pFunds, sFunds, rc, d.rejFunds[a]!, rc === 'holiday_calendar' ? calDetail : 'cash effect of orders the shadow refused');
      add(a, 'funds', pFunds, sFunds, 'timing', d.tmFunds[a]!, 'fills of orders placed before mirroring began');
      add(a, 'funds', pFunds, sFunds, 'unexplained', pFunds - sFunds - fee - mig - ca - d.rejFunds[a]! - d.tmFunds[a]!, 'no known cause');
    }
    let pPos = 0;
    let sPos = 0;
    let mig = 0;
    let rej = 0;
    let tm = 0;
    let rest = 0;
    for (let i = 0, c = a * I; i < I; i++, c++) {
      const p = primary[c]!;
      const q = d.shPos[c]!;
      if (p === q) continue;
      pPos += p;
      sPos += q;
      mig += Math.abs(d.migPos[c]!);
      rej += Math.abs(d.rejPos[c]!);
      tm += Math.abs(d.tmPos[c]!);
      rest += Math.abs(p - q + d.migPos[c]! - d.rejPos[c]! - d.tmPos[c]!);
    }
    if (mig + rej + tm + rest > 0) {
      add(a, 'position', pPos, sPos, 'dirty_migrated_record', mig, 'migrated position record wrong');
      add(a, 'position', pPos, sPos, rc, rej, 'positions from orders the shadow refused');
      add(a, 'position', pPos, sPos, 'timing', tm, 'fills of orders placed before mirroring began');
      add(a, 'position', pPos, sPos, 'unexplained', rest, 'no known cause');
    }
  }
  d.rounds++;
  d.last = { at: t, checkpoint, total, byCause, mismatches: list };
  return d.last;
}

function describeFeeDifference(m: Model, s: SimState): string {
  const a = { ...feeView(m, s, m.cut.legacyNode) };
  const b = { ...feeView(m, s, m.cut.newNode) };
  const min = (v: typeof a) => (v.perFill ? 'per fill' : 'per order');
  if (a.perFill !== b.perFill) return `minimum commission applied ${min(b)} by ${m.nodeIds[m.cut.newNode]}, ${min(a)} by ${m.nodeIds[m.cut.legacyNode]}`;
  if (a.ppm !== b.ppm) return `commission rate ${b.ppm} ppm vs ${a.ppm} ppm`;
  if (a.minimum !== b.minimum) return `minimum commission ${b.minimum} fen vs ${a.minimum} fen`;
  return 'fee rule changed during the day';
}
