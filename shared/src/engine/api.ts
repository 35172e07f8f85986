import type { Scenario } from '../scenario/schema.ts';
import type { StampedCommand } from '../scenario/command.ts';
import type { Literal } from '../predicate/parse.ts';
import type { CutoverReport } from './cutover-report.ts';
import type { StateName } from './codes.ts';
import type { AccountCash, Holding, MarketSummary } from './market-summary.ts';
import type { DrSummary } from './dr-summary.ts';

/** Whole engine state as plain data: typed arrays, arrays, numbers, strings. Clone-safe (structuredClone, postMessage). */
export type SimSnapshot = { readonly format: 'twinlab-sim/6'; readonly scenarioHash: string; readonly state: unknown };

export interface LatencySummary {
  count: number;
  mean: number; // µs
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface NodeMetrics {
  id: string;
  state: 'up' | 'degraded' | 'down' | 'drained';
  processed: number;
  rejected: number;
  lost: number;
  queueDepth: number;
  maxQueueDepth: number;
  sojourn: LatencySummary; // arrival to departure at this node
}

export interface LinkMetrics {
  id: string;
  connected: boolean;
  carried: number;
  lost: number;
}

/** Orders as counts of what happened and of the counter's states (docs/domain.md E1). */
export interface OrderMetrics {
  created: number;
  done: number; // final at the exchange: filled, cancelled, expired (or the end of a route short of one)
  filled: number;
  cancelled: number;
  expired: number;
  rejected: number;
  /** Submissions that never reached the counter (lost or refused on the way): failed back to the client. */
  failed: number;
  inFlight: number;
  /** 待报: held at the counter while its gateway or the line to it is unavailable. */
  held: number;
  /** 正报 orders whose message or ack was dropped, not yet settled by a resync or an operator. */
  inDoubt: number;
  /** In-doubt orders settled: by a report (a resync), or as 废单 when the exchange never had them. */
  settled: number;
  /** In-doubt orders settled as 废单 because the exchange never received them. */
  voided: number;
  /** 废单 an operator marked for in-doubt orders the exchange did receive: their fills go unbooked. */
  wrongInvalid: number;
  backlogSent: number;
  backlogCancelled: number;
  killRejects: number;
  /** Refused by the exchange's order-rate limit (流速) of their PBU. */
  rateRejects: number;
  /** Cancels refused because they went out on a PBU other than the one that placed the order. */
  cancelsWrongPbu: number;
  /** The account with the most open orders at the exchange (已报, 部成; the lowest number on a tie), -1 none: a counter's "top clients" view. */
  topAccount: number;
  /** How many open orders topAccount has. */
  topAccountOpen: number;
  /** Cancels the exchange refused: the order was already done, or the phase takes no cancels (09:20–09:30, the closing call 14:57–15:00). */
  cancelRejects: number;
  /** Orders the exchanges accepted into the closing call auction (14:57–15:00): what trades at the closing price (closing-call.ts). */
  closingCall: number;
  /** Orders the clients' apps resent because they saw no confirmation (load.resubmitAfter; engine/resubmit.ts). */
  resubmitted: number;
  /** Resent orders the exchange ended up holding twice: the original and its copy both accepted. */
  duplicates: number;
  /** Every order is in exactly one state; the counts add up to created. */
  states: Record<StateName, number>;
}

export interface MetricsSummary {
  now: number; // µs since midnight of the trading date
  phase: string;
  orders: OrderMetrics;
  /** backlog: reports waiting at a node's station now; lag: µs the oldest of them has waited (回报延迟), 0 when none wait. */
  reports: { delivered: number; lost: number; gaps: number; duplicates: number; doublePosted: number; backlog: number; lag: number };
  events: number;
  endToEnd: LatencySummary; // order created → first report back at its source
  nodes: NodeMetrics[];
  links: LinkMetrics[];
  /** Per simulated second: new orders, completed orders, rejects; index 0 is window.start. */
  series: { t0: number; step: number; created: number[]; done: number[]; rejected: number[] };
  /** Reject reasons, itemised fees, held orders, bank transfers (engine/market-summary.ts). */
  market: MarketSummary;
  /** The replicating database and the DR failover (engine/dr-summary.ts); only with a replicating database. */
  dr?: DrSummary;
}

export interface Simulation {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Simulated time reached, µs since midnight of the trading date. */
  readonly now: number;
  /** Process every event with time ≤ t, then set now = t. */
  runUntil(t: number): void;
  /** Queue an operator command; it takes effect at command.at (which must be ≥ now). */
  apply(command: StampedCommand): void;
  stateHash(): string;
  snapshot(): SimSnapshot;
  /** The same snapshot with its all-zero pages (free pool slots, unused capacity) left out: for keeping many in memory; restoreSimulation takes either. */
  compactSnapshot(): SimSnapshot;
  /** About what compactSnapshot would take now, in bytes of its arrays (a scan, no copy). */
  compactSnapshotBytes(): number;
  metrics(): MetricsSummary;
  audit(): AuditReport;
  /** Runbook, dual-run, migration, guardrails and their timeline, derived like everything else. */
  cutover(): CutoverReport;
  /** One account's usable, frozen and withdrawable cash (sell proceeds are usable at once, withdrawable after settlement). */
  account(index: number): AccountCash;
  /** One account's holding of one instrument (index into the scenario's resolved instruments): shares held and sellable today (T+1). */
  holding(account: number, instrument: number): Holding;
  /** A check path only the engine can answer (config.*, calendar.*, night.*: predicate/paths.ts OPEN_PREFIXES); undefined for any other. */
  engineValue(path: string): Literal | undefined;
}

/** Invariants recomputed from the raw state (see engine/audit.ts). */
export interface AuditReport {
  ordersInFlight: number; // order records alive and not final, counted one by one
  ordersInFlightByCount: number; // created − done − rejected − failed on the way − voided, from the running counters
  /** created − the sum of the per-state counts: every order is in exactly one state, so 0. */
  ordersWithoutState: number;
  /** Orders not final at the counter, recounted one by one, minus the per-state counts of those states: 0 when they agree. */
  stateCountDrift: number;
  restingOrders: number;
  cashBreaks: number[]; // accounts where cash + frozen + fees + bought − sold ≠ opening cash
  negativePositions: number;
  reportGaps: number;
  /** Orders whose fills the exchange reported but the books have not posted (lost reports not yet resynced, or in flight). */
  booksBehindExchange: number;
}
