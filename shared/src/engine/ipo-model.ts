import type { Scenario } from '../scenario/schema.ts';
import type { CompiledInstruments } from './instrument-model.ts';
import { MARKET_CODE } from './board.ts';
import { heldInstrument, holdingCount, openingShares, type OpeningModel } from './holdings.ts';
import type { DaysModel } from './days.ts';
import { US_PER_DAY } from '../scenario/units.ts';

/**
 * The new-share subscription day T (docs/domain.md C8), compiled: each issue's subscription code
 * is an instrument after the traded ones (instrument-model.ts), sent at the issue price, and each
 * account's quota is a pure function of its opening holdings, so the engine stores no quota table.
 */
export interface IpoIssueModel {
  instrument: number;
  market: number; // MARKET_CODE
  price: number; // issue price, fen
  cap: number; // the prospectus's cap per account, shares (rounded down to the market's unit)
  unit: number; // shares per step of quota: SSE 1,000, SZSE 500
  start: number; // µs since midnight
  end: number;
  gap: number; // µs between subscriptions, 0: none sent
  overQuota: number; // share of subscribers asking for the cap whatever their quota
  routes: number[]; // routes to the issue's market
  winRate: number; // per number, in the T+1 lottery
  lotteryAt: number; // µs: T+1 18:00, when the counter posts the results; -1 when the window ends before
  paymentAt: number; // µs: T+2 16:00, the payment deadline; -1 when the window ends before
}

export interface IpoModel {
  issues: IpoIssueModel[];
  /** Per instrument: the issue its code subscribes to, -1 for a traded instrument. */
  issueOf: Int32Array;
  /** The start-of-day quota file was not imported (startOfDay.quotaFile: missing). */
  quotaMissing: boolean;
  /** Per market code: Σ previous close of the traded instruments (fen), for accounts without classes. */
  marketPriceSum: Float64Array;
}

/** Market value a quota step needs, fen: SSE 10,000 yuan per 1,000 shares, SZSE 5,000 per 500 (C8). */
export const QUOTA_STEP = { SSE: { value: 1_000_000, unit: 1000 }, SZSE: { value: 500_000, unit: 500 } } as const;
/** The least market value that may subscribe at all: 10,000 yuan in either market (C8). */
export const QUOTA_MIN_VALUE = 1_000_000;

/** When T+1's results reach the counter and T+2's payment falls due (C8), µs since midnight of T ([A]: results after T+1's close). */
export const LOTTERY_TIME = 18 * 3_600_000_000;
export const PAYMENT_TIME = 16 * 3_600_000_000;

export function compileIpo(scenario: Scenario, ins: CompiledInstruments, traded: number, routesByMarket: number[][], routes: readonly { weight: number }[], days: DaysModel): IpoModel | null {
  const ipo = scenario.ipo;
  if (!ipo) return null;
  // T+1 and T+2: the window's next two trading days after T (day 0).
  const after: number[] = [];
  for (let d = 1; d < days.trading.length && after.length < 2; d++) if (days.trading[d] === 1) after.push(d);
  const within = (d: number | undefined, at: number) => (d !== undefined && d * US_PER_DAY + at <= scenario.window.end ? d * US_PER_DAY + at : -1);
  const lotteryAt = within(after[0], LOTTERY_TIME);
  const paymentAt = within(after[1], PAYMENT_TIME);
  const issueOf = new Int32Array(ins.count).fill(-1);
  const marketPriceSum = new Float64Array(4);
  for (let i = 0; i < traded; i++) marketPriceSum[ins.market[i]!] = marketPriceSum[ins.market[i]!]! + ins.prevClose[i]!;
  const issues = ipo.issues.map((x, k): IpoIssueModel => {
    const instrument = traded + k;
    issueOf[instrument] = k;
    const step = QUOTA_STEP[x.market];
    return {
      instrument,
      market: MARKET_CODE[x.market],
      price: x.price,
      cap: Math.floor(x.maxPerAccount / step.unit) * step.unit,
      unit: step.unit,
      start: x.window.start,
      end: x.window.end,
      gap: x.perSecond > 0 ? Math.max(1, Math.floor(1_000_000 / x.perSecond)) : 0,
      overQuota: x.overQuota,
      winRate: x.winRate,
      lotteryAt: x.winRate > 0 ? lotteryAt : -1,
      paymentAt: x.winRate > 0 && lotteryAt >= 0 ? paymentAt : -1,
      routes: routesByMarket[MARKET_CODE[x.market]]!.filter((r) => routes[r]!.weight > 0),
    };
  });
  return { issues, issueOf, quotaMissing: scenario.startOfDay.quotaFile === 'missing', marketPriceSum };
}

/**
 * The account's market value in a market at the open, fen: its seeded opening holdings at the
 * previous close, standing in for the 20-day average to T-2 the exchanges use ([A], C8).
 */
export function openingMarketValue(om: OpeningModel, ipo: IpoModel, prevClose: Float64Array, instrumentMarket: Uint8Array, seed: number, account: number, market: number): number {
  if (!om.classed) return om.shares * ipo.marketPriceSum[market]!;
  const n = holdingCount(om, seed, account);
  let value = 0;
  for (let j = 0; j < n; j++) {
    const ins = heldInstrument(om, seed, account, j);
    let seen = false; // picks may repeat: count each holding once
    for (let k = 0; k < j && !seen; k++) seen = heldInstrument(om, seed, account, k) === ins;
    if (seen || instrumentMarket[ins] !== market) continue;
    value += openingShares(om, seed, account, ins) * prevClose[ins]!;
  }
  return value;
}

/** The quota for a market value (fen): whole steps, nothing below 10,000 yuan, at most the cap (C8). */
export function quotaFor(issue: IpoIssueModel, value: number): number {
  if (value < QUOTA_MIN_VALUE) return 0;
  const stepValue = issue.market === MARKET_CODE.SSE ? QUOTA_STEP.SSE.value : QUOTA_STEP.SZSE.value;
  const q = Math.floor(value / stepValue) * issue.unit;
  return q < issue.cap ? q : issue.cap;
}
