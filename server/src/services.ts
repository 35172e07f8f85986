import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { ParseScenarioResult } from '@twinlab/shared/scenario/parse';
import type { HeadlessRunner } from './runs/runner.ts';
import type { SnapshotLimits } from './runs/snapshot-route.ts';
import type { Invitation, TokenSigner } from './auth/tokens.ts';
import type { Storage } from './storage/types.ts';
import type { RoomManager } from './sync/rooms.ts';
import type { ServerMetrics } from './sync/metrics.ts';
import type { OpsMetrics } from './ops/metrics.ts';
import type { RedisCluster } from './scale/redis-cluster.ts';
import type { DrillDeps } from './drills/routes.ts';
import type { Logger } from './ops/log.ts';
import type { AbuseLimits } from './http/guards.ts';
import type { RunLimits } from './runs/limits.ts';

/** Everything the HTTP app needs, passed in so tests can build it without a port or env. */
export interface Services {
  storage: Storage;
  signer: TokenSigner;
  rooms: RoomManager;
  metrics: ServerMetrics;
  now: () => number;
  startedAt: number;
  scenariosDir: string;
  /** The built browser lab (client/dist), if any. */
  clientDir: string | undefined;
  parseScenario: (text: string, file?: string) => ParseScenarioResult;
  /** Headless runs of the engine (a worker thread in the server). */
  runner: HeadlessRunner;
  limits: { maxBodyBytes: number; invitationMaxSeconds: number; leadTokenSeconds: number };
  /** What one client, invitation or session may make the server spend (absent: DEFAULT_ABUSE_LIMITS). */
  abuse?: AbuseLimits;
  /** What one headless run may cost (absent: DEFAULT_RUN_LIMITS). */
  runLimits?: RunLimits;
  /** What late joiners' snapshots may cost (absent: DEFAULT_SNAPSHOT_LIMITS). */
  snapshotLimits?: SnapshotLimits;
  /** Parse a scenario text off the main thread, with a time limit (absent: parseScenario, inline). */
  parseInWorker?: (text: string, file?: string) => Promise<ParseScenarioResult>;
  /** Latency histograms, readiness and shutdown state (absent in unit tests). */
  ops?: OpsMetrics;
  /** Scale-out mode: the Redis side shared with other instances. */
  cluster?: RedisCluster;
  instanceId?: string;
  /** Readiness: resolves when storage answers. */
  pingStorage?: () => Promise<void>;
  /** Request log and errors (absent in unit tests: warnings and errors to stderr). */
  logger?: Logger;
  /** Drill hints, results, progress and saved versions, and the worker that grades (absent: in memory, in the calling thread). */
  drills?: DrillDeps;
}

export type AppEnv = { Variables: { invitation: Invitation } };

export type { Scenario };
