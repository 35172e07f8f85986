import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClock } from '@twinlab/shared/scenario/units';
import type { DrillResult } from '@twinlab/shared/drill/grade';
import type { PathStep } from '@twinlab/shared/drill/path';
import type { ServerProcess } from '../support/server-process.ts';
import { api } from '../support/clients.ts';
import { startPostgres, type PostgresServer } from './support/postgres.ts';
import { startRedis, type RedisServer } from './support/redis.ts';
import { startInstance } from './support/cluster.ts';

/**
 * Drill state in scale-out mode, on real PostgreSQL and Redis: whatever instance a trainee's
 * requests reach, their hints, grade and learning path are the same, and a new pod with an empty
 * DATA_DIR (what an emptyDir gives after a restart) still has them.
 */
let postgres: PostgresServer;
let redis: RedisServer;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
}, 60_000);
afterAll(async () => {
  for (const s of servers.reverse()) await s.dispose().catch(() => undefined);
  await redis?.stop();
  await postgres?.stop();
}, 60_000);

const instance = async (name: string) => {
  const s = await startInstance(name, postgres.url, redis.url);
  servers.push(s);
  return s;
};

describe('drills on two instances sharing PostgreSQL and Redis', () => {
  it("grade a trainee's attempt on one instance and count it on the other, and keep it across a restart", async () => {
    const [a, b] = await Promise.all([instance('drill-a'), instance('drill-b')]);
    const started = await api<{ session: { id: string }; token: string }>(a.url, '/api/drills/gateway-crash/sessions', { body: { trainee: '小李' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const { token } = started.body;
    const id = started.body.session.id;
    const call = <T = Record<string, unknown>>(s: ServerProcess, path: string, body?: unknown) => api<T>(s.url, `/api/sessions/${id}/${path}`, { token, ...(body === undefined ? {} : { body }) });

    // The trainee's requests land on either instance, as behind a load balancer.
    expect((await call(b, 'clock', { action: 'seek', to: parseClock('10:02:30') })).status).toBe(200);
    expect((await call(a, 'commands', { type: 'restart_node', node: 'gw-sse' })).status).toBe(201);
    expect((await call(b, 'drill/hints', { hint: 0 })).status).toBe(201);
    // Asked again on the other instance: the same record, not a second charge.
    const again = await call<{ actor: string }>(a, 'drill/hints', { hint: 0 });
    expect([again.status, again.body.actor]).toEqual([200, '小李']);

    const graded = await call<{ result: DrillResult; counted: boolean }>(a, 'drill/grade', {});
    expect(graded.status, JSON.stringify(graded.body)).toBe(200);
    expect(graded.body.counted).toBe(true);
    expect(graded.body.result).toMatchObject({ drillId: 'gateway-crash', passed: true });

    const seenOn = async (s: ServerProcess) => ({
      result: (await call<{ result: DrillResult }>(s, 'drill/result')).body.result,
      path: (await call<{ path: (PathStep & { attempts: number })[] }>(s, 'drill/path')).body.path.find((p) => p.id === 'gateway-crash'),
      hints: (await call<{ hintsAsked: unknown[] }>(s, 'drill')).body.hintsAsked,
    });
    const onB = await seenOn(b);
    expect(onB.result).toEqual(graded.body.result);
    expect(onB.path).toMatchObject({ status: 'passed', attempts: 1 });
    expect(onB.hints).toHaveLength(1);

    // Both pods replaced; the new one starts with an empty DATA_DIR.
    await a.stop();
    await b.stop();
    const c = await instance('drill-c');
    expect(await seenOn(c)).toEqual(onB);
  });
});
