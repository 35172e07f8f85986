import type { ClockState } from '@twinlab/shared/session/clock';
import type { StampedCommand } from '@twinlab/shared/scenario/command';
import type { CutoverView } from '@twinlab/shared/dualrun/view';
import type { Literal } from '@twinlab/shared/predicate/parse';

/** Main thread → engine worker. */
export type ToWorker =
  /** join: where to ask for the server's snapshot when the session is far into the day (late-join.ts). */
  | { type: 'init'; scenarioText: string; seed: number; join?: { snapshotUrl: string; token: string } }
  | { type: 'log'; commands: StampedCommand[] }
  /** offsetMs: add to the worker's Date.now() to estimate the server's wall clock. */
  | { type: 'clock'; clock: ClockState; offsetMs: number };

export interface NodeSample {
  state: 'up' | 'degraded' | 'down' | 'drained';
  processed: number;
  rejected: number;
  lost: number;
  queue: number;
  p50: number;
  p99: number;
}

export interface LinkSample {
  connected: boolean;
  carried: number;
  lost: number;
}

/** What the worker posts a few times a second: cumulative counters, the UI derives rates. */
export interface Sample {
  now: number;
  /** Changes when the run rolled back: counters may then go down. */
  epoch: number;
  phase: string;
  created: number;
  done: number;
  rejected: number;
  lost: number;
  inFlight: number;
  /** End-to-end latency so far, µs. */
  p50: number;
  p95: number;
  p99: number;
  nodes: NodeSample[];
  links: LinkSample[];
  /** Runbook, dual-run, guardrails (client/src/runbook); absent when the scenario has none and its drill reads none. In a drill, reconciliation causes withheld (shared/src/dualrun/view.ts). */
  cutover?: CutoverView;
  /**
   * With a drill: every metric path its checks may read (shared metricsView), and audit.* when its
   * checks read them (recounting costs a pass over the books), so live checks see what the server grades.
   */
  checks?: Record<string, Literal>;
}

/** A late joiner's steps before the lab is ready: download the server's snapshot, check its hash, run on to the clock. */
export type JoinStage = 'loading-snapshot' | 'verifying' | 'catching-up';

/** How the worker started: from the server's snapshot at `at`, or a replay from the window's start (refused: the snapshot was not usable, `reason` says why). */
export interface JoinReport {
  source: 'server-snapshot' | 'replay';
  at?: number;
  hash?: string;
  reason?: string;
  refused: boolean;
}

/** Engine worker → main thread. */
export type FromWorker =
  | { type: 'status'; status: 'parsing' | 'preparing' | JoinStage | 'ready' }
  | { type: 'join-bytes'; received: number; total: number | null; until: number }
  | { type: 'joined'; report: JoinReport }
  | { type: 'error'; message: string }
  | { type: 'sample'; sample: Sample }
  /** Posted when the run stands still at the paused shared clock: what every participant must agree on. */
  | { type: 'hash'; now: number; hash: string; applied: number }
  | { type: 'rollback'; reason: string; now: number };
