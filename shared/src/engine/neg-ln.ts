import { ln } from './math.ts';

/**
 * −ln U for the uniform U = (u + 0.5) / 2^32 that a uint32 draw u stands for: the core of every
 * exponential service time and arrival gap, so it runs several times per simulated order.
 * fdlibm's ln (math.ts) costs about 50 ns here; this costs a few: x = u + 0.5 is split into
 * 2^e · m with m in [1, 2), m is matched to the centre c of one of 256 equal cells, and
 * ln(m) = ln(c) + ln(1 + r) with |r| < 1/512, where five terms of the series leave an error
 * below 1e-17. Only + − × and table reads: every JavaScript engine gives the same bits.
 */
const CELLS = 256;
const LN2 = ln(2);
const lnCentre = new Float64Array(CELLS);
const invCentre = new Float64Array(CELLS);
for (let k = 0; k < CELLS; k++) {
  const c = 1 + (k + 0.5) / CELLS;
  lnCentre[k] = ln(c); // the table comes from fdlibm's ln, so it too is the same everywhere
  invCentre[k] = 1 / c;
}
const pow2neg = new Float64Array(32);
for (let e = 0; e < 32; e++) pow2neg[e] = 1 / 2 ** e;
const THIRD = 1 / 3;

export function negLnUnit(u: number): number {
  if (u === 0) return 33 * LN2; // U = 2^-33
  const e = 31 - Math.clz32(u); // 2^e ≤ u + 0.5 < 2^(e+1)
  const m = (u + 0.5) * pow2neg[e]!; // exact: a power-of-two scale
  const k = ((m - 1) * CELLS) | 0;
  const r = (m - (1 + (k + 0.5) / CELLS)) * invCentre[k]!; // the difference is exact
  const lnOnePlusR = r - r * r * (0.5 - r * (THIRD - r * (0.25 - r * 0.2)));
  return (32 - e) * LN2 - lnCentre[k]! - lnOnePlusR;
}
