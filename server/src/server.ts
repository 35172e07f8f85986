import { createAdaptorServer } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { Config } from './config.ts';
import { createApp } from './app.ts';
import { TokenSigner } from './auth/tokens.ts';
import { SqliteStorage } from './storage/sqlite.ts';
import { PostgresStorage } from './storage/postgres.ts';
import { RedisCluster } from './scale/redis-cluster.ts';
import { OpsMetrics } from './ops/metrics.ts';
import { createLogger, errorText, type Logger } from './ops/log.ts';
import { RoomManager } from './sync/rooms.ts';
import { ServerMetrics } from './sync/metrics.ts';
import { workerRunner } from './runs/runner.ts';
import { workerParser } from './scenarios/parse-worker.ts';
import { SqliteDrillStore } from './drills/sqlite-store.ts';
import { PostgresDrillStore } from './drills/postgres-store.ts';
import { POSTGRES_DRILL_STEPS } from './drills/migrations.ts';
import type { DrillStore } from './drills/store.ts';
import { workerJobs } from './drills/jobs.ts';
import { sha256 } from './util/hash.ts';
import type { Services } from './services.ts';

export interface RunningServer {
  url: string;
  logger: Logger;
  services: Services;
  /** Stop accepting, tell participants to come back later, checkpoint every session, close storage. */
  close(): Promise<void>;
}

/** The server's signing secret: from the environment, or made once and kept beside the data. */
function secretFor(config: Config): string {
  if (config.secret) return config.secret;
  const file = join(config.dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export async function startServer(config: Config): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true });
  const logger = createLogger(config.logFormat, { instance: config.instanceId }, undefined, config.logLevel);
  const ops = new OpsMetrics();
  // Embedded: SQLite in DATA_DIR. Scale-out: PostgreSQL shared by every instance, Redis between them.
  let storage: SqliteStorage | PostgresStorage;
  let cluster: RedisCluster | undefined;
  // Drill state lives with the sessions: on PostgreSQL every instance grades and counts the same attempts.
  let drillStore: DrillStore;
  if (config.databaseUrl) {
    const pg = new PostgresStorage(config.databaseUrl, { maxConnections: config.databasePoolSize, log: (m) => logger.warn(m), steps: [POSTGRES_DRILL_STEPS] });
    try {
      await pg.open();
    } catch (e) {
      await pg.close().catch(() => undefined);
      throw new Error(`PostgreSQL (TWINLAB_DATABASE_URL) is unreachable: ${errorText(e)}`);
    }
    storage = ops.timeAppends(pg);
    drillStore = new PostgresDrillStore(pg);
    if (config.redisUrl) {
      cluster = new RedisCluster({
        redisUrl: config.redisUrl,
        storage: pg,
        instanceId: config.instanceId,
        logger,
        appendSeconds: ops.appendSeconds,
        onRevoked: (sessionId, jti) => rooms.closeInvitation(sessionId, jti, false),
      });
      try {
        await cluster.start();
      } catch (e) {
        await pg.close();
        throw e;
      }
    }
  } else {
    storage = ops.timeAppends(new SqliteStorage(join(config.dataDir, 'twinlab.sqlite'), config.durability));
    drillStore = new SqliteDrillStore(join(config.dataDir, 'drills.sqlite'));
  }
  const metrics = new ServerMetrics();
  const now = () => Date.now();
  const parsedScenarios = new Map<string, Scenario | undefined>();
  const rooms = new RoomManager(
    {
      storage,
      metrics,
      now,
      limits: config.limits,
      ...(cluster ? { cluster } : {}),
      log: (m) => logger.warn(m),
      sha256,
      parseScenario: (text) => {
        const key = sha256(text);
        if (!parsedScenarios.has(key)) {
          const r = parseScenario(text, 'session scenario');
          if (parsedScenarios.size > 256) parsedScenarios.clear();
          parsedScenarios.set(key, r.ok ? r.scenario : undefined);
        }
        return parsedScenarios.get(key);
      },
    },
    config.maxSessions,
    config.idleSeconds * 1000,
  );
  // Scenario texts from clients: parsed off the main thread (the catalog's own files are parsed inline).
  const parser = workerParser({ timeoutMs: 10_000, maxPending: 8, memoryMb: 512 });
  const runner = ops.timeRuns(workerRunner({ timeoutMs: config.runLimits.timeoutMs, memoryMb: config.runLimits.memoryMb, onSpawn: () => metrics.runWorkersStarted++ }));
  const drills = { store: drillStore, jobs: workerJobs(config.runTimeoutSeconds * 1000) };
  const services: Services = {
    storage,
    signer: new TokenSigner(secretFor(config)),
    rooms,
    metrics,
    now,
    startedAt: now(),
    scenariosDir: config.scenariosDir,
    clientDir: config.clientDir,
    parseScenario,
    parseInWorker: (text, file) => parser.parse(text, file),
    runner,
    drills,
    limits: { maxBodyBytes: config.maxBodyBytes, invitationMaxSeconds: 90 * 24 * 3600, leadTokenSeconds: 30 * 24 * 3600 },
    abuse: config.abuse,
    runLimits: config.runLimits,
    snapshotLimits: config.snapshotLimits,
    ops,
    logger,
    instanceId: config.instanceId,
    ...(cluster ? { cluster } : {}),
    ...(storage instanceof PostgresStorage ? { pingStorage: () => (storage as PostgresStorage).ping() } : {}),
  };
  const app = createApp(services);
  // Frames a bit over the limit reach the room, which closes with 4413 and a reason; ws drops
  // anything far larger itself (close 1009) before buffering it.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxMessageBytes * 4 });
  const server = createAdaptorServer({ fetch: app.fetch, websocket: { server: wss } });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const sweep = setInterval(() => rooms.sweep(now()).catch((e) => logger.error('unloading idle sessions failed', { err: e })), Math.min(30_000, config.idleSeconds * 500));
  sweep.unref();

  logger.info('listening', { event: 'start', port, storage: config.databaseUrl ? 'postgresql' : 'sqlite', mode: cluster ? 'cluster' : 'single' });
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    logger,
    services,
    close: () =>
      (closing ??= (async () => {
        ops.draining = true;
        clearInterval(sweep);
        const stopped = new Promise((r) => server.close(r));
        // Every room checkpoints (the lease holder, in a cluster) before storage and Redis close.
        await rooms.closeAll();
        for (const ws of wss.clients) ws.terminate();
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        await stopped;
        await runner.close();
        await parser.close();
        await drills.jobs.close();
        await drills.store.close();
        await cluster?.stop();
        await storage.close();
        logger.info('stopped: every session checkpointed, storage closed', { event: 'stop' });
      })()),
  };
}
