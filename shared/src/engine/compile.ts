import type { Scenario } from '../scenario/schema.ts';
import { linkId, NODE_KINDS, type FeeRule, type NodeKind } from '../scenario/topology.ts';
import type { TradingSession } from '../scenario/load.ts';
import { compileCalendar } from '../calendar/calendar.ts';
import { compileDist, type Dist } from './sample.ts';
import { compileCutover, type CutoverModel } from './cutover-state.ts';
import { compilePicker, type Picker } from './pick.ts';
import { compileInstruments, type CompiledInstruments } from './instrument-model.ts';
import { MARKET_CODE } from './board.ts';
import { compileMarket, type MarketModel } from './market-model.ts';
import { compileLinkIndex, linkBetween, type LinkIndex } from './links.ts';
import { compileOpening, type OpeningModel } from './holdings.ts';
import { compileDays, type DaysModel } from './days.ts';
import { US_PER_DAY } from '../scenario/units.ts';
import { replicatedPair } from '../scenario/replication.ts';
import type { ReplicationModel } from './commit-log.ts';
import { compileIpo, type IpoModel } from './ipo-model.ts';

export const KIND: Record<NodeKind, number> = Object.fromEntries(NODE_KINDS.map((k, i) => [k, i])) as Record<NodeKind, number>;
export { MARKET_CODE };
const LOT = 100;

export interface CompiledRoute {
  id: string;
  path: Int32Array; // node indices from source to exchange
  market: number; // -1 when the route ends short of an exchange
  weight: number;
}

/** A phase boundary: at `at`, the exchange enters session `session` (-1: outside every session). */
export interface PhaseChange {
  at: number;
  session: number;
  /** The day's last change: the exchanges close and unfilled orders expire. */
  dayEnd: boolean;
}

/**
 * The scenario turned into indexed arrays once, so the hot loop never looks up a string.
 * Immutable: everything that changes while the simulation runs lives in SimState.
 */
export interface Model extends LinkIndex {
  scenario: Scenario;
  nodeIds: string[];
  nodeCount: number;
  nodeIndex: Map<string, number>;
  nodeKind: Uint8Array;
  nodeServers: Int32Array;
  serverOffset: Int32Array; // where each node's server free-times start in state.serverFree
  serverTotal: number;
  nodeQueueLimit: Float64Array;
  nodeService: Dist[];
  nodeReportService: (Dist | null)[];
  nodeLiquidityLots: Int32Array;
  nodeFees: FeeRule[];
  riskMaxLots: Float64Array; // 0 = no limit
  riskMaxNotional: Float64Array; // fen, 0 = no limit
  // Trading units (PBU): ReportIndex runs per (PBU, SetID), whichever gateway carries the PBU.
  pbuIds: string[];
  pbuCount: number;
  pbuPartitions: Int32Array; // SetIDs per PBU
  pbuOffset: Int32Array; // where a PBU's partitions start in the ReportIndex arrays
  pbuRate: Float64Array; // the exchange's order-rate limit (流速), orders/s, 0 = none
  pbuRateAny: boolean;
  gatewayPbus: Int32Array[]; // per node: the PBUs it carries (empty for other kinds)
  reportTotal: number;
  linkIds: string[];
  linkIndex: Map<string, number>;
  linkLatency: Float64Array;
  linkJitter: Float64Array;
  linkLoss: Float64Array;
  linkTxTime: Float64Array; // µs to put one message on the wire; 0 = unlimited bandwidth
  routes: CompiledRoute[];
  routePath: Int32Array[]; // routes[r].path, one load nearer for the per-hop code
  routesByMarket: number[][]; // market code → route indices; [2] is the market-less route, [3] BSE
  routeCounterHop: Int16Array; // position of the first node that keeps books, -1 none
  routeGatewayHop: Int16Array; // position of the gateway before the exchange, -1 none
  instrumentCount: number;
  instrumentMarket: Uint8Array;
  instrumentPrevClose: Float64Array; // fen
  instrumentCum: Float64Array; // cumulative activity weights
  instrumentPick: Picker;
  instrumentExchange: Int32Array; // the exchange node that lists it, -1 none
  accountCount: number;
  accountCum: Float64Array;
  accountPick: Picker;
  openingCash: number;
  openingShares: number;
  open: OpeningModel; // what an untouched account holds (holdings.ts)
  sessions: TradingSession[];
  // Per session, flattened for the hot path (index s.session + 1, so -1, outside every session, is 0 here).
  sessionAcceptOrders: Uint8Array;
  sessionAcceptCancels: Uint8Array;
  sessionContinuous: Uint8Array;
  isTradingDay: boolean;
  phaseChanges: PhaseChange[];
  windowStart: number;
  windowEnd: number;
  sessionRate: Float64Array; // load multiplier per session
  // Stream numbering: one seeded stream per entity.
  streamLoad: number;
  streamExchange: number;
  streamNode0: number;
  streamLink0: number;
  streamCount: number;
  // Cutover (engine/cutover.ts)
  nodeBooks: Uint8Array; // 1: the node keeps client books (counters, and the systems of a cutover)
  nodePeer: Int32Array; // the other system of the cutover pair, -1: reports for orders it booked post here too
  mirrorNode: number; // dual-run mirror point, -1 none
  cut: CutoverModel;
  // Instruments, boards, auction phases, fees, start-of-day file, market data, bank (issue 14 B)
  ins: CompiledInstruments;
  mkt: MarketModel;
  // The days the window covers and the calendar tables systems hold (engine/days.ts)
  days: DaysModel;
  /** The replicating database and the counter it serves (engine/commit-log.ts), null without one. */
  repl: ReplicationModel | null;
  /** The new-share subscription day (engine/ipo.ts); null without an ipo section. */
  ipo: IpoModel | null;
}

/** Cumulative Zipf-like weights 1/k^skew with + − × ÷ only. */
function cumulativeWeights(n: number, skew: 0 | 1 | 2): Float64Array {
  const cum = new Float64Array(n);
  let total = 0;
  for (let k = 1; k <= n; k++) {
    total += skew === 0 ? 1 : skew === 1 ? 1 / k : 1 / (k * k);
    cum[k - 1] = total;
  }
  return cum;
}

export function compile(scenario: Scenario): Model {
  const nodes = scenario.nodes;
  const nodeIndex = new Map(nodes.map((n, i) => [n.id, i]));
  const N = nodes.length;
  const nodeServers = Int32Array.from(nodes, (n) => n.servers * n.replicas);
  const serverOffset = new Int32Array(N);
  let serverTotal = 0;
  nodes.forEach((_, i) => {
    serverOffset[i] = serverTotal;
    serverTotal += nodeServers[i]!;
  });
  const pbus = compilePbus(nodes);

  const links = scenario.links;
  const linkIds = links.map(linkId);
  const adjacency = compileLinkIndex(
    N,
    links.map((l) => [nodeIndex.get(l.from)!, nodeIndex.get(l.to)!] as const),
  );

  const routes: CompiledRoute[] = scenario.routes.map((r) => {
    const path = Int32Array.from(r.path, (id) => nodeIndex.get(id)!);
    const last = nodes[path[path.length - 1]!]!;
    return { id: r.id, path, market: last.kind === 'exchange' ? MARKET_CODE[last.market!] : -1, weight: r.weight };
  });
  const routesByMarket: number[][] = [[], [], [], []];
  routes.forEach((r, i) => r.weight > 0 && routesByMarket[r.market < 0 ? 2 : r.market]!.push(i));

  const calendar = compileCalendar(scenario.calendar);
  const ins = compileInstruments(scenario, calendar.date);
  const sessions = calendar.sessions;
  const { start: windowStart, end: windowEnd } = scenario.window;
  const days = compileDays(scenario, nodeIndex);
  const phaseChanges: PhaseChange[] = [];
  // Each trading day of the window repeats the day's sessions, offset by whole days.
  days.trading.forEach((open, d) => {
    if (!open) return;
    const base = d * US_PER_DAY;
    sessions.forEach((s, i) => {
      phaseChanges.push({ at: base + s.start, session: i, dayEnd: false });
      const next = sessions[i + 1];
      if (!next || next.start > s.end) phaseChanges.push({ at: base + s.end, session: -1, dayEnd: !next });
    });
  });
  const profile = new Map(Object.entries(scenario.load.profile).sort(([a], [b]) => (a < b ? -1 : 1)));
  const sessionRate = Float64Array.from(sessions, (s) => profile.get(s.phase) ?? (s.acceptOrders ? 1 : 0));

  const cut = compileCutover(scenario, nodeIndex);
  const nodePeer = new Int32Array(N).fill(-1);
  // A standby shares its primary's books (replicated database): after a failover it posts their reports.
  nodes.forEach((n, i) => {
    const p = n.standbyFor === undefined ? undefined : nodeIndex.get(n.standbyFor);
    if (p !== undefined && nodePeer[p] === -1 && nodePeer[i] === -1) {
      nodePeer[p] = i;
      nodePeer[i] = p;
    }
  });
  if (cut.legacyNode >= 0) {
    nodePeer[cut.legacyNode] = cut.newNode;
    nodePeer[cut.newNode] = cut.legacyNode;
  }
  const nodeBooks = Uint8Array.from(nodes, (n, i) => (n.kind === 'counter' || n.kind === 'fast_counter' || i === cut.legacyNode || i === cut.newNode ? 1 : 0));

  // Subscription codes (the last instruments, engine/ipo.ts) are never picked by the client flow nor held.
  const traded = ins.count - (scenario.ipo?.issues.length ?? 0);
  const instrumentCum = cumulativeWeights(traded, scenario.accounts.skew);
  const instrumentPick = compilePicker(instrumentCum);
  const accountCum = cumulativeWeights(scenario.accounts.count, scenario.accounts.skew);

  const marketExchange = [-1, -1, -1, -1];
  for (const r of routes) if (r.market >= 0 && marketExchange[r.market] === -1) marketExchange[r.market] = r.path[r.path.length - 1]!;

  return {
    scenario,
    nodeIds: nodes.map((n) => n.id),
    nodeCount: N,
    nodeIndex,
    nodeKind: Uint8Array.from(nodes, (n) => KIND[n.kind]),
    nodeServers,
    serverOffset,
    serverTotal,
    nodeQueueLimit: Float64Array.from(nodes, (n) => n.queueLimit),
    nodeService: nodes.map((n) => compileDist(n.serviceTime)),
    nodeReportService: nodes.map((n) => (n.reportServiceTime ? compileDist(n.reportServiceTime) : null)),
    nodeLiquidityLots: Int32Array.from(nodes, (n) => n.liquidityLots),
    nodeFees: nodes.map((n) => n.fees ?? scenario.fees),
    riskMaxLots: Float64Array.from(nodes, (n) => Number(n.config['maxOrderLots'] ?? 0)),
    riskMaxNotional: Float64Array.from(nodes, (n) => Number(n.config['maxOrderNotionalFen'] ?? 0)),
    ...pbus,
    linkIds,
    linkIndex: new Map(linkIds.map((id, i) => [id, i])),
    linkLatency: Float64Array.from(links, (l) => l.latency),
    linkJitter: Float64Array.from(links, (l) => l.jitter),
    linkLoss: Float64Array.from(links, (l) => l.loss),
    linkTxTime: Float64Array.from(links, (l) => (l.bandwidth > 0 ? Math.max(1, Math.round(1_000_000 / l.bandwidth)) : 0)),
    ...adjacency,
    routes,
    routePath: routes.map((r) => r.path),
    routesByMarket,
    routeCounterHop: Int16Array.from(routes, (r) => r.path.findIndex((n) => nodeBooks[n] === 1)),
    routeGatewayHop: Int16Array.from(routes, (r) => (r.path.length >= 2 && nodes[r.path[r.path.length - 2]!]!.kind === 'gateway' && r.market >= 0 ? r.path.length - 2 : -1)),
    instrumentCount: ins.count,
    instrumentMarket: ins.market,
    instrumentPrevClose: ins.prevClose,
    instrumentCum,
    instrumentPick,
    instrumentExchange: Int32Array.from(ins.market, (mk, i) => (i < traded ? marketExchange[mk]! : -1)), // a subscription code has no book or street
    accountCount: scenario.accounts.count,
    accountCum,
    accountPick: compilePicker(accountCum),
    openingCash: scenario.accounts.cash,
    openingShares: scenario.accounts.positionLots * LOT,
    open: compileOpening(scenario, instrumentPick),
    sessions,
    sessionAcceptOrders: Uint8Array.from([0, ...sessions.map((x) => (x.acceptOrders ? 1 : 0))]),
    sessionAcceptCancels: Uint8Array.from([0, ...sessions.map((x) => (x.acceptCancels ? 1 : 0))]),
    sessionContinuous: Uint8Array.from([0, ...sessions.map((x) => (x.matching === 'continuous' ? 1 : 0))]),
    isTradingDay: calendar.isTradingDay,
    phaseChanges,
    windowStart,
    windowEnd,
    sessionRate,
    streamLoad: 0,
    streamExchange: 1,
    streamNode0: 2,
    streamLink0: 2 + N,
    streamCount: 2 + N + links.length + 1, // the last one: bank transfers (market-model.ts)
    nodeBooks,
    nodePeer,
    mirrorNode: scenario.dualRun ? nodeIndex.get(scenario.dualRun.mirrorAt)! : -1,
    cut,
    ins,
    mkt: compileMarket(scenario, nodeIndex, sessions),
    days,
    repl: compileReplication(scenario, nodeIndex, adjacency),
    ipo: compileIpo(scenario, ins, traded, routesByMarket, routes, days),
  };
}

function compileReplication(sc: Scenario, nodeIndex: Map<string, number>, links: LinkIndex): ReplicationModel | null {
  const db = sc.nodes.find((n) => n.replication !== undefined);
  if (!db) return null;
  const pair = replicatedPair(sc, db.id);
  if (typeof pair === 'string') throw new Error(pair); // validation reports it at its line first
  const at = (id: string) => nodeIndex.get(id)!;
  return {
    db: at(db.id),
    standby: at(pair.standby),
    counter: at(pair.counter),
    counterStandby: pair.counterStandby === undefined ? -1 : at(pair.counterStandby),
    lag: db.replication!.lag,
    link: linkBetween(links, at(db.id), at(pair.standby)),
  };
}

/** PBUs in order of first mention; a PBU on several gateways gets the most SetIDs and the highest rate any of them names. */
function compilePbus(nodes: Scenario['nodes']) {
  const index = new Map<string, number>();
  const partitions: number[] = [];
  const rate: number[] = [];
  const gatewayPbus = nodes.map((n) => {
    if (n.kind !== 'gateway') return new Int32Array(0);
    return Int32Array.from(n.pbus ?? [n.id], (id) => {
      let p = index.get(id);
      if (p === undefined) {
        p = index.size;
        index.set(id, p);
        partitions.push(0);
        rate.push(0);
      }
      partitions[p] = Math.max(partitions[p]!, n.partitions);
      rate[p] = Math.max(rate[p]!, n.pbuOrderRate);
      return p;
    });
  });
  const pbuOffset = new Int32Array(index.size);
  let reportTotal = 0;
  partitions.forEach((k, p) => {
    pbuOffset[p] = reportTotal;
    reportTotal += k;
  });
  return {
    pbuIds: [...index.keys()],
    pbuCount: index.size,
    pbuPartitions: Int32Array.from(partitions),
    pbuOffset,
    pbuRate: Float64Array.from(rate),
    pbuRateAny: rate.some((r) => r > 0),
    gatewayPbus,
    reportTotal,
  };
}

export { LOT };
