import type pg from 'pg';
import type { DrillResult } from '@twinlab/shared/drill/grade';
import type { Attempt, DrillStore, HintRecord, ScenarioVersion } from './store.ts';

/** Where the store's connections come from: the sessions' PostgreSQL storage (its tables are made by its migrations). */
export interface DrillDatabase {
  open(): Promise<void>;
  readonly connections: pg.Pool;
}

const ATTEMPT = 'person, drill_id AS "drillId", session_id AS "sessionId", score, passed, graded_at AS "gradedAt"';
const VERSION = 'scenario_id AS "scenarioId", version, text, author, saved_at AS "savedAt", from_session AS "fromSession"';

/**
 * The drill store in the sessions' PostgreSQL database (scale-out): a trainee graded on one
 * instance sees the attempt counted on every other, and a restart loses nothing. Writes that two
 * instances could race on (the first hint asked, the next version number) take a transaction-scoped
 * advisory lock on their key.
 */
export class PostgresDrillStore implements DrillStore {
  constructor(private readonly db: DrillDatabase) {}

  private async q<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    await this.db.open();
    return (await this.db.connections.query<R>(text, values)).rows;
  }

  private async tx<T>(lockKey: string, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.db.open();
    const c = await this.db.connections.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey]);
      const out = await work(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  async startDrill(sessionId: string, drillId: string, text: string): Promise<void> {
    await this.q('INSERT INTO drill_sessions (session_id, drill_id, text) VALUES ($1, $2, $3) ON CONFLICT (session_id) DO UPDATE SET drill_id = excluded.drill_id, text = excluded.text', [
      sessionId,
      drillId,
      text,
    ]);
  }

  async startedDrill(sessionId: string): Promise<{ drillId: string; text: string } | undefined> {
    return (await this.q<{ drillId: string; text: string }>('SELECT drill_id AS "drillId", text FROM drill_sessions WHERE session_id = $1', [sessionId]))[0];
  }

  async addHint(sessionId: string, h: HintRecord): Promise<{ record: HintRecord; added: boolean }> {
    return this.tx(`drill-hint:${sessionId}`, async (c) => {
      const earlier = (await c.query<HintRecord>('SELECT hint, actor, at_sim AS at FROM drill_hints WHERE session_id = $1 AND hint = $2 ORDER BY id LIMIT 1', [sessionId, h.hint])).rows[0];
      if (earlier) return { record: earlier, added: false };
      await c.query('INSERT INTO drill_hints (session_id, hint, actor, at_sim) VALUES ($1, $2, $3, $4)', [sessionId, h.hint, h.actor, h.at]);
      return { record: h, added: true };
    });
  }

  async hints(sessionId: string): Promise<HintRecord[]> {
    return this.q<HintRecord>('SELECT hint, actor, at_sim AS at FROM drill_hints WHERE session_id = $1 ORDER BY id', [sessionId]);
  }

  async saveResult(sessionId: string, person: string, result: DrillResult, gradedAt: number, attempt: boolean): Promise<void> {
    await this.tx(`drill-result:${sessionId}`, async (c) => {
      await c.query(
        'INSERT INTO drill_results (session_id, result, graded_at) VALUES ($1, $2, $3) ON CONFLICT (session_id) DO UPDATE SET result = excluded.result, graded_at = excluded.graded_at',
        [sessionId, JSON.stringify(result), gradedAt],
      );
      if (attempt) {
        await c.query(
          `INSERT INTO drill_attempts (person, drill_id, session_id, score, passed, graded_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (person, session_id) DO UPDATE SET score = excluded.score, passed = excluded.passed, graded_at = excluded.graded_at`,
          [person, result.drillId, sessionId, result.score, result.passed, gradedAt],
        );
      }
    });
  }

  async result(sessionId: string): Promise<DrillResult | undefined> {
    return (await this.q<{ result: DrillResult }>('SELECT result FROM drill_results WHERE session_id = $1', [sessionId]))[0]?.result;
  }

  async attempts(person: string): Promise<Attempt[]> {
    return this.q<Attempt>(`SELECT ${ATTEMPT} FROM drill_attempts WHERE person = $1 ORDER BY graded_at, session_id`, [person]);
  }

  async saveVersion(v: Omit<ScenarioVersion, 'version'>): Promise<ScenarioVersion> {
    return this.tx(`scenario-version:${v.scenarioId}`, async (c) => {
      const rows = await c.query<ScenarioVersion>(
        `INSERT INTO scenario_versions (scenario_id, version, text, author, saved_at, from_session)
         SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5 FROM scenario_versions WHERE scenario_id = $1 RETURNING ${VERSION}`,
        [v.scenarioId, v.text, v.author, v.savedAt, v.fromSession],
      );
      return rows.rows[0]!;
    });
  }

  async versions(scenarioId: string): Promise<ScenarioVersion[]> {
    return this.q<ScenarioVersion>(`SELECT ${VERSION} FROM scenario_versions WHERE scenario_id = $1 ORDER BY version`, [scenarioId]);
  }

  /** The pool belongs to the sessions' storage, which closes it. */
  async close(): Promise<void> {}
}
