import type { Model } from './compile.ts';
import { FEE_ITEMS } from './fees.ts';

/** Why an order was refused, where the engine knows it. Index 0: not recorded. */
export const REJECT_REASONS = ['other', 'insufficient_funds', 'insufficient_position', 'no_sod_file', 'no_quotes', 'price_limit', 'lot_size', 'not_accepting'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export const REJECT = { FUNDS: 1, POSITION: 2, SOD_MISSING: 3, NO_QUOTES: 4, PRICE_LIMIT: 5, LOT: 6, PHASE: 7 } as const;

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
};

export const BANK_COUNTS = ['in', 'out', 'refusedWindow', 'failed', 'insufficient'] as const;
export const BANK = { IN: 0, OUT: 1, REFUSED_WINDOW: 2, FAILED: 3, INSUFFICIENT: 4 } as const;

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
