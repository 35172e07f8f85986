import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { boardRules, cageBuyCap, cageSellFloor, classifySymbol, limitPrices, validBuyQty } from './board.ts';
import { resolveInstruments } from './instruments.ts';
import { compile } from './compile.ts';
import { parseScenario } from '../scenario/parse.ts';
import { tradingDayNumber } from '../calendar/calendar.ts';
import { broker, clock } from './test-scenario.ts';
import { createSimulation } from './simulation.ts';

const stock = (symbol: string) => classifySymbol(symbol)!;

describe('boards: price limits, lots, ticks (docs/domain.md E1)', () => {
  it('limits follow the board and ST status', () => {
    expect(boardRules(stock('600000'), false, undefined, undefined).limitPct).toBe(10);
    expect(boardRules(stock('600000'), true, undefined, undefined).limitPct).toBe(5);
    expect(boardRules(stock('300750'), false, undefined, undefined).limitPct).toBe(20);
    expect(boardRules(stock('300750'), true, undefined, undefined).limitPct).toBe(20); // ST on ChiNext keeps 20%
    expect(boardRules(stock('688981'), false, undefined, undefined).limitPct).toBe(20);
    expect(boardRules(stock('920001'), false, undefined, undefined).limitPct).toBe(30);
  });

  it('registration-based IPOs trade without limits for five trading days; the old main board did not', () => {
    expect(boardRules(stock('688001'), false, 5, '2026-02-24').limitPct).toBe(0);
    expect(boardRules(stock('688001'), false, 6, '2026-02-24').limitPct).toBe(20);
    expect(boardRules(stock('603001'), false, 1, '2026-02-27').limitPct).toBe(0);
    expect(boardRules(stock('603001'), false, 1, '2022-05-05').limitPct).toBe(10);
    expect(boardRules(stock('920001'), false, 2, '2026-02-27').limitPct).toBe(30); // BSE: only its first day
    // Listed on Friday 2026-02-13, the next trading days skip the Spring Festival closure (02-16..02-23):
    // 02-24..02-27 are days 2-5, so 03-02 is day 6 and has limits again.
    expect(tradingDayNumber('2026-02-13', '2026-03-02')).toBe(6);
    expect(tradingDayNumber('2026-02-13', '2026-02-27')).toBe(5);
  });

  it('limit prices round half up to the fen', () => {
    expect(limitPrices(1050, 10)).toEqual({ up: 1155, down: 945 });
    expect(limitPrices(26000, 20)).toEqual({ up: 31200, down: 20800 });
    expect(limitPrices(333, 5)).toEqual({ up: 350, down: 316 }); // 3.4965 → 3.50, 3.1635 → 3.16
  });

  it('lots: 100 shares; STAR at least 200 then steps of 1; BSE 100 then 1; ticks 0.01 for stocks, 0.001 for ETFs and bonds', () => {
    const star = boardRules(stock('688981'), false, undefined, undefined);
    expect([validBuyQty(100, star.minQty, star.stepQty), validBuyQty(200, star.minQty, star.stepQty), validBuyQty(201, star.minQty, star.stepQty)]).toEqual([false, true, true]);
    const main = boardRules(stock('600000'), false, undefined, undefined);
    expect([validBuyQty(100, main.minQty, main.stepQty), validBuyQty(150, main.minQty, main.stepQty)]).toEqual([true, false]);
    const bse = boardRules(stock('920001'), false, undefined, undefined);
    expect(validBuyQty(101, bse.minQty, bse.stepQty)).toBe(true);
    expect(main.tickLi).toBe(10);
    expect(boardRules(stock('510300'), false, undefined, undefined).tickLi).toBe(1);
    expect(boardRules(stock('113050'), false, undefined, undefined).tickLi).toBe(1);
  });

  it('the main-board cage is 2% or 10 ticks, whichever is wider', () => {
    expect(cageBuyCap(1000, 1)).toBe(1020);
    expect(cageBuyCap(300, 1)).toBe(310); // 2% of 3.00 is 6 fen: 10 ticks is wider
    expect(cageSellFloor(1000, 1)).toBe(980);
    expect(cageSellFloor(300, 1)).toBe(290);
    expect(boardRules(stock('600000'), false, undefined, undefined).cage).toBe(true);
    expect(boardRules(stock('510300'), false, undefined, undefined).cage).toBe(false);
  });
});

describe('instruments', () => {
  it('generated instruments get real-looking codes per board, skipping listed ones', () => {
    const { instruments, problems } = resolveInstruments([
      { symbol: '600000', market: 'SSE', st: false, price: 1000 },
      { generate: 2, market: 'SSE', board: 'main', type: 'stock', st: false, price: 1000 },
      { generate: 2, market: 'SSE', board: 'star', type: 'stock', st: false, price: 1000 },
      { generate: 1, market: 'SZSE', board: 'chinext', type: 'stock', st: false, price: 1000 },
      { generate: 1, market: 'SZSE', board: 'main', type: 'stock', st: false, price: 1000 },
      { generate: 1, market: 'BSE', board: 'bse', type: 'stock', st: false, price: 1000 },
      { generate: 1, market: 'SSE', board: 'main', type: 'etf', st: false, price: 1000 },
      { generate: 1, market: 'SZSE', board: 'main', type: 'etf', st: false, price: 1000 },
    ]);
    expect(problems).toEqual([]);
    expect(instruments.map((i) => i.symbol)).toEqual(['600000', '600001', '600002', '688000', '688001', '300000', '000001', '920000', '510000', '159000']);
    expect(instruments[3]!.board).toBe('star');
  });

  it('refuses a symbol on the wrong market or a board on a market it does not trade on', () => {
    const { problems } = resolveInstruments([
      { symbol: '300750', market: 'SSE', st: false, price: 1000 },
      { generate: 1, market: 'SZSE', board: 'star', type: 'stock', st: false, price: 1000 },
    ]);
    expect(problems.map((p) => [p.index, p.field])).toEqual([
      [0, 'market'],
      [1, 'board'],
    ]);
    expect(problems[0]!.message).toContain('300750" trades on SZSE');
  });

  it('300750 (ChiNext) in fund-manager-oms.yaml gets ±20%, 600519 ±10%', () => {
    const p = parseScenario(readFileSync(new URL('../../../scenarios/fund-manager-oms.yaml', import.meta.url), 'utf8'));
    if (!p.ok) throw new Error('bad scenario');
    const m = compile(p.scenario);
    const at = (sym: string) => m.ins.symbol.indexOf(sym);
    expect(m.ins.limitUp[at('300750')]).toBe(31200);
    expect(m.ins.limitDown[at('300750')]).toBe(20800);
    expect(m.ins.limitUp[at('600519')]).toBe(165000);
  });

  it('the exchange refuses a price past the limit with the reason, and STAR orders come in lots it accepts', () => {
    // At 0.20 yuan an ST stock may move 1 fen (±5%): a buy 2-3 ticks over the touch is past the limit.
    const run = (instrument: { symbol: string; price: string; st?: boolean }) => {
      const sc = broker((s) => {
        s.instruments = [instrument, { symbol: '688981', price: '50.00' }];
        s.load.ordersPerSecond = 20;
        s.load.bursts = [];
      });
      const sim = createSimulation(sc, { seed: 3 });
      sim.runUntil(clock('09:45'));
      return sim.metrics().market.rejects;
    };
    const st = run({ symbol: '600001', price: '0.20', st: true });
    const chinext = run({ symbol: '300001', price: '0.20' });
    expect(st.price_limit).toBeGreaterThan(50);
    expect(chinext.price_limit).toBeLessThan(st.price_limit / 4); // ±20%: 4 fen of room
    expect(st.lot_size).toBe(0); // 688981 orders are at least 200 shares
  });
});
