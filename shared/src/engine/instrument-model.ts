import type { Scenario } from '../scenario/schema.ts';
import { HOLIDAYS_2026 } from '../calendar/ashare.ts';
import { tradingDayNumber } from '../calendar/calendar.ts';
import { BOARDS, boardRules, limitPrices, MARKET_CODE } from './board.ts';
import { resolveInstruments } from './instruments.ts';

/** Per instrument, what its board rules decide on the simulated date, as arrays for the per-order checks. */
export interface CompiledInstruments {
  count: number;
  symbol: string[];
  market: Uint8Array;
  board: Uint8Array; // index into BOARDS
  prevClose: Float64Array; // fen
  limitPct: Uint8Array; // 0: no limit today (IPO days)
  limitUp: Float64Array; // fen, inclusive
  limitDown: Float64Array;
  tickLi: Uint8Array; // 0.001 yuan
  minQty: Int32Array; // smallest buy
  stepQty: Int32Array;
  cage: Uint8Array; // 1: the continuous-auction price cage applies
}

export function compileInstruments(scenario: Scenario, date: string): CompiledInstruments {
  // New-share subscription codes (docs/domain.md C8) come last, so the traded ones keep their indices.
  const issues = (scenario.ipo?.issues ?? []).map((x) => ({ symbol: x.code, market: x.market, board: 'main' as const, type: 'stock' as const, st: false, listed: undefined, price: x.price }));
  const instruments = [...resolveInstruments(scenario.instruments).instruments, ...issues];
  const holidays = scenario.calendar.holidays ?? HOLIDAYS_2026;
  const n = instruments.length;
  const out: CompiledInstruments = {
    count: n,
    symbol: instruments.map((i) => i.symbol),
    market: new Uint8Array(n),
    board: new Uint8Array(n),
    prevClose: new Float64Array(n),
    limitPct: new Uint8Array(n),
    limitUp: new Float64Array(n),
    limitDown: new Float64Array(n),
    tickLi: new Uint8Array(n),
    minQty: new Int32Array(n),
    stepQty: new Int32Array(n),
    cage: new Uint8Array(n),
  };
  instruments.forEach((x, i) => {
    const day = x.listed === undefined ? undefined : tradingDayNumber(x.listed, date, holidays);
    const r = boardRules(x, x.st, day, x.listed);
    const { up, down } = limitPrices(x.price, r.limitPct);
    out.market[i] = MARKET_CODE[x.market];
    out.board[i] = BOARDS.indexOf(x.board);
    out.prevClose[i] = x.price;
    out.limitPct[i] = r.limitPct;
    out.limitUp[i] = up;
    out.limitDown[i] = down;
    out.tickLi[i] = r.tickLi;
    out.minQty[i] = r.minQty;
    out.stepQty[i] = r.stepQty;
    out.cage[i] = r.cage ? 1 : 0;
  });
  return out;
}
