/**
 * `npm run bench` (infra): the load generator driven to saturation against one instance (embedded
 * SQLite) and against two instances (PostgreSQL + Redis, participants of every session split
 * across both), with the same sessions × participants, in the same run, on loopback. The same
 * connected participants are driven at rising rates (20, 40, 80, … commands/s); the result is the
 * highest rate carried with nothing lost or refused and p99 delivery under 50 ms, with the curve.
 *
 *   npm run bench -w @twinlab/infra                                         1,000 participants, 20 → 5,120/s
 *   LOAD_RATES=50,100 LOAD_SECONDS=5 LOAD_SETUPS=two npm run bench -w @twinlab/infra
 *   LOAD_SESSIONS=2 LOAD_PARTICIPANTS=3 LOAD_RATES=10,20 LOAD_SECONDS=1 LOAD_WARMUP_SECONDS=1   a smoke check
 */
import { startServerProcess } from '../../server/test/support/server-process.ts';
import type { ServerProcess } from '../../server/test/support/server-process.ts';
import { startPostgres } from '../../server/test/scale/support/postgres.ts';
import { startRedis } from '../../server/test/scale/support/redis.ts';
import { startInstance } from '../../server/test/scale/support/cluster.ts';
import { openLoad } from './generator.ts';
import { curve, P99_LIMIT_MS, rates, sweep, type Step } from './saturation.ts';
import { table } from './report.ts';

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name}=${process.env[name]}: expected a positive number`);
  return v;
};

const base = {
  sessions: num('LOAD_SESSIONS', 50),
  participantsPerSession: num('LOAD_PARTICIPANTS', 20),
  seconds: num('LOAD_SECONDS', 10),
  warmupSeconds: num('LOAD_WARMUP_SECONDS', 2),
  drainSeconds: num('LOAD_DRAIN_SECONDS', 10),
  scenarioId: process.env.LOAD_SCENARIO ?? 'chain-5hop',
  seed: 42,
  log: (l: string) => console.log(l),
};
const SETUPS = (process.env.LOAD_SETUPS ?? 'one,two').split(',');
// 20/s is one command per participant every 50 s, the old fixed rate; each step doubles it.
const RATES = process.env.LOAD_RATES ? process.env.LOAD_RATES.split(',').map(Number) : rates(num('LOAD_RATE_START', 20), num('LOAD_RATE_FACTOR', 2), num('LOAD_RATE_MAX', 5120));

async function drive(apiUrl: string, syncUrls: string[]) {
  const load = await openLoad({ ...base, apiUrl, syncUrls });
  try {
    return await sweep(load, RATES, { warmupSeconds: base.warmupSeconds, seconds: base.seconds, log: base.log });
  } finally {
    load.close();
  }
}

async function one() {
  const server = await startServerProcess({ TWINLAB_DURABILITY: 'full', LOG_LEVEL: 'warn' });
  try {
    return await drive(server.url, [server.url]);
  } finally {
    await server.stop();
    await server.dispose();
  }
}

async function two() {
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  const servers: ServerProcess[] = [];
  try {
    servers.push(...(await Promise.all([startInstance('load-a', pg.url, redis.url, { LOG_LEVEL: 'warn' }), startInstance('load-b', pg.url, redis.url, { LOG_LEVEL: 'warn' })])));
    return await drive(
      servers[0]!.url,
      servers.map((s) => s.url),
    );
  } finally {
    for (const s of servers) {
      await s.stop();
      await s.dispose();
    }
    await redis.stop();
    await pg.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `load: ${base.sessions} sessions × ${base.participantsPerSession} participants (real y-websocket clients), rates ${RATES.join(', ')} commands/s, ` +
      `${base.seconds} s measured per step after ${base.warmupSeconds} s warm-up, loopback, ${(await import('node:os')).cpus().length} CPUs`,
  );
  const runs: { setup: string; steps: Step[]; saturation: number | undefined }[] = [];
  for (const [key, setup, run] of [
    ['one', 'one instance, SQLite FULL', one],
    ['two', 'two instances, PostgreSQL + Redis', two],
  ] as const) {
    if (!SETUPS.includes(key)) continue;
    console.log(`${setup}:`);
    runs.push({ setup, ...(await run()) });
  }
  for (const { setup, steps } of runs) {
    console.log(`\n${setup}: p99 delivery by commands/s (the bar's middle is ${P99_LIMIT_MS} ms)\n${curve(steps)}`);
    console.log(table(steps.map((s) => ({ setup: `${s.rate}/s`, r: s.r }))));
  }
  console.log('');
  for (const { setup, steps, saturation } of runs) {
    const p = steps.find((s) => s.rate === saturation);
    console.log(
      saturation === undefined
        ? `${setup}: not even ${steps[0]?.rate} commands/s carried (p99 < ${P99_LIMIT_MS} ms, nothing lost)`
        : `${setup}: carries ${saturation} commands/s (p99 ${p!.r.p99.toFixed(1)} ms < ${P99_LIMIT_MS} ms, nothing lost or refused)${steps.every((s) => s.ok) ? ' — the highest rate tried: raise LOAD_RATE_MAX' : ''}`,
    );
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
