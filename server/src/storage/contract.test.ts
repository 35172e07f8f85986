import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SqliteStorage } from './sqlite.ts';
import { PostgresStorage } from './postgres.ts';
import type { Storage } from './types.ts';
import { startPostgres } from '../../test/scale/support/postgres.ts';
import type { PostgresServer } from '../../test/scale/support/postgres.ts';

/**
 * The storage contract, run against SQLite (one process) and a real PostgreSQL (scale-out): the
 * server must not be able to tell them apart. Each case gets a fresh database; `open()` gives a
 * new handle on it, like a restarted or a second server instance.
 */
interface Backend {
  name: string;
  fresh(): Promise<{ open(): Storage; dispose(): Promise<void> }>;
}

let postgres: PostgresServer;
let n = 0;

const backends: Backend[] = [
  {
    name: 'SQLite',
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'twinlab-contract-'));
      return { open: () => new SqliteStorage(join(dir, 'db.sqlite'), 'normal'), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    async fresh() {
      const db = `contract_${++n}`;
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${db}`);
      await admin.end();
      const url = postgres.url.replace(/\/postgres$/, `/${db}`);
      return {
        open: () => new PostgresStorage(url),
        dispose: async () => undefined,
      };
    },
  },
];

beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
}, 60_000);

const record = (id: string, createdAt = 1) => ({ id, title: `Drill ${id}`, scenarioId: 'small-broker', createdAt, createdBy: 'Li' });
const u = (...bytes: number[]) => new Uint8Array(bytes);

describe.each(backends)('storage contract on $name', (backend) => {
  const withDb = async (work: (open: () => Storage) => Promise<void>) => {
    const db = await backend.fresh();
    try {
      await work(db.open);
    } finally {
      await db.dispose();
    }
  };

  it('keeps the initial state and appended updates in order, across a reopen', () =>
    withDb(async (open) => {
      const a = open();
      await a.createSession(record('s1'), u(1));
      const first = await a.appendUpdates('s1', [u(2), u(3)]);
      const second = await a.appendUpdates('s1', [u(4)]);
      expect(second).toBeGreaterThan(first);
      await a.close();
      const b = open();
      const loaded = await b.loadSession('s1');
      expect(loaded).toEqual({ record: record('s1'), checkpoint: null, updates: [u(1), u(2), u(3), u(4)], lastUpdateId: second });
      expect(await b.loadSession('nope')).toBeUndefined();
      await b.close();
    }));

  it('folds the log into a checkpoint and loads checkpoint plus tail', () =>
    withDb(async (open) => {
      const db = open();
      await db.createSession(record('s1'), u(1));
      const upTo = await db.appendUpdates('s1', [u(2), u(3)]);
      await db.compact('s1', u(9, 9), upTo);
      const last = await db.appendUpdates('s1', [u(4)]);
      const loaded = await db.loadSession('s1');
      expect(loaded).toMatchObject({ checkpoint: u(9, 9), updates: [u(4)], lastUpdateId: last });
      expect((await db.getSession('s1'))?.updateCount).toBe(1);
      // A checkpoint that covers everything leaves no tail but keeps the last id.
      await db.compact('s1', u(8), last);
      expect(await db.loadSession('s1')).toMatchObject({ checkpoint: u(8), updates: [], lastUpdateId: last });
      await db.close();
    }));

  it('refuses updates for a session that does not exist, and a second session with the same id', () =>
    withDb(async (open) => {
      const db = open();
      await expect(db.appendUpdates('ghost', [u(1)])).rejects.toThrow();
      await db.createSession(record('s1'), u(1));
      await expect(db.createSession(record('s1'), u(2))).rejects.toThrow();
      expect((await db.loadSession('s1'))?.updates).toEqual([u(1)]);
      await db.close();
    }));

  it('keeps every update when two server instances append to one session at once', () =>
    withDb(async (open) => {
      const a = open();
      const b = open();
      await a.createSession(record('s1'), u(0));
      const writes: Promise<number>[] = [];
      for (let i = 1; i <= 40; i++) writes.push((i % 2 ? a : b).appendUpdates('s1', [u(i)]));
      const ids = await Promise.all(writes);
      expect(new Set(ids).size).toBe(40);
      const loaded = await a.loadSession('s1');
      expect(loaded?.updates.map((x) => x[0]).sort((x, y) => x! - y!)).toEqual(Array.from({ length: 41 }, (_, i) => i));
      expect(loaded?.lastUpdateId).toBe(Math.max(...ids));
      await a.close();
      await b.close();
    }));

  it('lists sessions newest first, with a limit and a count of the log', () =>
    withDb(async (open) => {
      const db = open();
      await db.createSession(record('old', 10), u(1));
      await db.createSession(record('new', 20), u(1));
      await db.appendUpdates('new', [u(2)]);
      const list = await db.listSessions(10);
      expect(list.map((s) => [s.id, s.updateCount])).toEqual([
        ['new', 2],
        ['old', 1],
      ]);
      expect((await db.listSessions(1)).map((s) => s.id)).toEqual(['new']);
      expect(await db.getSession('missing')).toBeUndefined();
      await db.close();
    }));

  it('records invitations per session and revokes one only in its own session, once', () =>
    withDb(async (open) => {
      const db = open();
      await db.createSession(record('s1'), u(1));
      await db.createSession(record('s2'), u(1));
      const inv = { jti: 'j1', sessionId: 's1', role: 'engineer' as const, name: 'Wang', createdAt: 1, expiresAt: 2_000_000_000_000, revokedAt: null };
      await db.saveInvitation(inv);
      await db.saveInvitation({ ...inv, jti: 'j2', sessionId: 's2', role: 'observer' });
      expect(await db.getInvitation('j1')).toEqual(inv);
      expect(await db.revokeInvitation('s2', 'j1', 5)).toBeUndefined();
      expect(await db.revokeInvitation('s1', 'j1', 5)).toEqual({ ...inv, revokedAt: 5 });
      expect((await db.revokeInvitation('s1', 'j1', 9))?.revokedAt).toBe(5);
      expect(await db.listInvitations('s1')).toEqual([{ ...inv, revokedAt: 5 }]);
      expect((await db.listInvitations('s2')).map((i) => i.jti)).toEqual(['j2']);
      expect(await db.getInvitation('nope')).toBeUndefined();
      await db.close();
    }));
});
