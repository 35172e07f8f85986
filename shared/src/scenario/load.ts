import { z } from 'zod';
import { ClockTime, Duration, Id, IsoDate, Money } from './units.ts';
import { MARKETS } from './topology.ts';
import { BOARDS, SECURITY_TYPES } from '../engine/board.ts';
import { accountClasses, Universe } from './accounts.ts';

export const MATCHING = ['none', 'call', 'continuous'] as const;

export const TradingSession = z
  .object({
    phase: Id.meta({ description: 'Phase name, e.g. opening_call, continuous_am.' }),
    start: ClockTime,
    end: ClockTime,
    acceptOrders: z.boolean(),
    acceptCancels: z.boolean(),
    matching: z.enum(MATCHING).meta({ description: 'call: orders collect and uncross at the end; continuous: orders match on arrival.' }),
  })
  .strict();
export type TradingSession = z.infer<typeof TradingSession>;

export const Calendar = z
  .object({
    date: IsoDate.default('2026-03-02').meta({ description: 'The trading date simulated.' }),
    holidays: z.array(IsoDate).optional().meta({ description: 'Exchange closure days; defaults to the embedded 2026 SSE/SZSE calendar.' }),
    makeupWorkdays: z.array(IsoDate).optional().meta({ description: 'Weekend days that are State Council make-up working days (调休); the exchanges stay closed on them.' }),
    sessions: z.array(TradingSession).optional().meta({ description: 'Trading phases; defaults to the A-share main-board day.' }),
    unknownYears: z.enum(['refuse', 'assume_listed']).optional().meta({
      description:
        'A date in a year without an exchange calendar (shared/src/calendar/data) is refused; assume_listed takes calendar.holidays as the whole truth for it (the scenario acknowledges the risk).',
    }),
  })
  .strict();

export const Burst = z
  .object({ at: ClockTime, duration: Duration, multiplier: z.number().positive().max(1000) })
  .strict()
  .meta({ description: 'A surge: the order rate times multiplier from at for duration.' });

export const Load = z
  .object({
    ordersPerSecond: z.number().min(0).max(10_000_000).meta({ description: 'Base rate of new orders in the continuous auction.' }),
    profile: z.record(Id, z.number().min(0).max(1000)).default({}).meta({ description: 'Rate multiplier per phase name; phases that accept orders default to 1, others to 0.' }),
    bursts: z.array(Burst).default([]),
    cancelRatio: z.number().min(0).max(1).default(0.1).meta({ description: 'Share of client actions that cancel a live order.' }),
    buyRatio: z.number().min(0).max(1).default(0.5),
    marketableRatio: z.number().min(0).max(1).default(0.7).meta({ description: 'Share of limit orders priced to cross the spread.' }),
    lots: z
      .object({ min: z.int().min(1).default(1), max: z.int().min(1).default(10) })
      .strict()
      .default({ min: 1, max: 10 })
      .meta({ description: 'Order size in lots of 100 shares, uniform between min and max.' }),
    resubmitAfter: Duration.optional().meta({
      description:
        "The clients' apps resend, once, an order with no report back this long after it was placed (a new order flagged resubmitted: the exchange may end up holding both). Without it, apps never resend. The broker turns it off live: set_config <the route's first node> clients.resubmit = off.",
    }),
  })
  .strict();
export type Load = z.infer<typeof Load>;

export const Accounts = z
  .object({
    count: z.int().min(1).max(10_000_000).default(1000),
    cash: Money.prefault('1,000,000.00').meta({ description: 'Opening available cash per account, in yuan.' }),
    positionLots: z.int().min(0).max(1_000_000).default(50).meta({ description: 'Opening sellable position per account and instrument, in lots.' }),
    skew: z
      .union([z.literal(0), z.literal(1), z.literal(2)])
      .default(1)
      .meta({ description: 'Activity skew: 0 uniform, 1 Zipf (1/k), 2 Zipf (1/k²).' }),
    classes: accountClasses,
  })
  .strict();

const board = z.enum(BOARDS).meta({ description: 'Board: main, chinext (创业板), star (科创板) or bse (北交所); decides price limits, lots and the price cage.' });
const securityType = z.enum(SECURITY_TYPES).meta({ description: 'stock, etf or bond: ETFs and bonds tick in 0.001 yuan.' });
const st = z.boolean().default(false).meta({ description: 'Special treatment (ST / *ST): ±5% on the main board.' });
const listed = IsoDate.optional().meta({ description: 'Listing day: registration-based IPOs trade without price limits on their first 5 trading days.' });

const ExplicitInstrument = z
  .object({
    // Unquoted, YAML reads 600000 as a number and 000001 as 1: ask for quotes rather than guess.
    symbol: z.string({ error: 'write the symbol as a quoted string of six digits, e.g. "600000" or "000001"' }).regex(/^\d{6}$/, 'symbols are six digits, e.g. "600000"'),
    name: z.string().optional(),
    market: z.enum(MARKETS).optional().meta({ description: 'Defaults to the market the symbol belongs to (600000: SSE, 000001: SZSE, 920xxx: BSE).' }),
    board: board.optional().meta({ description: 'Defaults to the board the symbol belongs to (688: star, 300/301: chinext).' }),
    type: securityType.optional().meta({ description: 'Defaults from the symbol (51xxxx/15xxxx: etf, 11xxxx/12xxxx: bond).' }),
    st,
    listed,
    price: Money.meta({ description: 'Previous close, in yuan: price limits are computed from it.' }),
  })
  .strict();
const GeneratedInstruments = z
  .object({
    generate: z.int().min(1).max(10_000),
    market: z.enum(MARKETS),
    board: board.default('main'),
    type: securityType.default('stock'),
    st,
    listed,
    price: Money,
  })
  .strict()
  .meta({ description: "generate: N instruments on market and board, all starting at price, with symbols from the board's code blocks." });
export const Instrument = z.union([ExplicitInstrument, GeneratedInstruments, Universe]);
export type Instrument = z.output<typeof Instrument>;

export const SimWindow = z
  .object({ start: ClockTime.prefault('09:10'), end: ClockTime.prefault('15:05') })
  .strict()
  .meta({ description: 'Simulated time the run covers on the trading date.' });

export { Id };
