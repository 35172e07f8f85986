import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { ParseScenarioResult } from '@twinlab/shared/scenario/parse';
import type { HeadlessRunner } from './runs/runner.ts';
import type { Invitation, TokenSigner } from './auth/tokens.ts';
import type { Storage } from './storage/types.ts';
import type { RoomManager } from './sync/rooms.ts';
import type { ServerMetrics } from './sync/metrics.ts';

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
}

export type AppEnv = { Variables: { invitation: Invitation } };

export type { Scenario };
