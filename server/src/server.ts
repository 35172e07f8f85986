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
import { RoomManager } from './sync/rooms.ts';
import { ServerMetrics } from './sync/metrics.ts';
import { workerRunner } from './runs/runner.ts';
import { sha256 } from './util/hash.ts';
import type { Services } from './services.ts';

export interface RunningServer {
  url: string;
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
  const storage = new SqliteStorage(join(config.dataDir, 'twinlab.sqlite'), config.durability);
  const metrics = new ServerMetrics();
  const now = () => Date.now();
  const parsedScenarios = new Map<string, Scenario | undefined>();
  const rooms = new RoomManager(
    {
      storage,
      metrics,
      now,
      limits: config.limits,
      log: (m) => console.error(m),
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
  const runner = workerRunner(config.runTimeoutSeconds * 1000);
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
    runner,
    limits: { maxBodyBytes: config.maxBodyBytes, invitationMaxSeconds: 90 * 24 * 3600, leadTokenSeconds: 30 * 24 * 3600 },
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
  const sweep = setInterval(() => rooms.sweep(now()).catch((e) => console.error('unloading idle sessions failed:', e)), Math.min(30_000, config.idleSeconds * 500));
  sweep.unref();

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    services,
    close: () =>
      (closing ??= (async () => {
        clearInterval(sweep);
        const stopped = new Promise((r) => server.close(r));
        await rooms.closeAll();
        for (const ws of wss.clients) ws.terminate();
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        await stopped;
        await runner.close();
        await storage.close();
      })()),
  };
}
