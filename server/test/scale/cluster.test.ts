import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCommands, sessionParts } from '@twinlab/shared/session/layout';
import type { ServerProcess } from '../support/server-process.ts';
import { api, createSession, invite } from '../support/clients.ts';
import { waitFor } from '../support/wait.ts';
import { startPostgres } from './support/postgres.ts';
import type { PostgresServer } from './support/postgres.ts';
import { startRedis } from './support/redis.ts';
import type { RedisServer } from './support/redis.ts';
import { startBalancer } from './support/balancer.ts';
import type { Balancer } from './support/balancer.ts';
import { commander, getJson, startInstance } from './support/cluster.ts';
import type { Commander } from './support/cluster.ts';

/**
 * Scale-out against real parts: two (or three) server processes, one PostgreSQL, one Redis, real
 * y-websocket participants. Nothing is mocked; Redis and instances are killed with SIGKILL.
 */
let postgres: PostgresServer;
let redis: RedisServer;
const servers: ServerProcess[] = [];
const participants: Commander[] = [];
const balancers: Balancer[] = [];

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
}, 60_000);

afterAll(async () => {
  for (const p of participants) p.destroy();
  for (const b of balancers) await b.close();
  for (const s of servers.reverse()) await s.dispose().catch(() => undefined);
  await redis?.stop();
  await postgres?.stop();
}, 60_000);

const instance = async (name: string, env: Record<string, string> = {}) => {
  const s = await startInstance(name, postgres.url, redis.url, env);
  servers.push(s);
  return s;
};
const track = (c: Commander) => (participants.push(c), c);
const commandsOf = (p: Commander) => readCommands(p.doc).commands;

describe('two instances sharing sessions through Redis and PostgreSQL', () => {
  it('bring participants on different instances of one session to the same document, in one command order', async () => {
    // A small compaction threshold: the log is folded several times while both instances write.
    const [a, b] = await Promise.all([instance('it-a', { TWINLAB_COMPACT_EVERY: '10' }), instance('it-b', { TWINLAB_COMPACT_EVERY: '10' })]);
    const s = await createSession(a.url);
    const wang = track(commander(a.wsUrl, s.id, await invite(a.url, s, 'engineer', 'Wang')));
    const li = track(commander(b.wsUrl, s.id, await invite(b.url, s, 'engineer', 'Li')));
    await Promise.all([wang.synced(), li.synced()]);
    wang.provider.awareness.setLocalStateField('name', 'Wang');

    // Both submit at the same time, each to its own instance: 2 × 25 commands racing for seq numbers.
    const replies = await Promise.all(
      Array.from({ length: 25 }, (_, i) => [
        wang.command({ type: 'set_config', node: 'counter', key: 'batch', value: i }),
        li.command({ type: 'throttle', node: 'risk', ordersPerSecond: 100 + i }),
      ]).flat(),
    );
    expect(replies.filter((r) => !r.ok)).toEqual([]);
    sessionParts(li.doc).chat.push([{ author: 'Li', text: 'counter drained on my side' }]);
    // chain-5hop has no runbook, so Wang's direct write is a note too (runbook entries: test/hostile/7-runbook-entries.test.ts).
    sessionParts(wang.doc).chat.push([{ author: 'Wang', text: 'counter stopped on mine' }]);

    await waitFor(() => commandsOf(wang).length === 50 && commandsOf(li).length === 50, 'both participants to hold 50 commands');
    await waitFor(() => sessionParts(wang.doc).chat.length === 2 && sessionParts(li.doc).chat.length === 2, 'both notes on both sides');
    // One total order: seq 0..49 with no gap or repeat, identical on both instances' participants.
    expect(commandsOf(wang).map((c) => c.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(commandsOf(li)).toEqual(commandsOf(wang));
    // Every acknowledged stamp is exactly what everyone sees.
    const acked = replies.map((r) => (r.ok ? r.command : undefined));
    expect(new Set(acked.map((c) => JSON.stringify(c)))).toEqual(new Set(commandsOf(li).map((c) => JSON.stringify(c))));
    // Presence crosses instances too.
    await waitFor(() => [...li.provider.awareness.getStates().values()].some((st) => (st as { name?: string }).name === 'Wang'), "Wang's presence on Li's side");
    // The REST view of either instance agrees.
    expect((await api<{ commands: number }>(b.url, `/api/sessions/${s.id}`, { token: s.leadToken })).body.commands).toBe(50);

    const metrics = await (await fetch(`${b.url}/metrics`)).text();
    expect(metrics).toMatch(/^twinlab_redis_up 1$/m);
    expect(metrics).toMatch(/^twinlab_cluster_received_total [1-9]\d*$/m);
    expect(metrics).toMatch(/^twinlab_storage_append_seconds_count [1-9]\d*$/m);
    // Exactly one instance holds the session's compaction lease and folds its log.
    const compactions = await Promise.all([a, b].map(async (x) => Number(/^twinlab_compactions_total (\d+)$/m.exec(await (await fetch(`${x.url}/metrics`)).text())?.[1])));
    expect(compactions.filter((n) => n > 0)).toHaveLength(1);
    expect(Math.max(...compactions)).toBeGreaterThanOrEqual(3);
    // A late joiner loads checkpoint + tail from PostgreSQL and gets the same log.
    const late = track(commander(b.wsUrl, s.id, s.leadToken));
    await late.synced();
    expect(commandsOf(late)).toEqual(commandsOf(wang));

    // The lead revokes Li's invitation on instance A: Li, connected to B, is closed with 4403.
    const list = await api<{ invitations: { jti: string; name: string }[] }>(a.url, `/api/sessions/${s.id}/invitations`, { token: s.leadToken });
    const jti = list.body.invitations.find((i) => i.name === 'Li')!.jti;
    expect((await api(a.url, `/api/sessions/${s.id}/invitations/${jti}`, { method: 'DELETE', token: s.leadToken })).status).toBe(200);
    await waitFor(() => li.closes.some((c) => c.code === 4403), 'Li to be closed with 4403 by the other instance');
  });

  it('loses no accepted command when an instance is killed, and its participants reconnect to the other', async () => {
    const [a, b] = await Promise.all([instance('kill-a', { TWINLAB_COMPACT_EVERY: '20' }), instance('kill-b', { TWINLAB_COMPACT_EVERY: '20' })]);
    const lb = await startBalancer([a.url, b.url]);
    balancers.push(lb);
    const s = await createSession(lb.url);
    const names = ['Wang', 'Li', 'Zhang', 'Chen'];
    const team = await Promise.all(names.map(async (n) => track(commander(lb.wsUrl, s.id, await invite(lb.url, s, 'engineer', n)))));
    await Promise.all(team.map((p) => p.synced()));
    expect(lb.counts.get(a.url)).toBeGreaterThan(0);
    expect(lb.counts.get(b.url)).toBeGreaterThan(0);

    const acked: unknown[] = [];
    let stop = false;
    const submitter = async (p: Commander, k: number) => {
      for (let i = 0; !stop; i++) {
        if (!p.provider.wsconnected) {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        // A command in flight when its instance dies gets no reply: it may or may not be stored.
        const reply = await Promise.race([
          p.command({ type: 'set_config', node: 'counter', key: 'step', value: k * 1000 + i }).catch(() => undefined),
          new Promise<undefined>((r) => setTimeout(() => r(undefined), 2_000)),
        ]);
        if (reply?.ok) acked.push(reply.command);
      }
    };
    const running = team.map((p, k) => submitter(p, k));
    await waitFor(() => acked.length >= 60, '60 acknowledged commands before the kill', 20_000);
    await a.kill9();
    const atKill = acked.length;
    await waitFor(() => acked.length >= atKill + 60, '60 more acknowledged commands after the kill', 30_000);
    stop = true;
    await Promise.all(running);

    // Everyone, including those who were on the killed instance, is on the survivor with all of it.
    await waitFor(() => team.every((p) => p.provider.wsconnected && p.provider.synced), 'everyone connected to the surviving instance', 20_000);
    const stored = (await api<{ commands: number }>(b.url, `/api/sessions/${s.id}`, { token: s.leadToken })).body.commands;
    await waitFor(() => team.every((p) => commandsOf(p).length === stored), `every participant to hold the ${stored} stored commands`, 20_000);
    const log = commandsOf(team[0]!);
    expect(log.map((c) => c.seq)).toEqual(Array.from({ length: log.length }, (_, i) => i));
    for (const p of team) expect(commandsOf(p)).toEqual(log);
    const inLog = new Set(log.map((c) => JSON.stringify(c)));
    expect(acked.filter((c) => !inLog.has(JSON.stringify(c)))).toEqual([]);
    expect(team.some((p) => p.closes.length > 0)).toBe(true);

    // Graceful stop of the survivor checkpoints; a fresh instance serves exactly the same log.
    expect(await b.stop()).toBe(0);
    const c = await instance('kill-c');
    const late = track(commander(c.wsUrl, s.id, s.leadToken));
    await late.synced();
    expect(commandsOf(late)).toEqual(log);
  });

  it('refuses commands with a clear reply while Redis is away, shows it in health, and recovers when it returns', async () => {
    const [a, b] = await Promise.all([instance('redis-a'), instance('redis-b')]);
    const s = await createSession(a.url);
    const wang = track(commander(a.wsUrl, s.id, await invite(a.url, s, 'engineer', 'Wang')));
    const li = track(commander(b.wsUrl, s.id, await invite(b.url, s, 'engineer', 'Li')));
    await Promise.all([wang.synced(), li.synced()]);
    expect((await wang.command({ type: 'set_config', node: 'counter', key: 'step', value: 1 })).ok).toBe(true);
    await waitFor(() => commandsOf(li).length === 1, 'the first command on the other instance');

    await redis.kill();
    await waitFor(async () => (await getJson<{ status: string }>(`${a.url}/healthz`)).body.status === 'degraded', 'health to show degraded', 15_000);
    const health = await getJson<{ ok: boolean; redis: string; problems: string[] }>(`${a.url}/healthz`);
    expect(health.status).toBe(200); // alive: liveness must not restart every instance for a Redis outage
    expect(health.body).toMatchObject({ ok: false, redis: 'down' });
    expect(health.body.problems.join(' ')).toMatch(/redis/i);
    const refused = await wang.command({ type: 'set_config', node: 'counter', key: 'step', value: 2 });
    expect(refused).toMatchObject({ ok: false });
    expect(!refused.ok && refused.error).toMatch(/Redis.*unavailable.*try again/);
    const rest = await api(a.url, `/api/sessions/${s.id}/commands`, { token: s.leadToken, body: { type: 'set_load', multiplier: 3 } });
    expect(rest.status).toBe(503);
    expect(await (await fetch(`${a.url}/metrics`)).text()).toMatch(/^twinlab_redis_up 0$/m);
    // A note written during the outage is stored; it reaches the other instance after recovery.
    sessionParts(wang.doc).chat.push([{ author: 'Wang', text: 'Redis is down, holding the cutover' }]);
    expect(a.output()).toMatch(/"level":"error"[^\n]*"msg":"redis unavailable/);

    await redis.restart();
    await waitFor(async () => (await getJson<{ ok: boolean }>(`${a.url}/healthz`)).body.ok && (await getJson<{ ok: boolean }>(`${b.url}/healthz`)).body.ok, 'both instances healthy again', 20_000);
    const again = await wang.command({ type: 'set_config', node: 'counter', key: 'step', value: 4 });
    expect(again.ok).toBe(true);
    await waitFor(() => commandsOf(li).length === 2 && sessionParts(li.doc).chat.length === 1, 'the new command and the outage note on the other instance', 15_000);
    expect(commandsOf(li)).toEqual(commandsOf(wang));
    expect(commandsOf(li).map((c) => c.seq)).toEqual([0, 1]);
    expect(a.output()).toMatch(/"msg":"redis is back/);
  });
});
