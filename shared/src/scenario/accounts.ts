import { z } from 'zod';
import { Money } from './units.ts';

/**
 * Account classes and whole-market instrument lists: how a scenario says "2,000,000 accounts,
 * mostly retail, holding a handful of instruments each" and "the whole SSE/SZSE universe by board"
 * without listing them. The engine stores only what orders touch (engine/book.ts, holdings.ts).
 */

export const ACCOUNT_CLASSES = ['retail', 'margin', 'institutional', 'fund_product'] as const;
export const MAX_ACCOUNT_CLASSES = 16;
export const MAX_HOLDINGS = 64;
/** Instruments one scenario may hold after generation: the whole A-share market with ETFs and bonds is about 7,000. */
export const MAX_INSTRUMENTS = 20_000;

const moneyRange = (what: string) =>
  z
    .object({ min: Money, max: Money })
    .strict()
    .refine((r) => r.max >= r.min, { message: `${what}: max is below min`, path: ['max'] });
const intRange = (what: string, max: number, min = 0) =>
  z
    .object({ min: z.int().min(min).max(max), max: z.int().min(min).max(max) })
    .strict()
    .refine((r) => r.max >= r.min, { message: `${what}: max is below min`, path: ['max'] });

export const AccountClass = z
  .object({
    class: z.enum(ACCOUNT_CLASSES).meta({ description: 'retail (普通), margin (信用/两融), institutional (机构) or fund_product (产品户: funds, asset-management plans).' }),
    count: z.int().min(1).max(10_000_000).meta({ description: 'Accounts of this class; classes take consecutive account numbers in the order listed.' }),
    cash: moneyRange('cash')
      .refine((r) => r.max - r.min < 4_294_967_296 * 100, { message: 'cash: the range is wider than 4.29 billion yuan', path: ['max'] })
      .meta({ description: 'Opening usable cash, in yuan: each account draws a whole-yuan amount uniformly in [min, max] from a hash of seed and account.' }),
    holdings: intRange('holdings', MAX_HOLDINGS).meta({ description: 'How many instruments an account holds at the open, picked by activity weight (popular ones more often).' }),
    lots: intRange('lots', 1_000_000, 1).meta({ description: 'Opening sellable position in each holding, in lots of 100 shares.' }),
  })
  .strict();
export type AccountClass = z.output<typeof AccountClass>;

export const accountClasses = z
  .array(AccountClass)
  .min(1)
  .max(MAX_ACCOUNT_CLASSES, { error: `at most ${MAX_ACCOUNT_CLASSES} account classes` })
  .optional()
  .meta({
    description: 'Account classes; their counts add up to accounts.count. Without classes every account has the same cash and positionLots in every instrument.',
  });

/**
 * Listed stocks per board (approximate, exchange statistics late 2025; docs/domain.md E4 gives about
 * 5,300 A-share stocks in all): SSE main 1,690, STAR 590, SZSE main 1,490, ChiNext 1,390, BSE 280.
 */
export const UNIVERSE_STOCKS = [
  { market: 'SSE', board: 'main', count: 1690 },
  { market: 'SSE', board: 'star', count: 590 },
  { market: 'SZSE', board: 'main', count: 1490 },
  { market: 'SZSE', board: 'chinext', count: 1390 },
  { market: 'BSE', board: 'bse', count: 280 },
] as const;

export const Universe = z
  .object({
    universe: z
      .array(z.enum(['SSE', 'SZSE', 'BSE']))
      .min(1)
      .max(3)
      .meta({ description: 'Markets whose whole listed universe to generate, board by board (counts: scenario/accounts.ts UNIVERSE_STOCKS).' }),
    boards: z
      .array(z.enum(['main', 'star', 'chinext', 'bse']))
      .min(1)
      .optional()
      .meta({ description: 'Only these boards (default: every board of the markets).' }),
    price: moneyRange('price').meta({ description: 'Previous closes, in yuan: each stock draws one uniformly in [min, max] from a hash of its symbol.' }),
  })
  .strict()
  .meta({ description: 'universe: every listed stock of the markets, by board, with real-looking symbols and spread prices.' });
export type Universe = z.output<typeof Universe>;

/** How many stocks a universe entry stands for. */
export function universeCount(markets: readonly string[], boards: readonly string[] | undefined): number {
  let n = 0;
  for (const row of UNIVERSE_STOCKS) if (markets.includes(row.market) && (!boards || boards.includes(row.board))) n += row.count;
  return n;
}
