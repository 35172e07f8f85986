import type { Model } from './compile.ts';
import { FEE_ITEMS } from './fees.ts';

/** Why an order was refused, where the engine knows it. Index 0: not recorded. */
export const REJECT_REASONS = [
  'other',
  'insufficient_funds',
  'insufficient_position',
  'no_sod_file',
  'no_quotes',
  'price_limit',
  'lot_size',
  'not_accepting',
  'ipo_quota',
  'ipo_duplicate',
  'no_quota_file',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export const REJECT = { FUNDS: 1, POSITION: 2, SOD_MISSING: 3, NO_QUOTES: 4, PRICE_LIMIT: 5, LOT: 6, PHASE: 7, IPO_QUOTA: 8, IPO_DUPLICATE: 9, NO_QUOTA_FILE: 10 } as const;

/** The reason as the counter or exchange states it (简体中文 first, as the UI shows it). */
export const REJECT_TEXT: Record<RejectReason, { zh: string; en: string }> = {
  other: { zh: '其他原因', en: 'other' },
  insufficient_funds: { zh: '可用资金不足', en: 'insufficient usable cash' },
  insufficient_position: { zh: '可卖持仓不足', en: 'insufficient sellable position' },
  no_sod_file: { zh: '日初始化未完成：证券信息/涨跌停价格文件未导入', en: 'start of day not done: no securities / price-limit file imported' },
  no_quotes: { zh: '行情中断或过期，无法校验委托价格', en: 'market data down or stale: the order price cannot be checked' },
  price_limit: { zh: '委托价格超出涨跌停限制', en: 'price outside the daily price limits' },
  lot_size: { zh: '委托数量不符合申报单位', en: 'quantity not a valid lot for the board' },
  not_accepting: { zh: '当前时段不接受委托', en: 'orders not accepted in this phase' },
  ipo_quota: { zh: '超出新股申购额度', en: 'above the new-share subscription quota' },
  ipo_duplicate: { zh: '重复申购：同一账户同一新股只有第一笔有效', en: 'repeated subscription: only the first of an account for an issue counts' },
  no_quota_file: { zh: '日初始化未完成：新股申购额度文件未导入', en: 'start of day not done: no subscription quota file imported' },
};

export const BANK_COUNTS = ['in', 'out', 'refusedWindow', 'failed', 'insufficient'] as const;
export const BANK = { IN: 0, OUT: 1, REFUSED_WINDOW: 2, FAILED: 3, INSUFFICIENT: 4 } as const;

/** What the metrics show under ipo.* (predicate/paths.ts), the new-share subscription day (engine/ipo.ts). */
export const IPO_COUNTS = [
  'sent', // subscriptions the clients sent
  'accepted', // taken by the counter
  'funds', // refused for cash (only under the pre-2016 freeze)
  'quota', // refused above the quota (or with none)
  'duplicate', // refused: the account already subscribed to the issue
  'noQuotaFile', // refused: no quota file imported
  'cancelRefused', // cancels of subscriptions the counter refused
  'validRejected', // valid subscriptions (first, within the quota) refused: the business's loss
  'invalidAccepted', // invalid ones (above the quota) taken: the exchange voids them, the broker answers for it
  'frozen', // fen frozen for subscriptions (0 under today's rule)
  'numbers', // T+1: numbers given to the valid subscriptions (one per 1,000 shares SSE, 500 SZSE)
  'winners', // T+1: accounts that won
  'wonShares', // T+1: shares won
  'paidShares', // T+2 16:00: shares paid for (the counter froze the payment)
  'abandonedShares', // T+2 16:00: shares given up for want of cash (放弃认购)
  'abandoners', // T+2 16:00: accounts that gave up some
  'paid', // fen frozen for the payment
] as const;
export type IpoCount = (typeof IPO_COUNTS)[number];
export const IPO = Object.fromEntries(IPO_COUNTS.map((k, i) => [k, i])) as Record<IpoCount, number>;

/** Held at a counter until: 1 the continuous auction opens (SSE pre-open), 2 quotes are fresh again. */
export const HOLD = { PRE_OPEN: 1, QUOTES: 2 } as const;

/** What changes while a run goes, for the parts issue 14 B adds (one field of SimState, hashed with it). */
export interface MarketState {
  held: number[]; // message slots waiting at their counter, in arrival order
  heldWhy: number[]; // HOLD.* per held message
  deferredCancels: number[]; // cancel messages SZSE took in its pre-open, processed when it opens
  feedStale: Uint8Array; // per node: a stale_feed fault is active on it
  rejectBy: Float64Array; // per REJECT_REASONS
  feeTotals: Float64Array; // firm-wide, per FEE_ITEMS
  bank: Float64Array; // per BANK_COUNTS
}

export function createMarketState(m: Model): MarketState {
  return {
    held: [],
    heldWhy: [],
    deferredCancels: [],
    feedStale: new Uint8Array(m.nodeCount),
    rejectBy: new Float64Array(REJECT_REASONS.length),
    feeTotals: new Float64Array(FEE_ITEMS.length),
    bank: new Float64Array(BANK_COUNTS.length),
  };
}
