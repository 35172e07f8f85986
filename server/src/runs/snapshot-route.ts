import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import type { Context, Hono } from 'hono';
import { formatClock } from '@twinlab/shared/scenario/units';
import { readClock, readMeta, readScenarioText } from '@twinlab/shared/session/layout';
import { simTimeAt } from '@twinlab/shared/session/clock';
import { hashValue } from '@twinlab/shared/engine/snapshot';
import type { AppEnv, Services } from '../services.ts';
import type { Room } from '../sync/room.ts';
import type { Guards } from '../http/guards.ts';
import { KeyedBuckets } from '../http/guards.ts';
import { DEFAULT_RUN_LIMITS, planRun } from './limits.ts';
import { parseUntil } from './routes.ts';
import { appliedBy } from './snapshot-run.ts';
import { SnapshotCache, type CachedSnapshot } from './snapshot-cache.ts';

/** What late joiners may make the server spend (TWINLAB_SNAPSHOT_*). */
export interface SnapshotLimits {
  /** The largest snapshot served; a bigger one is refused and the joiner replays (TWINLAB_SNAPSHOT_MAX_MB). */
  maxBytes: number;
  /** Snapshots kept for all sessions together (TWINLAB_SNAPSHOT_CACHE_MB), and how many. */
  cacheBytes: number;
  cacheEntries: number;
  /** Snapshots are taken at whole multiples of this from the window's start (TWINLAB_SNAPSHOT_BUCKET_SECONDS, simulated). */
  bucketUs: number;
  /** Snapshot requests per invitation per minute (TWINLAB_SNAPSHOTS_PER_MINUTE). */
  perMinute: number;
}

export const DEFAULT_SNAPSHOT_LIMITS: SnapshotLimits = { maxBytes: 256 << 20, cacheBytes: 512 << 20, cacheEntries: 32, bucketUs: 60_000_000, perMinute: 12 };

// In libuv's thread pool, not on the thread that serves the sessions.
const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

/** The snapshot's time: the start of the bucket `t` falls in, inside the window. */
export function bucketOf(t: number, windowStart: number, windowEnd: number, bucketUs: number): number {
  const inside = Math.max(windowStart, Math.min(t, windowEnd));
  return windowStart + Math.floor((inside - windowStart) / bucketUs) * bucketUs;
}

type Built = { ok: true; entry: CachedSnapshot; source: 'run' | 'resumed' } | { ok: false; status: 413 | 422 | 429; error: string };

/**
 * GET /api/sessions/:id/snapshot?until=…: the state at (or just before) a simulated time, built by
 * the run worker, for a participant joining a running session (client/src/app/engine/late-join.ts).
 * Never later than the shared clock: a command can still be stamped at any time after it, and a
 * snapshot must hold every command at or before its time.
 */
export function registerSnapshotRoute(
  app: Hono<AppEnv>,
  services: Services,
  guards: Guards,
  roomOf: (c: Context<AppEnv>) => Promise<Room | Response>,
  limits: SnapshotLimits = services.snapshotLimits ?? DEFAULT_SNAPSHOT_LIMITS,
): SnapshotCache {
  const cache = new SnapshotCache(limits.cacheBytes, limits.cacheEntries);
  const requests = new KeyedBuckets(limits.perMinute / 60, limits.perMinute);
  // Snapshots found too big, so asking again does not cost another run of the day (bounded: oldest forgotten).
  const tooBig = new Map<string, string>();

  app.get('/:id/snapshot', async (c) => {
    if (!requests.take(c.var.invitation.jti, services.now())) {
      services.metrics.httpRateLimited++;
      return c.json({ error: `more than ${limits.perMinute} snapshot requests a minute on this invitation (TWINLAB_SNAPSHOTS_PER_MINUTE): wait a little` }, 429);
    }
    const room = await roomOf(c);
    if (room instanceof Response) return room;
    const asked = parseUntil(c.req.query('until'), room, services.now());
    if (!asked.ok) return c.json({ error: asked.error }, 400);
    const meta = readMeta(room.doc);
    if (!meta) return c.json({ error: 'the session document has no settings (meta)' }, 409);
    const scenario = room.scenario();
    if (!scenario) return c.json({ error: "the session's scenario does not load: see GET …/run for its errors" }, 422);
    const clock = readClock(room.doc);
    const clockNow = clock ? simTimeAt(clock, services.now()) : asked.until;
    const time = bucketOf(Math.min(asked.until, clockNow), scenario.window.start, scenario.window.end, limits.bucketUs);
    const commands = [...room.commands()];
    const scenarioText = readScenarioText(room.doc);
    const base = `${room.id}|${hashValue(scenarioText)}|${meta.seed}`;
    const at = appliedBy(commands, time);
    const key = SnapshotCache.key(base, time, at.applied, at.lastSeq);

    const refused = tooBig.get(key);
    if (refused) return c.json({ error: refused }, 413);
    const cached = cache.get(key);
    const built: Built = cached
      ? { ok: true, entry: cached, source: 'run' }
      : await cache.once(key, async (): Promise<Built> => {
          const plan = planRun(scenario, commands, time, services.runLimits ?? DEFAULT_RUN_LIMITS);
          if (!plan.ok) return { ok: false, status: 422, error: plan.error };
          if (!guards.runs.take(room.id)) {
            services.metrics.runsRefused++;
            return { ok: false, status: 429, error: `this session already has ${guards.runs.max} runs running or waiting (TWINLAB_RUNS_PER_SESSION=${guards.runs.max}): wait for them` };
          }
          const from = cache.latestBefore(base, time, (t) => appliedBy(commands, t));
          const inputs = { scenarioText, seed: meta.seed, commands, until: time, snapshot: true, ...(from ? { from: new Uint8Array(await gunzip(from.bytes)) } : {}) };
          const result = await services.runner.run(inputs, { heavy: plan.heavy }).finally(() => guards.runs.give(room.id));
          if (!result.ok) return { ok: false, status: 422, error: result.error };
          const bytes = result.output.snapshot;
          if (!bytes) return { ok: false, status: 422, error: 'the run gave no snapshot' };
          if (bytes.byteLength > limits.maxBytes) {
            const error = `the snapshot at ${formatClock(time)} is ${sizeText(bytes.byteLength)}, over the limit of ${sizeText(limits.maxBytes)} (TWINLAB_SNAPSHOT_MAX_MB): replay from the start instead`;
            if (tooBig.size >= 1024) tooBig.delete(tooBig.keys().next().value!);
            tooBig.set(key, error);
            return { ok: false, status: 413, error };
          }
          // Level 1: most of a snapshot is untouched book, which any level squeezes; higher levels cost 3× the time for 20% less.
          const entry = { base, time: result.output.until, ...at, stateHash: result.output.stateHash, bytes: new Uint8Array(await gzip(bytes, { level: 1 })), rawBytes: bytes.byteLength };
          cache.put(key, entry);
          return { ok: true, entry, source: from ? 'resumed' : 'run' };
        });
    if (!built.ok) return c.json({ error: built.error }, built.status);
    const { entry } = built;
    const gzipped = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const body = gzipped ? entry.bytes : new Uint8Array(await gunzip(entry.bytes));
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/octet-stream',
      ...(gzipped ? { 'content-encoding': 'gzip' } : {}),
      vary: 'accept-encoding',
      'cache-control': 'no-store',
      'x-twinlab-snapshot-bytes': String(entry.rawBytes),
      'x-twinlab-sim-time': String(entry.time),
      'x-twinlab-state-hash': entry.stateHash,
      'x-twinlab-applied': String(entry.applied),
      'x-twinlab-snapshot': cached ? 'cached' : built.source,
    });
  });
  return cache;
}

/** Sizes in the words of the limit's setting (MB), precise enough that a size never reads as its limit. */
export function sizeText(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
