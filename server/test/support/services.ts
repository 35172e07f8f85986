import { fileURLToPath } from 'node:url';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { createSimulation, restoreSimulation } from '@twinlab/shared/engine/index';
import { TokenSigner } from '../../src/auth/tokens.ts';
import { SqliteStorage } from '../../src/storage/sqlite.ts';
import { RoomManager } from '../../src/sync/rooms.ts';
import { ServerMetrics } from '../../src/sync/metrics.ts';
import { DEFAULT_LIMITS } from '../../src/sync/room.ts';
import { inlineRunner } from '../../src/runs/runner.ts';
import { sha256 } from '../../src/util/hash.ts';
import type { Services } from '../../src/services.ts';

/** Real services over an in-memory SQLite database and a settable clock, for app.request() tests. */
export function testServices(clock: { now: number }): Services {
  const storage = new SqliteStorage(':memory:');
  const metrics = new ServerMetrics();
  const now = () => clock.now;
  return {
    storage,
    signer: new TokenSigner('unit-test-secret-0123456789abcdefghij'),
    rooms: new RoomManager(
      {
        storage,
        metrics,
        now,
        limits: DEFAULT_LIMITS,
        log: () => undefined,
        sha256,
        parseScenario: (t) => {
          const r = parseScenario(t);
          return r.ok ? r.scenario : undefined;
        },
      },
      10,
      60_000,
    ),
    metrics,
    now,
    startedAt: clock.now,
    scenariosDir: fileURLToPath(new URL('../../../scenarios', import.meta.url)),
    clientDir: undefined,
    parseScenario,
    runner: inlineRunner({ parseScenario, createSimulation, restoreSimulation }),
    limits: { maxBodyBytes: 64 * 1024, invitationMaxSeconds: 86_400, leadTokenSeconds: 86_400 },
  };
}
