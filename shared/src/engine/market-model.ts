import type { Scenario } from '../scenario/schema.ts';
import type { TradingSession } from '../scenario/load.ts';

/**
 * The compiled form of what issue 14 B adds around the order path: which session is the pre-open
 * (09:25-09:30), whether the start-of-day file is there, which market-data feed each counter's price
 * checks read, and the bank-securities transfer. Immutable, like the rest of Model.
 */
export interface MarketModel {
  /** Per session (index session + 1): 1 for the pre-open, a no-matching session that accepts orders right before the continuous auction. */
  sessionPreOpen: Uint8Array;
  sodMissing: boolean;
  /** Per node: the market_data node linked to it, -1 none (only counters read one). */
  nodeFeed: Int32Array;
  holdOnStale: boolean;
  bankNode: number; // -1 none
  bankCounter: number; // the books node linked to the bank, -1 none
  bankStart: number;
  bankEnd: number;
  bankGapMean: number; // µs between transfer requests, 0: none
  bankOutRatio: number;
  bankAmount: number; // fen
  streamBank: number; // after the load, exchange, node and link streams (compile.ts)
}

const BOOKS_KINDS = new Set(['counter', 'fast_counter', 'oms']);

export function compileMarket(scenario: Scenario, nodeIndex: Map<string, number>, sessions: TradingSession[]): MarketModel {
  const preOpen = new Uint8Array(sessions.length + 1);
  sessions.forEach((x, i) => {
    const next = sessions[i + 1];
    if (x.matching === 'none' && x.acceptOrders && next?.matching === 'continuous' && next.start === x.end) preOpen[i + 1] = 1;
  });
  const nodes = scenario.nodes;
  const nodeFeed = new Int32Array(nodes.length).fill(-1);
  let bankNode = -1;
  let bankCounter = -1;
  nodes.forEach((n, i) => n.kind === 'bank' && bankNode < 0 && (bankNode = i));
  for (const l of scenario.links) {
    const a = nodes[nodeIndex.get(l.from)!]!;
    const b = nodes[nodeIndex.get(l.to)!]!;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      if (x.kind === 'market_data' && BOOKS_KINDS.has(y.kind) && nodeFeed[nodeIndex.get(y.id)!] === -1) nodeFeed[nodeIndex.get(y.id)!] = nodeIndex.get(x.id)!;
      if (bankNode >= 0 && x.id === nodes[bankNode]!.id && BOOKS_KINDS.has(y.kind) && bankCounter < 0) bankCounter = nodeIndex.get(y.id)!;
    }
  }
  const bank = scenario.bank;
  return {
    sessionPreOpen: preOpen,
    sodMissing: scenario.startOfDay.securitiesFile === 'missing',
    nodeFeed,
    holdOnStale: scenario.marketData.onStale === 'hold',
    bankNode,
    bankCounter,
    bankStart: bank.window.start,
    bankEnd: bank.window.end,
    bankGapMean: bank.transfersPerMinute > 0 && bankNode >= 0 ? 60_000_000 / bank.transfersPerMinute : 0,
    bankOutRatio: bank.outRatio,
    bankAmount: bank.amount,
    streamBank: 2 + nodes.length + scenario.links.length,
  };
}
