import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { hostname } from 'node:os';
import type { RoomLimits } from './sync/room.ts';
import { DEFAULT_LIMITS } from './sync/room.ts';
import type { Durability } from './storage/sqlite.ts';
import { LEVELS, type Level } from './ops/log.ts';
import { secretProblem } from './auth/tokens.ts';
import type { AbuseLimits } from './http/guards.ts';
import { DEFAULT_ABUSE_LIMITS } from './http/guards.ts';
import type { RunLimits } from './runs/limits.ts';
import { DEFAULT_RUN_LIMITS } from './runs/limits.ts';
import { DEFAULT_SNAPSHOT_LIMITS, type SnapshotLimits } from './runs/snapshot-route.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** From TWINLAB_SECRET; when absent the server makes one and keeps it in dataDir/secret. */
  secret: string | undefined;
  durability: Durability;
  scenariosDir: string;
  clientDir: string;
  limits: RoomLimits;
  maxSessions: number;
  idleSeconds: number;
  runTimeoutSeconds: number;
  runLimits: RunLimits;
  snapshotLimits: SnapshotLimits;
  abuse: AbuseLimits;
  maxBodyBytes: number;
  /** Scale-out: PostgreSQL instead of the embedded SQLite (TWINLAB_DATABASE_URL=postgres://…). */
  databaseUrl: string | undefined;
  /** Scale-out: share sessions with other instances through Redis Streams (needs databaseUrl). */
  redisUrl: string | undefined;
  /** Names this process in logs, metrics and Redis (default: host name and pid). */
  instanceId: string;
  logFormat: 'json' | 'text';
  /** LOG_LEVEL: the least severe level written (debug shows every probe and scrape). */
  logLevel: Level;
  /** PostgreSQL connections per instance. */
  databasePoolSize: number;
}

const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

/** Read the environment; a wrong value stops the server with the variable's name and what it takes. */
export function readConfig(env: NodeJS.ProcessEnv): Config {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name}=${raw}: expected an integer from ${min} to ${max}`);
    return n;
  };
  const durability = env.TWINLAB_DURABILITY ?? 'full';
  if (durability !== 'full' && durability !== 'normal') throw new Error(`TWINLAB_DURABILITY=${durability}: expected full (fsync every commit) or normal (survives a process crash only)`);
  const databaseUrl = env.TWINLAB_DATABASE_URL || undefined;
  const redisUrl = env.TWINLAB_REDIS_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error(`TWINLAB_DATABASE_URL: expected postgres://user:password@host:5432/database, got ${databaseUrl.split(':')[0]}:…`);
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new Error(`TWINLAB_REDIS_URL: expected redis://host:6379 (or rediss:// for TLS), got ${redisUrl.split(':')[0]}:…`);
  // Several instances must order one session's commands in one shared log: SQLite is per machine.
  if (redisUrl && !databaseUrl) throw new Error('TWINLAB_REDIS_URL needs TWINLAB_DATABASE_URL: instances sharing sessions must share one PostgreSQL database');
  // An invitation signed by one instance is checked by another: they must share the key.
  if (redisUrl && !env.TWINLAB_SECRET)
    throw new Error('TWINLAB_REDIS_URL needs TWINLAB_SECRET: every instance must verify the invitations the others sign (set the same value of 32+ characters on all)');
  const secretIssue = env.TWINLAB_SECRET ? secretProblem(env.TWINLAB_SECRET) : undefined;
  if (secretIssue) throw new Error(secretIssue);
  const logFormat = env.TWINLAB_LOG_FORMAT || 'json';
  if (logFormat !== 'json' && logFormat !== 'text') throw new Error(`TWINLAB_LOG_FORMAT=${logFormat}: expected json (one object per line) or text`);
  const logLevel = (env.LOG_LEVEL || 'info') as Level;
  if (!LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL=${env.LOG_LEVEL}: expected one of ${LEVELS.join(', ')}`);
  return {
    port: int('PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR || './data'),
    secret: env.TWINLAB_SECRET || undefined,
    durability,
    scenariosDir: resolve(env.SCENARIOS_DIR || repo('scenarios')),
    clientDir: resolve(env.CLIENT_DIR || repo('client/dist')),
    limits: {
      maxMessageBytes: int('TWINLAB_MAX_MESSAGE_BYTES', DEFAULT_LIMITS.maxMessageBytes, 1024, 256 * 1024 * 1024),
      messagesPerSecond: int('TWINLAB_MESSAGES_PER_SECOND', DEFAULT_LIMITS.messagesPerSecond, 1, 1_000_000),
      messageBurst: int('TWINLAB_MESSAGE_BURST', DEFAULT_LIMITS.messageBurst, 1, 1_000_000),
      maxBufferedBytes: int('TWINLAB_MAX_BUFFERED_BYTES', DEFAULT_LIMITS.maxBufferedBytes, 65536, 1024 * 1024 * 1024),
      compactEvery: int('TWINLAB_COMPACT_EVERY', DEFAULT_LIMITS.compactEvery, 1, 1_000_000),
    },
    maxSessions: int('TWINLAB_MAX_SESSIONS', 200, 1, 100_000),
    idleSeconds: int('TWINLAB_IDLE_SECONDS', 300, 1, 86_400),
    runTimeoutSeconds: int('TWINLAB_RUN_TIMEOUT_SECONDS', 120, 1, 3600),
    runLimits: {
      timeoutMs: int('TWINLAB_RUN_TIMEOUT_SECONDS', 120, 1, 3600) * 1000,
      memoryMb: int('TWINLAB_RUN_MEMORY_MB', DEFAULT_RUN_LIMITS.memoryMb, 32, 65_536),
      maxOrders: int('TWINLAB_RUN_MAX_ORDERS', DEFAULT_RUN_LIMITS.maxOrders, 1, 10_000_000_000),
    },
    snapshotLimits: {
      maxBytes: int('TWINLAB_SNAPSHOT_MAX_MB', DEFAULT_SNAPSHOT_LIMITS.maxBytes >> 20, 1, 65_536) * (1 << 20),
      cacheBytes: int('TWINLAB_SNAPSHOT_CACHE_MB', DEFAULT_SNAPSHOT_LIMITS.cacheBytes >> 20, 0, 65_536) * (1 << 20),
      cacheEntries: DEFAULT_SNAPSHOT_LIMITS.cacheEntries,
      bucketUs: int('TWINLAB_SNAPSHOT_BUCKET_SECONDS', DEFAULT_SNAPSHOT_LIMITS.bucketUs / 1e6, 1, 3600) * 1_000_000,
      perMinute: int('TWINLAB_SNAPSHOTS_PER_MINUTE', DEFAULT_SNAPSHOT_LIMITS.perMinute, 1, 10_000),
    },
    abuse: {
      sessionsPerClient: int('TWINLAB_SESSIONS_PER_CLIENT', DEFAULT_ABUSE_LIMITS.sessionsPerClient, 1, 1_000_000),
      validationsPerMinute: int('TWINLAB_VALIDATIONS_PER_MINUTE', DEFAULT_ABUSE_LIMITS.validationsPerMinute, 1, 1_000_000),
      commandsPerSecond: int('TWINLAB_MESSAGES_PER_SECOND', DEFAULT_LIMITS.messagesPerSecond, 1, 1_000_000),
      commandBurst: int('TWINLAB_MESSAGE_BURST', DEFAULT_LIMITS.messageBurst, 1, 1_000_000),
      socketsPerInvitation: int('TWINLAB_SOCKETS_PER_INVITATION', DEFAULT_ABUSE_LIMITS.socketsPerInvitation, 1, 10_000),
      runsPerSession: int('TWINLAB_RUNS_PER_SESSION', DEFAULT_ABUSE_LIMITS.runsPerSession, 1, 1000),
    },
    maxBodyBytes: int('TWINLAB_MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    databaseUrl,
    redisUrl,
    instanceId: env.TWINLAB_INSTANCE_ID || `${hostname()}-${process.pid}`,
    logFormat,
    logLevel,
    databasePoolSize: int('TWINLAB_DATABASE_POOL_SIZE', 20, 1, 1000),
  };
}
