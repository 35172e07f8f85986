import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DrillResult } from '@twinlab/shared/drill/grade';
import { SqliteDrillStore } from './sqlite-store.ts';
import { PostgresDrillStore } from './postgres-store.ts';
import { POSTGRES_DRILL_STEPS } from './migrations.ts';
import { PostgresStorage } from '../storage/postgres.ts';
import type { DrillStore } from './store.ts';
import { startPostgres, type PostgresServer } from '../../test/scale/support/postgres.ts';

/**
 * The drill store's contract on SQLite (embedded) and a real PostgreSQL (scale-out). `open()` is a
 * new handle on the same database: a restarted instance, or a second one beside the first.
 */
interface Backend {
  name: string;
  fresh(): Promise<{ open(): DrillStore; dispose(): Promise<void> }>;
}

let postgres: PostgresServer;
let n = 0;

const backends: Backend[] = [
  {
    name: 'SQLite',
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'twinlab-drills-'));
      return { open: () => new SqliteDrillStore(join(dir, 'drills.sqlite')), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    async fresh() {
      const db = `drills_${++n}`;
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${db}`);
      await admin.end();
      const url = postgres.url.replace(/\/postgres$/, `/${db}`);
      return {
        open: () => {
          const storage = new PostgresStorage(url, { steps: [POSTGRES_DRILL_STEPS] });
          const store = new PostgresDrillStore(storage);
          return Object.assign(store, { close: () => storage.close() });
        },
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

const result = (drillId: string, score: number, passed: boolean): DrillResult => ({
  drillId,
  title: `Drill ${drillId}`,
  seed: 7,
  start: 33_000_000_000,
  end: 34_800_000_000,
  endHash: 'ab12',
  samples: 31,
  commandsApplied: 3,
  score,
  passed,
  reasons: passed ? [] : ['orders lost at the open'],
  objectivesPoints: score,
  penalties: [{ kind: 'hints', points: 5, detail: '1 hint asked for', values: { n: 1 } }],
  objectives: [],
  timeUsed: 120_000_000,
  hintsUsed: [0],
  lostOrders: 0,
  slaBreachUs: 0,
});

describe.each(backends)('drill store contract on $name', (backend) => {
  const withStore = async (work: (open: () => DrillStore) => Promise<void>) => {
    const db = await backend.fresh();
    try {
      await work(db.open);
    } finally {
      await db.dispose();
    }
  };

  it('keeps the drill text a session started from, its hints, result and attempts across a restart', () =>
    withStore(async (open) => {
      const a = open();
      await a.startDrill('s1', 'surge-open', 'drill: v1');
      await a.addHint('s1', { hint: 1, actor: 'Wang', at: 33_100_000_000 });
      await a.addHint('s1', { hint: 0, actor: 'Li', at: 33_200_000_000 });
      await a.saveResult('s1', 'Wang', result('surge-open', 80, true), 1_000, true);
      await a.close();
      const b = open();
      expect(await b.startedDrill('s1')).toEqual({ drillId: 'surge-open', text: 'drill: v1' });
      expect(await b.startedDrill('nope')).toBeUndefined();
      expect(await b.hints('s1')).toEqual([
        { hint: 1, actor: 'Wang', at: 33_100_000_000 },
        { hint: 0, actor: 'Li', at: 33_200_000_000 },
      ]);
      expect(await b.result('s1')).toEqual(result('surge-open', 80, true));
      expect(await b.result('nope')).toBeUndefined();
      expect(await b.attempts('Wang')).toEqual([{ person: 'Wang', drillId: 'surge-open', sessionId: 's1', score: 80, passed: true, gradedAt: 1_000 }]);
      await b.close();
    }));

  it('records a hint once per session: the first asker counts, even when two instances take it at once', () =>
    withStore(async (open) => {
      const a = open();
      const b = open();
      const asked = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).addHint('s1', { hint: 2, actor: `p${i}`, at: 1_000 + i })));
      expect(asked.filter((x) => x.added)).toHaveLength(1);
      const first = asked.find((x) => x.added)!.record;
      expect(asked.every((x) => x.record.actor === first.actor)).toBe(true);
      expect(await a.hints('s1')).toEqual([first]);
      expect(await b.hints('other')).toEqual([]);
      await a.close();
      await b.close();
    }));

  it('keeps the latest result per session and counts attempts only when asked, one per person and session', () =>
    withStore(async (open) => {
      const db = open();
      await db.saveResult('s1', 'Wang', result('surge-open', 40, false), 10, true);
      await db.saveResult('s1', 'Wang', result('surge-open', 90, true), 20, true);
      await db.saveResult('s2', 'Wang', result('counter-failover', 70, true), 30, false);
      await db.saveResult('s3', 'Wang', result('counter-failover', 55, false), 40, true);
      await db.saveResult('s3', 'Li', result('counter-failover', 60, true), 50, true);
      expect((await db.result('s1'))?.score).toBe(90);
      expect((await db.result('s2'))?.score).toBe(70);
      expect(await db.attempts('Wang')).toEqual([
        { person: 'Wang', drillId: 'surge-open', sessionId: 's1', score: 90, passed: true, gradedAt: 20 },
        { person: 'Wang', drillId: 'counter-failover', sessionId: 's3', score: 55, passed: false, gradedAt: 40 },
      ]);
      expect((await db.attempts('Li')).map((x) => x.sessionId)).toEqual(['s3']);
      expect(await db.attempts('Zhao')).toEqual([]);
      await db.close();
    }));

  it('numbers saved scenario versions 1, 2, 3 per scenario, without a repeat when two instances save at once', () =>
    withStore(async (open) => {
      const a = open();
      const b = open();
      const v = (i: number) => ({ scenarioId: 'small-broker', text: `v${i}`, author: 'Wang', savedAt: i, fromSession: i === 0 ? null : 's1' });
      const saved = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).saveVersion(v(i))));
      expect(saved.map((s) => s.version).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      await a.saveVersion({ ...v(9), scenarioId: 'broker-dr' });
      const list = await b.versions('small-broker');
      expect(list.map((s) => s.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(list.find((s) => s.text === 'v0')).toMatchObject({ author: 'Wang', fromSession: null, savedAt: 0 });
      expect(await b.versions('broker-dr')).toEqual([{ scenarioId: 'broker-dr', version: 1, text: 'v9', author: 'Wang', savedAt: 9, fromSession: 's1' }]);
      await a.close();
      await b.close();
    }));
});
