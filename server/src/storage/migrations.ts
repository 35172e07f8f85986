import type Database from 'better-sqlite3';
import type pg from 'pg';

/**
 * Versioned schema steps. A database records each step it ran in `schema_migrations`; at start the
 * server runs the steps above the highest recorded version, in order, each in its own transaction
 * with its record, so a failed step leaves the database at the previous version (the error names
 * the step). Step 1 of each
 * list is the schema as it was before versioning, written with IF NOT EXISTS: a database made by
 * an older release adopts it without change and then takes the later steps.
 *
 * Never edit a released step: add the next one. A database whose version is above every step
 * known here was upgraded by a newer release; the server refuses to start on it rather than
 * write rows an older schema did not plan for.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface Applied {
  part: string;
  version: number;
  name: string;
}

/** The steps still to run on a database at `current`, after checking the list is 1, 2, 3, … */
export function pendingSteps(steps: readonly Migration[], current: number, what: string): Migration[] {
  steps.forEach((s, i) => {
    if (s.version !== i + 1) throw new Error(`${what} migrations: step ${i + 1} is numbered ${s.version} (steps must be 1, 2, 3, … in order)`);
  });
  if (current > steps.length) {
    throw new Error(
      `${what}: the database is at schema version ${current}, this release knows up to ${steps.length}: it was upgraded by a newer TwinLab; run that release, or restore a backup taken before the upgrade`,
    );
  }
  return steps.slice(current);
}

// One table for every part that keeps tables in the database (sessions, drills), each with its own steps.
const TABLE = 'CREATE TABLE IF NOT EXISTS schema_migrations (part TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (part, version))';

/** A set of steps for one part of the schema ("sessions", "drills"). */
export interface Steps {
  part: string;
  steps: readonly Migration[];
}

const failed = (part: string, s: Migration, e: unknown) => new Error(`${part} schema: migration ${s.version} (${s.name}) failed: ${e instanceof Error ? e.message : String(e)}`);

/** Bring a SQLite database to the last step; returns the steps it ran. */
export function migrateSqlite(db: Database.Database, { part, steps }: Steps): Applied[] {
  db.exec(TABLE);
  const applied: Applied[] = [];
  for (;;) {
    // BEGIN IMMEDIATE: a second process opening the same file waits, then sees the step done.
    const ran = db
      .transaction(() => {
        const current = (db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations WHERE part = ?').get(part) as { v: number }).v;
        const next = pendingSteps(steps, current, `${part} schema`)[0];
        if (!next) return undefined;
        try {
          db.exec(next.sql);
        } catch (e) {
          throw failed(part, next, e);
        }
        db.prepare('INSERT INTO schema_migrations (part, version, name, applied_at) VALUES (?, ?, ?, ?)').run(part, next.version, next.name, Date.now());
        return next;
      })
      .immediate();
    if (!ran) return applied;
    applied.push({ part, version: ran.version, name: ran.name });
  }
}

/** Any PostgreSQL advisory lock key shared by every TwinLab instance of one database. */
export const MIGRATION_LOCK = 7426331;

/**
 * Bring a PostgreSQL database to the last step of each part, under the advisory lock: instances
 * starting together run the steps once, the others wait and then find nothing to do.
 */
export async function migratePostgres(c: pg.ClientBase, parts: readonly Steps[]): Promise<Applied[]> {
  await c.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await c.query(TABLE);
    const applied: Applied[] = [];
    for (const { part, steps } of parts) {
      const current = Number((await c.query<{ v: string | number }>('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations WHERE part = $1', [part])).rows[0]!.v);
      for (const s of pendingSteps(steps, current, `${part} schema`)) {
        await c.query('BEGIN');
        try {
          await c.query(s.sql);
          await c.query('INSERT INTO schema_migrations (part, version, name, applied_at) VALUES ($1, $2, $3, $4)', [part, s.version, s.name, Date.now()]);
          await c.query('COMMIT');
        } catch (e) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw failed(part, s, e);
        }
        applied.push({ part, version: s.version, name: s.name });
      }
    }
    return applied;
  } finally {
    await c.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
  }
}
