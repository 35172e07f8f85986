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
      await a.startDrill('s2', 'surge-open', 'drill: v1', { personId: 'p-wang', jti: 'j-2' });
      await a.addHint('s1', { hint: 1, actor: 'Wang', at: 33_100_000_000 });
      await a.addHint('s1', { hint: 0, actor: 'Li', at: 33_200_000_000 });
      await a.saveResult('s1', 'Wang', result('surge-open', 80, true), 1_000, { actions: 2 });
      await a.close();
      const b = open();
      expect(await b.startedDrill('s1')).toEqual({ drillId: 'surge-open', text: 'drill: v1' });
      expect(await b.startedDrill('s2')).toEqual({ drillId: 'surge-open', text: 'drill: v1', owner: { personId: 'p-wang', jti: 'j-2' } });
      expect(await b.startedDrill('nope')).toBeUndefined();
      expect(await b.hints('s1')).toEqual([
        { hint: 1, actor: 'Wang', at: 33_100_000_000 },
        { hint: 0, actor: 'Li', at: 33_200_000_000 },
      ]);
      expect(await b.result('s1')).toEqual(result('surge-open', 80, true));
      expect(await b.result('nope')).toBeUndefined();
      expect(await b.attempts('Wang')).toEqual([
        { person: 'Wang', drillId: 'surge-open', sessionId: 's1', score: 80, passed: true, gradedAt: 1_000, timeUsed: 120_000_000, hintsUsed: 1, missed: [], actions: 2 },
      ]);
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
      await db.saveResult('s1', 'Wang', result('surge-open', 40, false), 10, { actions: 0 });
      await db.saveResult('s1', 'Wang', result('surge-open', 90, true), 20, { actions: 3 });
      await db.saveResult('s2', 'Wang', result('counter-failover', 70, true), 30, false);
      await db.saveResult('s3', 'Wang', result('counter-failover', 55, false), 40, { actions: 1 });
      await db.saveResult('s3', 'Li', result('counter-failover', 60, true), 50, { actions: 1 });
      expect((await db.result('s1'))?.score).toBe(90);
      expect((await db.result('s2'))?.score).toBe(70);
      expect(await db.attempts('Wang')).toEqual([
        { person: 'Wang', drillId: 'surge-open', sessionId: 's1', score: 90, passed: true, gradedAt: 20, timeUsed: 120_000_000, hintsUsed: 1, missed: [], actions: 3 },
        { person: 'Wang', drillId: 'counter-failover', sessionId: 's3', score: 55, passed: false, gradedAt: 40, timeUsed: 120_000_000, hintsUsed: 1, missed: [], actions: 1 },
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

  it('keeps people, their lead and tokens by hash across a restart; a token stops working when dropped or pushed out by newer ones', () =>
    withStore(async (open) => {
      const a = open();
      const lead = { id: 'p-lead', name: '王经理', role: 'lead' as const, leadId: null, createdAt: 1 };
      expect(await a.addPerson(lead, 2)).toBe('added');
      expect(await a.addPerson({ id: 'p-li', name: '小李', role: 'trainee', leadId: 'p-lead', createdAt: 3 }, 2)).toBe('added');
      expect(await a.addPerson({ id: 'p-chen', name: '小陈', role: 'trainee', leadId: 'p-lead', createdAt: 2 }, 2)).toBe('added');
      expect(await a.addPerson({ id: 'p-zhou', name: '小周', role: 'trainee', leadId: 'p-lead', createdAt: 4 }, 2)).toBe('full');
      for (const [i, h] of ['h1', 'h2', 'h3'].entries()) await a.addToken('p-li', h, 10 + i, 2);
      await a.addToken('p-lead', 'hl', 5, 2);
      await a.setPassword('p-li', 'scrypt$salted');
      await a.close();
      const b = open();
      expect(await b.person('p-lead')).toEqual(lead);
      expect(await b.person('p-zhou')).toBeUndefined();
      expect((await b.trainees('p-lead')).map((p) => p.name)).toEqual(['小陈', '小李']);
      expect(await b.trainees('p-li')).toEqual([]);
      expect(await b.personOfToken('h1')).toBeUndefined(); // only the newest two are kept
      expect((await b.personOfToken('h3'))?.id).toBe('p-li');
      expect((await b.personOfToken('hl'))?.role).toBe('lead');
      expect(await b.passwordOf('p-li')).toBe('scrypt$salted');
      expect(await b.passwordOf('p-chen')).toBeUndefined();
      await b.dropTokens('p-li');
      expect(await b.personOfToken('h2')).toBeUndefined();
      expect(await b.personOfToken('h3')).toBeUndefined();
      expect((await b.personOfToken('hl'))?.id).toBe('p-lead');
      await b.close();
    }));

  it('never lets a lead pass the trainee limit, even when two instances add trainees at once', () =>
    withStore(async (open) => {
      const a = open();
      const b = open();
      await a.addPerson({ id: 'lead', name: 'L', role: 'lead', leadId: null, createdAt: 0 }, 5);
      const added = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).addPerson({ id: `t${i}`, name: `T${i}`, role: 'trainee', leadId: 'lead', createdAt: i }, 5)));
      expect(added.filter((x) => x === 'added')).toHaveLength(5);
      expect(await a.trainees('lead')).toHaveLength(5);
      await a.close();
      await b.close();
    }));

  it('records what an attempt used and where it failed, and reads several people at once', () =>
    withStore(async (open) => {
      const db = open();
      const failed: DrillResult = {
        ...result('gateway-crash', 45, false),
        timeUsed: undefined,
        hintsUsed: [0, 2],
        objectives: [
          { id: 'gateway-back', title: 'up', weight: 2, required: true, when: 'within 3m', status: 'missed', ok: false, failures: [] },
          { id: 'flow', title: 'flow', weight: 1, required: false, when: 'by 10:10', status: 'met', ok: true, failures: [] },
          { id: 'desk-clear', title: 'clear', weight: 1, required: false, when: 'always', status: 'missed', ok: false, failures: [] },
        ],
      };
      await db.saveResult('s1', 'p-li', failed, 100, { actions: 0 });
      await db.saveResult('s2', 'p-chen', result('gateway-crash', 100, true), 200, { actions: 1 });
      await db.saveResult('s3', 'p-zhao', result('gateway-crash', 100, true), 300, { actions: 1 });
      expect(await db.attemptsOf(['p-li', 'p-chen', 'p-nobody'])).toEqual([
        { person: 'p-li', drillId: 'gateway-crash', sessionId: 's1', score: 45, passed: false, gradedAt: 100, timeUsed: null, hintsUsed: 2, missed: ['gateway-back', 'desk-clear'], actions: 0 },
        { person: 'p-chen', drillId: 'gateway-crash', sessionId: 's2', score: 100, passed: true, gradedAt: 200, timeUsed: 120_000_000, hintsUsed: 1, missed: [], actions: 1 },
      ]);
      expect(await db.attemptsOf([])).toEqual([]);
      await db.close();
    }));
});
