/**
 * `npm run bench` (infra): the load generator against one instance (embedded SQLite) and against
 * two instances (PostgreSQL + Redis, participants of every session split across both), with the
 * same sessions × participants and command rate, in the same run, on loopback.
 *
 *   LOAD_SESSIONS=50 LOAD_PARTICIPANTS=20 LOAD_RATE=20 LOAD_SECONDS=20 npm run bench -w @twinlab/infra
 *   LOAD_SETUPS=two npm run bench -w @twinlab/infra        only the scale-out setup
 */
import { startServerProcess } from '../../server/test/support/server-process.ts';
import type { ServerProcess } from '../../server/test/support/server-process.ts';
import { startPostgres } from '../../server/test/scale/support/postgres.ts';
import { startRedis } from '../../server/test/scale/support/redis.ts';
import { startInstance } from '../../server/test/scale/support/cluster.ts';
import { runLoad } from './generator.ts';
import type { LoadOptions, LoadResult } from './generator.ts';
import { table } from './report.ts';

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name}=${process.env[name]}: expected a positive number`);
  return v;
};

const base = {
  sessions: num('LOAD_SESSIONS', 50),
  participantsPerSession: num('LOAD_PARTICIPANTS', 20),
  seconds: num('LOAD_SECONDS', 20),
  warmupSeconds: num('LOAD_WARMUP_SECONDS', 3),
  drainSeconds: num('LOAD_DRAIN_SECONDS', 10),
  commandsPerSecond: num('LOAD_RATE', 20), // 1 command per participant every 50 s: faster than any rehearsal
  scenarioId: process.env.LOAD_SCENARIO ?? 'chain-5hop',
  seed: 42,
  log: (l: string) => console.log(l),
};
const SETUPS = (process.env.LOAD_SETUPS ?? 'one,two').split(',');

async function one(): Promise<LoadResult> {
  const server = await startServerProcess({ TWINLAB_DURABILITY: 'full' });
  try {
    return await runLoad({ ...base, apiUrl: server.url, syncUrls: [server.url] } satisfies LoadOptions);
  } finally {
    await server.stop();
    await server.dispose();
  }
}

async function two(): Promise<LoadResult> {
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  const servers: ServerProcess[] = [];
  try {
    servers.push(...(await Promise.all([startInstance('load-a', pg.url, redis.url), startInstance('load-b', pg.url, redis.url)])));
    return await runLoad({ ...base, apiUrl: servers[0]!.url, syncUrls: servers.map((s) => s.url) });
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
    `load: ${base.sessions} sessions × ${base.participantsPerSession} participants (real y-websocket clients), ${base.commandsPerSecond} commands/s, ` +
      `${base.seconds} s measured after ${base.warmupSeconds} s warm-up, loopback, ${(await import('node:os')).cpus().length} CPUs`,
  );
  const rows: { setup: string; r: LoadResult }[] = [];
  if (SETUPS.includes('one')) {
    console.log('one instance (embedded SQLite, synchronous=FULL):');
    rows.push({ setup: 'one instance, SQLite', r: await one() });
    console.log(table(rows.slice(-1)));
  }
  if (SETUPS.includes('two')) {
    console.log('two instances (PostgreSQL + Redis Streams):');
    rows.push({ setup: 'two instances, PostgreSQL + Redis', r: await two() });
    console.log(table(rows.slice(-1)));
  }
  console.log('\n' + table(rows) + '\n');
  for (const { setup, r } of rows) {
    if (r.refusals.length) console.log(`  ${setup}: refused ${r.refused}: ${r.refusals.join(' | ')}`);
    console.log(`${r.lost === 0 && r.refused === 0 ? 'PASS' : 'MISS'} ${setup}: ${r.participants} participants, lost ${r.lost}, p99 ${r.p99.toFixed(1)} ms`);
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
