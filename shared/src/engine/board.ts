/**
 * What an instrument's board, type, ST status and listing day decide (docs/domain.md E1): price limits,
 * the IPO days without limits, the main-board price cage, lots and ticks. Pure functions of the
 * instrument, so compile() turns them into arrays once and the per-order checks are array reads.
 * Prices are integer fen; a tick is in li (厘, 0.001 yuan) because ETFs and bonds quote in them.
 */

export const BOARDS = ['main', 'chinext', 'star', 'bse'] as const;
export type Board = (typeof BOARDS)[number];
export const SECURITY_TYPES = ['stock', 'etf', 'bond'] as const;
export type SecurityType = (typeof SECURITY_TYPES)[number];
export type BoardMarket = 'SSE' | 'SZSE' | 'BSE';
/** The engine's market codes; 2 is the market-less route of a plain queueing network (compile.ts routesByMarket[2]). */
export const MARKET_CODE = { SSE: 0, SZSE: 1, BSE: 3 } as const;

export interface SymbolClass {
  market: BoardMarket;
  board: Board;
  type: SecurityType;
}

/**
 * The board a six-digit code belongs to (exchange code plans): 600/601/603/605 SSE main, 688/689
 * STAR, 000-003 SZSE main, 300/301 ChiNext, 8xx/920/43x BSE, 51/56/58 SSE ETFs, 15/16 SZSE ETFs,
 * 11x SSE and 12x SZSE (convertible) bonds. Undefined for a code none of them uses.
 */
export function classifySymbol(symbol: string): SymbolClass | undefined {
  const p3 = symbol.slice(0, 3);
  const p2 = symbol.slice(0, 2);
  if (['600', '601', '603', '605'].includes(p3)) return { market: 'SSE', board: 'main', type: 'stock' };
  if (p3 === '688' || p3 === '689') return { market: 'SSE', board: 'star', type: 'stock' };
  if (['000', '001', '002', '003'].includes(p3)) return { market: 'SZSE', board: 'main', type: 'stock' };
  if (p3 === '300' || p3 === '301') return { market: 'SZSE', board: 'chinext', type: 'stock' };
  if (symbol[0] === '8' || p3 === '920' || p2 === '43') return { market: 'BSE', board: 'bse', type: 'stock' };
  if (p2 === '51' || p2 === '56' || p2 === '58') return { market: 'SSE', board: 'main', type: 'etf' };
  if (p2 === '15' || p2 === '16') return { market: 'SZSE', board: 'main', type: 'etf' };
  if (p2 === '11') return { market: 'SSE', board: 'main', type: 'bond' };
  if (p2 === '12') return { market: 'SZSE', board: 'main', type: 'bond' };
  return undefined;
}

/** Code blocks generated instruments take, per market, board and type (each prefix has 1000 codes). */
export function symbolPrefixes(market: BoardMarket, board: Board, type: SecurityType): string[] {
  if (type === 'etf') return market === 'SSE' ? ['510', '512', '513', '515', '516', '588'] : ['159'];
  if (type === 'bond') return market === 'SSE' ? ['110', '113', '118'] : ['123', '127', '128'];
  if (board === 'star') return ['688'];
  if (board === 'chinext') return ['300', '301'];
  if (board === 'bse') return ['920', '830', '831', '832', '833', '834', '835', '836', '837', '838', '839', '870', '871', '872', '873'];
  return market === 'SSE' ? ['600', '601', '603', '605'] : ['000', '001', '002', '003'];
}

/** Which markets a board trades on. */
export function boardMarkets(board: Board): BoardMarket[] {
  if (board === 'star') return ['SSE'];
  if (board === 'chinext') return ['SZSE'];
  if (board === 'bse') return ['BSE'];
  return ['SSE', 'SZSE'];
}

export interface BoardRules {
  /** Price limit in percent of the previous close; 0: no limit today. */
  limitPct: number;
  /** Tick in li (0.001 yuan): 10 for stocks, 1 for ETFs and bonds. */
  tickLi: number;
  /** Smallest buy, in shares (bonds: 张), and the step above it. */
  minQty: number;
  stepQty: number;
  /** The continuous-auction price cage applies (main board since 2023-04-10). */
  cage: boolean;
}

/** Registration-based IPOs trade without limits on their first five trading days; BSE on its first. */
export const NO_LIMIT_DAYS = { star: 5, chinext: 5, main: 5, bse: 1 } as const;
/** The main board's registration reform, from which its IPOs and its price cage follow the new rules. */
export const MAIN_BOARD_REFORM = '2023-04-10';

/**
 * The rules for an instrument on a date. tradingDay: the date's number among its trading days
 * counted from the listing day (1 on the listing day); undefined when not listed recently.
 */
export function boardRules(c: SymbolClass, st: boolean, tradingDay: number | undefined, listed: string | undefined): BoardRules {
  const registration = c.board !== 'main' || (listed !== undefined && listed >= MAIN_BOARD_REFORM);
  const ipo = c.type === 'stock' && tradingDay !== undefined && registration && tradingDay >= 1 && tradingDay <= NO_LIMIT_DAYS[c.board];
  let limitPct: number;
  if (c.type === 'bond')
    limitPct = 20; // convertible bonds since 2022-08-01 (unsure for other bonds)
  else if (c.board === 'bse') limitPct = 30;
  else if (c.board === 'star' || c.board === 'chinext') limitPct = 20;
  else limitPct = st ? 5 : 10;
  if (ipo) limitPct = 0;
  const tickLi = c.type === 'stock' ? 10 : 1;
  let minQty = 100;
  let stepQty = 100;
  if (c.type === 'bond') minQty = stepQty = 10;
  else if (c.board === 'star') {
    minQty = 200;
    stepQty = 1;
  } else if (c.board === 'bse') stepQty = 1;
  return { limitPct, tickLi, minQty, stepQty, cage: c.board === 'main' && c.type === 'stock' };
}

/** Limit prices in fen: the previous close ± pct, rounded half up to the fen (a stock's tick). 0 pct: none. */
export function limitPrices(prevClose: number, pct: number): { up: number; down: number } {
  if (pct === 0) return { up: Number.MAX_SAFE_INTEGER, down: 1 };
  return { up: Math.floor((prevClose * (100 + pct) + 50) / 100), down: Math.floor((prevClose * (100 - pct) + 50) / 100) };
}

/**
 * The main-board price cage: a buy above max(102% of the reference, reference + 10 ticks), or a
 * sell below min(98%, reference − 10 ticks), waits in the book (暂存) until the cage reaches it.
 * tickFen: the tick in fen (1 for stocks).
 */
export function cageBuyCap(ref: number, tickFen: number): number {
  const pct = Math.floor((ref * 102) / 100);
  const ticks = ref + 10 * tickFen;
  return pct > ticks ? pct : ticks;
}
export function cageSellFloor(ref: number, tickFen: number): number {
  const pct = Math.ceil((ref * 98) / 100);
  const ticks = ref - 10 * tickFen;
  return pct < ticks ? pct : ticks;
}

/** A buy quantity the board accepts: at least minQty, then whole steps. Sells may be odd lots. */
export function validBuyQty(qty: number, minQty: number, stepQty: number): boolean {
  return qty >= minQty && (qty - minQty) % stepQty === 0;
}
