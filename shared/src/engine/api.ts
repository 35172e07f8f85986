import type { Scenario } from '../scenario/schema.ts';
import type { StampedCommand } from '../scenario/faults.ts';
import type { CutoverReport } from './cutover-report.ts';

/** Whole engine state as plain data: typed arrays, arrays, numbers, strings. Clone-safe (structuredClone, postMessage). */
export type SimSnapshot = { readonly format: 'twinlab-sim/2'; readonly scenarioHash: string; readonly state: unknown };

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

export interface MetricsSummary {
  now: number; // µs since midnight of the trading date
  phase: string;
  orders: { created: number; done: number; filled: number; cancelled: number; expired: number; rejected: number; lost: number; inFlight: number };
  reports: { delivered: number; lost: number; gaps: number };
  events: number;
  endToEnd: LatencySummary; // order created → first report back at its source
  nodes: NodeMetrics[];
  links: LinkMetrics[];
  /** Per simulated second: new orders, completed orders, rejects; index 0 is window.start. */
  series: { t0: number; step: number; created: number[]; done: number[]; rejected: number[] };
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
  metrics(): MetricsSummary;
  audit(): AuditReport;
  /** Runbook, dual-run, migration, guardrails and their timeline, derived like everything else. */
  cutover(): CutoverReport;
}

/** Invariants recomputed from the raw state (see engine/audit.ts). */
export interface AuditReport {
  ordersInFlight: number; // order records alive and not final, counted one by one
  ordersInFlightByCount: number; // created − done − rejected − lost from the running counters
  restingOrders: number;
  cashBreaks: number[]; // accounts where cash + frozen + fees + bought − sold ≠ opening cash
  negativePositions: number;
  reportGaps: number;
  /** Orders whose fills the exchange reported but the books have not posted (lost reports not yet resynced, or in flight). */
  booksBehindExchange: number;
}
