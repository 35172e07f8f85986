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
    quotaFile: z.enum(['loaded', 'missing']).default('loaded').meta({
      description:
        "The exchanges' new-share subscription quota file (新股申购额度, docs/domain.md C8) the counter imports at start of day. missing: every subscription is rejected until an operator imports it (set_config sod.quotaFile = loaded on the counter).",
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

/** One issue subscribed online on day T (docs/domain.md C8): its subscription code at the issue price. */
export const IpoIssue = z
  .object({
    code: z
      .string({ error: 'write the subscription code as a quoted string of six digits, e.g. "732123"' })
      .regex(/^\d{6}$/, 'subscription codes are six digits, e.g. "732123"')
      .meta({
        description: 'Subscription code (申购代码): SSE main board 730/732/780xxx, STAR 787xxx; SZSE uses the stock code itself.',
      }),
    name: z.string().optional(),
    market: z.enum(['SSE', 'SZSE']).meta({ description: 'SSE: quota 1,000 shares per 10,000 yuan of SH market value; SZSE: 500 per 5,000 (STAR, ChiNext alike).' }),
    price: Money.meta({ description: 'Issue price (发行价), in yuan: the subscription is sent at it.' }),
    maxPerAccount: z.int().min(500).max(10_000_000).meta({ description: "The prospectus's cap on one account's online subscription (网上申购上限), in shares." }),
    window: z
      .object({ start: ClockTime.prefault('09:30'), end: ClockTime.prefault('11:30') })
      .strict()
      .prefault({})
      .meta({ description: 'When clients send their subscriptions (during continuous trading only).' }),
    perSecond: z.number().min(0).max(10_000).default(10).meta({ description: "Subscriptions the firm's clients send per second in the window (a fixed rate, apart from the client flow)." }),
    overQuota: z.number().min(0).max(1).default(0).meta({ description: "Share of subscribers who ask for the prospectus's cap whatever their quota (invalid above it)." }),
    winRate: z.number().min(0).max(1).default(0).meta({
      description:
        'Online winning rate (网上中签率): each number of a valid subscription (per 1,000 shares SSE, 500 SZSE) wins with it in the T+1 lottery; winners pay by 16:00 on T+2 (needs a window that reaches T+2).',
    }),
  })
  .strict();

export const Ipo = z
  .object({ issues: z.array(IpoIssue).min(1).max(8) })
  .strict()
  .meta({
    description:
      'New-share subscription day T (新股网上申购, docs/domain.md C8): subscriptions at the issue price, checked against the start-of-day quota; no funds frozen at T (counter config ipo.freezeAtSubscription: true is the pre-2016 rule).',
  });

export const marketFields = {
  ipo: Ipo.optional(),
  startOfDay: StartOfDay.prefault({}),
  marketData: MarketData.prefault({}),
  bank: Bank.prefault({}),
};
