import type { Scenario } from '../scenario/schema.ts';
import { pick, type Picker } from './pick.ts';
import { hash3 } from './rng.ts';

/**
 * What an account holds before anything happens to it: a pure function of seed, account and
 * instrument, so the engine stores only accounts and positions something touched (book.ts) and a
 * 2 M-account book costs nothing until orders arrive. Integer math on hashes: every host agrees.
 *
 * Without account classes every account starts with the same cash and the same position in every
 * instrument (the model before issue 15). With classes, accounts 0.. are the first class, then the
 * next, each with cash drawn uniformly in its range (whole yuan) and a handful of holdings picked
 * by the instruments' activity weights (people hold what trades).
 */
export interface OpeningModel {
  classed: boolean;
  cash: number; // fen, without classes
  shares: number; // per instrument, without classes
  classEnd: Float64Array; // first account after each class
  cashMinYuan: Float64Array;
  cashSpanYuan: Float64Array; // max − min, whole yuan (< 2^32)
  holdMin: Int32Array;
  holdSpan: Int32Array;
  lotsMin: Int32Array;
  lotsSpan: Int32Array;
  classNames: string[];
  instrumentPick: Picker;
}

const LOT = 100;
const TWO_POW_32 = 4294967296;
const SALT_CASH = 0x1001;
const SALT_COUNT = 0x1002;
const SALT_PICK = 0x2000;
const SALT_LOTS = 0x3000;

export function compileOpening(scenario: Scenario, instrumentPick: Picker): OpeningModel {
  const acc = scenario.accounts;
  const classes = acc.classes ?? [];
  let end = 0;
  return {
    classed: classes.length > 0,
    cash: acc.cash,
    shares: acc.positionLots * LOT,
    classEnd: Float64Array.from(classes, (c) => (end += c.count)),
    cashMinYuan: Float64Array.from(classes, (c) => Math.floor(c.cash.min / 100)),
    cashSpanYuan: Float64Array.from(classes, (c) => Math.floor(c.cash.max / 100) - Math.floor(c.cash.min / 100)),
    holdMin: Int32Array.from(classes, (c) => c.holdings.min),
    holdSpan: Int32Array.from(classes, (c) => c.holdings.max - c.holdings.min),
    lotsMin: Int32Array.from(classes, (c) => c.lots.min),
    lotsSpan: Int32Array.from(classes, (c) => c.lots.max - c.lots.min),
    classNames: classes.map((c) => c.class),
    instrumentPick,
  };
}

/** The class index of an account (classes take consecutive account numbers). */
export function classOf(om: OpeningModel, account: number): number {
  const ends = om.classEnd;
  let k = 0;
  while (k < ends.length - 1 && account >= ends[k]!) k++;
  return k;
}

export function openingCash(om: OpeningModel, seed: number, account: number): number {
  if (!om.classed) return om.cash;
  const k = classOf(om, account);
  return (om.cashMinYuan[k]! + (hash3(seed, account, SALT_CASH) % (om.cashSpanYuan[k]! + 1))) * 100;
}

/** How many holdings the account starts with (picks may repeat: then it holds fewer). */
export function holdingCount(om: OpeningModel, seed: number, account: number): number {
  if (!om.classed) return 0;
  const k = classOf(om, account);
  return om.holdMin[k]! + (hash3(seed, account, SALT_COUNT) % (om.holdSpan[k]! + 1));
}

/** The j-th instrument the account holds at the open (by activity weight). */
export function heldInstrument(om: OpeningModel, seed: number, account: number, j: number): number {
  return pick(om.instrumentPick, (hash3(seed, account, SALT_PICK + j) + 0.5) / TWO_POW_32);
}

/** Shares the account holds in the instrument at the open (all sellable: bought before today). */
export function openingShares(om: OpeningModel, seed: number, account: number, instrument: number): number {
  if (!om.classed) return om.shares;
  const n = holdingCount(om, seed, account);
  for (let j = 0; j < n; j++) {
    if (heldInstrument(om, seed, account, j) !== instrument) continue;
    const k = classOf(om, account);
    return (om.lotsMin[k]! + (hash3(seed, account, SALT_LOTS + instrument) % (om.lotsSpan[k]! + 1))) * LOT;
  }
  return 0;
}

/** The holding a sell order of the account goes for, or -1 when it holds nothing (then any instrument). */
export function soldInstrument(om: OpeningModel, seed: number, account: number, orderId: number): number {
  const n = holdingCount(om, seed, account);
  return n === 0 ? -1 : heldInstrument(om, seed, account, hash3(seed, orderId, 0x50) % n);
}
