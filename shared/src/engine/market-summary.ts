import type { Model } from './compile.ts';
import { FEE_ITEMS } from './fees.ts';
import { withdrawable } from './ledger.ts';
import { BANK_COUNTS, IPO_COUNTS, REJECT_REASONS, type IpoCount, type RejectReason } from './market-state.ts';
import type { SimState } from './state.ts';
import { readAccount, readPosition } from './book.ts';

/** Reject reasons, itemised fees, held orders and bank transfers, firm-wide: O(1) to read. */
export interface MarketSummary {
  rejects: Record<RejectReason, number>;
  fees: Record<(typeof FEE_ITEMS)[number], number>; // fen
  held: number; // orders and cancels a counter holds (SSE pre-open, stale quotes)
  bank: Record<(typeof BANK_COUNTS)[number], number>;
  /** The new-share subscription day (engine/ipo.ts), with an ipo section only. */
  ipo?: Record<IpoCount, number>;
}

/** One account's cash as the counter shows it: usable (可用), frozen, withdrawable (可取), fees paid, fen. */
export interface AccountCash {
  usable: number;
  frozen: number;
  withdrawable: number;
  fees: number;
}

const record = <K extends string>(keys: readonly K[], values: Float64Array) => Object.fromEntries(keys.map((k, i) => [k, values[i]!])) as Record<K, number>;

export function marketSummary(_m: Model, s: SimState): MarketSummary {
  const out: MarketSummary = { rejects: record(REJECT_REASONS, s.mkt.rejectBy), fees: record(FEE_ITEMS, s.mkt.feeTotals), held: s.mkt.held.length, bank: record(BANK_COUNTS, s.mkt.bank) };
  if (s.ipo) out.ipo = record(IPO_COUNTS, s.ipo.counts);
  return out;
}

/** Shares an account holds in one instrument, and how many it may sell today (T+1: not today's buys). */
export interface Holding {
  position: number;
  sellable: number;
}

export function holding(m: Model, s: SimState, account: number, instrument: number): Holding {
  if (!Number.isInteger(instrument) || instrument < 0 || instrument >= m.instrumentCount) throw new Error(`instrument ${instrument} is not one of the scenario's ${m.instrumentCount} instruments`);
  accountCash(m, s, account); // the same account check
  const p = readPosition(m, s.book, account, instrument);
  return { position: p.qty, sellable: p.sellable };
}

export function accountCash(m: Model, s: SimState, account: number): AccountCash {
  if (!Number.isInteger(account) || account < 0 || account >= m.accountCount) throw new Error(`account ${account} is not one of the scenario's ${m.accountCount} accounts (0-${m.accountCount - 1})`);
  const v = readAccount(m, s.book, account);
  return { usable: v.cash, frozen: v.frozen, withdrawable: withdrawable(m, s, account), fees: v.fees };
}
