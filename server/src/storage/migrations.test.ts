import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SqliteStorage } from './sqlite.ts';
import { PostgresStorage } from './postgres.ts';
import { migratePostgres, migrateSqlite, pendingSteps, type Migration } from './migrations.ts';
import { SqliteDrillStore } from '../drills/sqlite-store.ts';
import { POSTGRES_DRILL_STEPS } from '../drills/migrations.ts';
import { startPostgres, type PostgresServer } from '../../test/scale/support/postgres.ts';

/**
 * Today's schema as the releases before versioning created it (CREATE TABLE IF NOT EXISTS, no
 * schema_migrations), copied here on purpose: the migrations must adopt such a database whatever
 * later steps add.
 */
const UNVERSIONED_SQLITE_SESSIONS = `
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, title TEXT NOT NULL, scenario_id TEXT NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL REFERENCES sessions(id), data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS updates_by_session ON updates (session_id, id);
CREATE TABLE IF NOT EXISTS checkpoints (session_id TEXT PRIMARY KEY REFERENCES sessions(id), data BLOB NOT NULL, up_to INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS invitations (jti TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id), role TEXT NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked_at INTEGER);
CREATE INDEX IF NOT EXISTS invitations_by_session ON invitations (session_id);
INSERT INTO sessions VALUES ('s1', 'Cutover rehearsal', 'small-broker', 1, 'Li', 1);
INSERT INTO updates (session_id, data) VALUES ('s1', x'01'), ('s1', x'02');
INSERT INTO invitations VALUES ('j1', 's1', 'engineer', 'Wang', 1, 9999999999999, NULL);
`;
const UNVERSIONED_SQLITE_DRILLS = `
CREATE TABLE IF NOT EXISTS drill_sessions (session_id TEXT PRIMARY KEY, drill_id TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS drill_hints (session_id TEXT NOT NULL, hint INTEGER NOT NULL, actor TEXT NOT NULL, at_sim INTEGER NOT NULL, id INTEGER PRIMARY KEY AUTOINCREMENT);
CREATE INDEX IF NOT EXISTS drill_hints_session ON drill_hints (session_id, id);
CREATE TABLE IF NOT EXISTS drill_results (session_id TEXT PRIMARY KEY, result TEXT NOT NULL, graded_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS drill_attempts (person TEXT NOT NULL, drill_id TEXT NOT NULL, session_id TEXT NOT NULL, score INTEGER NOT NULL, passed INTEGER NOT NULL, graded_at INTEGER NOT NULL, PRIMARY KEY (person, session_id));
CREATE TABLE IF NOT EXISTS scenario_versions (scenario_id TEXT NOT NULL, version INTEGER NOT NULL, text TEXT NOT NULL, author TEXT NOT NULL, saved_at INTEGER NOT NULL, from_session TEXT, PRIMARY KEY (scenario_id, version));
INSERT INTO drill_attempts VALUES ('Wang', 'surge-open', 's1', 85, 1, 5);
`;
const UNVERSIONED_POSTGRES_SESSIONS = `
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, title TEXT NOT NULL, scenario_id TEXT NOT NULL, created_at BIGINT NOT NULL, created_by TEXT NOT NULL, updated_at BIGINT NOT NULL, last_update_id BIGINT NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS updates (session_id TEXT NOT NULL REFERENCES sessions(id), id BIGINT NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (session_id, id));
CREATE TABLE IF NOT EXISTS checkpoints (session_id TEXT PRIMARY KEY REFERENCES sessions(id), data BYTEA NOT NULL, up_to BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS invitations (jti TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id), role TEXT NOT NULL, name TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, revoked_at BIGINT);
CREATE INDEX IF NOT EXISTS invitations_by_session ON invitations (session_id);
INSERT INTO sessions VALUES ('s1', 'Cutover rehearsal', 'small-broker', 1, 'Li', 1, 2);
INSERT INTO updates VALUES ('s1', 1, '\\x01'), ('s1', 2, '\\x02');
`;

const tmp = () => mkdtempSync(join(tmpdir(), 'twinlab-migrate-'));
const versions = (rows: { part: string; version: number }[]) => rows.map((r) => `${r.part}:${r.version}`);
const sqliteVersions = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return versions(db.prepare('SELECT part, version FROM schema_migrations ORDER BY part, version').all() as { part: string; version: number }[]);
  } finally {
    db.close();
  }
};

describe('versioned migrations on SQLite', () => {
  it('create the schema in an empty database and record each step', async () => {
    const file = join(tmp(), 'twinlab.sqlite');
    const db = new SqliteStorage(file, 'normal');
    await db.createSession({ id: 's1', title: 't', scenarioId: 'small-broker', createdAt: 1, createdBy: 'Li' }, new Uint8Array([1]));
    await db.close();
    expect(sqliteVersions(file)).toEqual(['sessions:1']);
    // Opening again runs nothing.
    const again = new SqliteStorage(file, 'normal');
    expect((await again.loadSession('s1'))?.updates).toEqual([new Uint8Array([1])]);
    await again.close();
    expect(sqliteVersions(file)).toEqual(['sessions:1']);
  });

  it("adopt today's unversioned sessions and drills databases without losing a row", async () => {
    const dir = tmp();
    const raw = new Database(join(dir, 'twinlab.sqlite'));
    raw.exec(UNVERSIONED_SQLITE_SESSIONS);
    raw.close();
    const rawDrills = new Database(join(dir, 'drills.sqlite'));
    rawDrills.exec(UNVERSIONED_SQLITE_DRILLS);
    rawDrills.close();

    const db = new SqliteStorage(join(dir, 'twinlab.sqlite'), 'normal');
    expect((await db.loadSession('s1'))?.updates).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
    expect((await db.getInvitation('j1'))?.name).toBe('Wang');
    await db.close();
    const drills = new SqliteDrillStore(join(dir, 'drills.sqlite'));
    // Attempts made before step 2 knew nothing of time, hints, misses or actions: they read as none.
    expect(await drills.attempts('Wang')).toEqual([
      { person: 'Wang', drillId: 'surge-open', sessionId: 's1', score: 85, passed: true, gradedAt: 5, timeUsed: null, hintsUsed: 0, missed: [], actions: 0 },
    ]);
    await drills.close();
    expect(sqliteVersions(join(dir, 'twinlab.sqlite'))).toEqual(['sessions:1']);
    expect(sqliteVersions(join(dir, 'drills.sqlite'))).toEqual(['drills:1', 'drills:2']);
  });

  it('run later steps in order, once, and stop at a failing step with the database at the step before', () => {
    const db = new Database(':memory:');
    const steps: Migration[] = [
      { version: 1, name: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)' },
      { version: 2, name: 'note author', sql: "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT 'unknown'" },
    ];
    expect(migrateSqlite(db, { part: 'notes', steps: steps.slice(0, 1) })).toEqual([{ part: 'notes', version: 1, name: 'notes' }]);
    db.exec("INSERT INTO notes (text) VALUES ('counter drained')");
    expect(migrateSqlite(db, { part: 'notes', steps })).toEqual([{ part: 'notes', version: 2, name: 'note author' }]);
    expect(db.prepare('SELECT text, author FROM notes').all()).toEqual([{ text: 'counter drained', author: 'unknown' }]);
    expect(migrateSqlite(db, { part: 'notes', steps })).toEqual([]);

    const broken = [...steps, { version: 3, name: 'bad step', sql: 'CREATE TABLE x (a INT); ALTER TABLE nowhere ADD COLUMN b INT' }];
    expect(() => migrateSqlite(db, { part: 'notes', steps: broken })).toThrow(/notes schema: migration 3 \(bad step\) failed: .*nowhere/);
    // The step's own changes rolled back with it: the next release can run it again.
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'x'").all()).toEqual([]);
    expect((db.prepare("SELECT MAX(version) AS v FROM schema_migrations WHERE part = 'notes'").get() as { v: number }).v).toBe(2);
  });

  it('refuse a database a newer release migrated, and a list out of order', () => {
    const db = new Database(':memory:');
    const steps: Migration[] = [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x INT)' },
      { version: 2, name: 'b', sql: 'CREATE TABLE b (x INT)' },
    ];
    migrateSqlite(db, { part: 'p', steps });
    expect(() => migrateSqlite(db, { part: 'p', steps: steps.slice(0, 1) })).toThrow(/schema version 2, this release knows up to 1: it was upgraded by a newer TwinLab/);
    expect(() => pendingSteps([steps[1]!, steps[0]!], 0, 'p schema')).toThrow(/step 1 is numbered 2/);
  });
});

describe('versioned migrations on PostgreSQL', () => {
  let postgres: PostgresServer;
  let n = 0;
  beforeAll(async () => {
    postgres = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await postgres?.stop();
  }, 60_000);

  const freshDb = async (setup?: string) => {
    const name = `migrate_${++n}`;
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = postgres.url.replace(/\/postgres$/, `/${name}`);
    if (setup) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(setup);
      await c.end();
    }
    return url;
  };
  const pgVersions = async (url: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return versions((await c.query('SELECT part, version FROM schema_migrations ORDER BY part, version')).rows);
    } finally {
      await c.end();
    }
  };

  it('create sessions and drill tables in an empty database, once, when several instances start together', async () => {
    const url = await freshDb();
    const instances = Array.from({ length: 4 }, () => new PostgresStorage(url, { steps: [POSTGRES_DRILL_STEPS] }));
    await Promise.all(instances.map((i) => i.open()));
    expect(await pgVersions(url)).toEqual(['drills:1', 'drills:2', 'sessions:1']);
    await instances[0]!.createSession({ id: 's1', title: 't', scenarioId: 'small-broker', createdAt: 1, createdBy: 'Li' }, new Uint8Array([1]));
    expect((await instances[3]!.loadSession('s1'))?.updates).toEqual([new Uint8Array([1])]);
    await Promise.all(instances.map((i) => i.close()));
  });

  it("adopt today's unversioned schema, keep its sessions and add the drill tables", async () => {
    const url = await freshDb(UNVERSIONED_POSTGRES_SESSIONS);
    const db = new PostgresStorage(url, { steps: [POSTGRES_DRILL_STEPS] });
    await db.open();
    expect(await db.loadSession('s1')).toMatchObject({ updates: [new Uint8Array([1]), new Uint8Array([2])], lastUpdateId: 2 });
    expect(await db.appendUpdates('s1', [new Uint8Array([3])])).toBe(3);
    expect(await pgVersions(url)).toEqual(['drills:1', 'drills:2', 'sessions:1']);
    await db.close();
  });

  it('roll back a failing step alone, name it, and keep the steps before', async () => {
    const url = await freshDb();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const steps: Migration[] = [
      { version: 1, name: 'notes', sql: 'CREATE TABLE notes (id INT PRIMARY KEY, text TEXT NOT NULL)' },
      { version: 2, name: 'bad step', sql: 'CREATE TABLE x (a INT); ALTER TABLE nowhere ADD COLUMN b INT' },
    ];
    await expect(migratePostgres(c, [{ part: 'notes', steps }])).rejects.toThrow(/notes schema: migration 2 \(bad step\) failed: .*nowhere/);
    expect((await c.query("SELECT to_regclass('x') AS x, to_regclass('notes') AS notes")).rows[0]).toEqual({ x: null, notes: 'notes' });
    // The advisory lock was released: another instance can migrate.
    expect(await migratePostgres(c, [{ part: 'notes', steps: steps.slice(0, 1) }])).toEqual([]);
    await c.end();
    expect(await pgVersions(url)).toEqual(['notes:1']);
  });
});
