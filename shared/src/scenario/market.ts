import { z } from 'zod';
import { ClockTime, Money } from './units.ts';

/**
 * The scenario sections for the systems around the order path that have behaviour of their own
 * (docs/domain.md C4, C5, E1): the counter's start-of-day securities / price-limit file, the market
 * data its price checks need, and the bank-securities transfer (三方存管).
 */

export const StartOfDay = z
  .object({
    securitiesFile: z.enum(['loaded', 'missing']).default('loaded').meta({
      description:
        "The exchange's securities and price-limit file (证券信息/涨跌停价格) the counter imports at start of day. missing: every order is rejected until an operator imports it (set_config sod.securitiesFile = loaded on the counter).",
    }),
  })
  .strict()
  .meta({ description: "The counter's start-of-day initialisation (日初始化)." });

export const MarketData = z
  .object({
    onStale: z.enum(['reject', 'hold']).default('reject').meta({
      description:
        'What a counter linked to a market_data node does with a priced order while the feed is down, cut off or stale: reject it, or hold it until quotes are fresh (per node: config marketData.onStale).',
    }),
  })
  .strict();

export const Bank = z
  .object({
    window: z
      .object({ start: ClockTime.prefault('09:00'), end: ClockTime.prefault('16:00') })
      .strict()
      .prefault({})
      .meta({ description: 'Transfer window on trading days (typically 09:00-16:00; banks and brokers differ: 08:45, 16:30, 15:45 cut-offs).' }),
    transfersPerMinute: z.number().min(0).max(100_000).default(0).meta({ description: 'Bank-securities transfers clients ask for, across the firm (Poisson).' }),
    outRatio: z.number().min(0).max(1).default(0.5).meta({ description: 'Share of transfers that move money out to the bank (银转证 in, 证转银 out).' }),
    amount: Money.prefault('10,000.00').meta({ description: 'Amount of one transfer, in yuan.' }),
  })
  .strict()
  .meta({
    description:
      "Bank-securities transfers through the scenario's bank node: refused outside the window or on a closed day, failed while the bank is down or cut off, out only up to the withdrawable cash.",
  });

export const marketFields = {
  startOfDay: StartOfDay.prefault({}),
  marketData: MarketData.prefault({}),
  bank: Bank.prefault({}),
};
