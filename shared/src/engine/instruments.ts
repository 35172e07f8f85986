import type { Instrument } from '../scenario/load.ts';
import { UNIVERSE_STOCKS } from '../scenario/accounts.ts';
import { hash3 } from './rng.ts';
import { boardMarkets, classifySymbol, symbolPrefixes, type Board, type BoardMarket, type SecurityType } from './board.ts';

/** One instrument with everything the scenario left to defaults filled in. */
export interface ResolvedInstrument {
  symbol: string;
  market: BoardMarket;
  board: Board;
  type: SecurityType;
  st: boolean;
  listed: string | undefined;
  price: number; // previous close, fen
}

/** What is wrong with an instrument entry, with the field at fault (checked by the scenario schema). */
export interface InstrumentProblem {
  index: number;
  field: string;
  message: string;
}

/**
 * Expand the scenario's instrument list: explicit ones take their market, board and type from the
 * symbol unless given; generated ones get the next free codes of their board's blocks (600000,
 * 600001, …, then 601000), skipping codes listed explicitly, so every symbol is unique and real-looking.
 */
export function resolveInstruments(entries: readonly Instrument[]): { instruments: ResolvedInstrument[]; problems: InstrumentProblem[] } {
  const problems: InstrumentProblem[] = [];
  const taken = new Set<string>();
  for (const e of entries) if ('symbol' in e) taken.add(e.symbol);
  const next = new Map<string, number>(); // prefix list key → next code index
  const instruments: ResolvedInstrument[] = [];
  entries.forEach((e, index) => {
    if ('symbol' in e) {
      const base = { st: e.st, listed: e.listed, price: e.price };
      const c = classifySymbol(e.symbol);
      const market = e.market ?? c?.market;
      if (market === undefined) {
        problems.push({ index, field: 'market', message: `symbol "${e.symbol}" is in no code block TwinLab knows: give its market, board and type` });
        return;
      }
      if (c && e.market !== undefined && c.market !== e.market) problems.push({ index, field: 'market', message: `symbol "${e.symbol}" trades on ${c.market}, not ${e.market}` });
      const board = e.board ?? c?.board ?? 'main';
      if (c && e.board !== undefined && c.type === 'stock' && c.board !== e.board) problems.push({ index, field: 'board', message: `symbol "${e.symbol}" is on the ${c.board} board, not ${e.board}` });
      instruments.push({ symbol: e.symbol, market, board, type: e.type ?? c?.type ?? 'stock', ...base });
      return;
    }
    if ('universe' in e) {
      for (const row of UNIVERSE_STOCKS) {
        if (!e.universe.includes(row.market) || (e.boards && !e.boards.includes(row.board))) continue;
        const span = e.price.max - e.price.min + 1;
        generateCodes(row.market, row.board, 'stock', row.count, index, (symbol) => ({ st: false, listed: undefined, price: e.price.min + (hash3(Number(symbol), 0x5eed, 7) % span) }));
      }
      return;
    }
    if (!boardMarkets(e.board).includes(e.market)) {
      problems.push({ index, field: 'board', message: `the ${e.board} board does not trade on ${e.market} (it trades on ${boardMarkets(e.board).join(', ')})` });
      return;
    }
    generateCodes(e.market, e.board, e.type, e.generate, index, () => ({ st: e.st, listed: e.listed, price: e.price }));
  });
  return { instruments, problems };

  function generateCodes(market: BoardMarket, board: Board, type: SecurityType, count: number, index: number, fill: (symbol: string) => Pick<ResolvedInstrument, 'st' | 'listed' | 'price'>): void {
    const prefixes = symbolPrefixes(market, board, type);
    const key = prefixes.join(',');
    let k = next.get(key) ?? 0;
    for (let i = 0; i < count; i++) {
      let symbol = '';
      while (k < prefixes.length * 1000) {
        const candidate = `${prefixes[Math.floor(k / 1000)]}${String(k % 1000).padStart(3, '0')}`;
        k++;
        // 000000 is no one's code; the rest of the block is.
        if (candidate !== '000000' && !taken.has(candidate)) {
          symbol = candidate;
          break;
        }
      }
      if (symbol === '') {
        problems.push({ index, field: 'generate', message: `the ${market} ${board} ${type} code blocks (${prefixes.join('/')}xxx) have no free code left for ${count - i} more instruments` });
        break;
      }
      taken.add(symbol);
      instruments.push({ symbol, market, board, type, ...fill(symbol) });
    }
    next.set(key, k);
  }
}
