import type pg from 'pg';
import type { DrillResult } from '@twinlab/shared/drill/grade';
import { attemptColumns, type Attempt, type AttemptFacts, type DrillOwner, type DrillStore, type HintRecord, type ScenarioVersion, type StartedDrill } from './store.ts';
import type { Person } from '../people/store.ts';

/** Where the store's connections come from: the sessions' PostgreSQL storage (its tables are made by its migrations). */
export interface DrillDatabase {
  open(): Promise<void>;
  readonly connections: pg.Pool;
}

const ATTEMPT = 'person, drill_id AS "drillId", session_id AS "sessionId", score, passed, graded_at AS "gradedAt", time_used AS "timeUsed", hints_used AS "hintsUsed", missed, actions';
const PERSON = 'id, name, role, lead_id AS "leadId", created_at AS "createdAt"';
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

  async startDrill(sessionId: string, drillId: string, text: string, owner?: DrillOwner): Promise<void> {
    await this.q(
      `INSERT INTO drill_sessions (session_id, drill_id, text, person_id, owner_jti) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (session_id) DO UPDATE SET drill_id = excluded.drill_id, text = excluded.text, person_id = excluded.person_id, owner_jti = excluded.owner_jti`,
      [sessionId, drillId, text, owner?.personId ?? null, owner?.jti ?? null],
    );
  }

  async startedDrill(sessionId: string): Promise<StartedDrill | undefined> {
    const row = (
      await this.q<{ drillId: string; text: string; personId: string | null; jti: string | null }>(
        'SELECT drill_id AS "drillId", text, person_id AS "personId", owner_jti AS jti FROM drill_sessions WHERE session_id = $1',
        [sessionId],
      )
    )[0];
    if (!row) return undefined;
    return { drillId: row.drillId, text: row.text, ...(row.personId && row.jti ? { owner: { personId: row.personId, jti: row.jti } } : {}) };
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

  async saveResult(sessionId: string, person: string, result: DrillResult, gradedAt: number, attempt: AttemptFacts | false): Promise<void> {
    await this.tx(`drill-result:${sessionId}`, async (c) => {
      await c.query('INSERT INTO drill_results (session_id, result, graded_at) VALUES ($1, $2, $3) ON CONFLICT (session_id) DO UPDATE SET result = excluded.result, graded_at = excluded.graded_at', [
        sessionId,
        JSON.stringify(result),
        gradedAt,
      ]);
      if (attempt) {
        const cols = attemptColumns(result);
        await c.query(
          `INSERT INTO drill_attempts (person, drill_id, session_id, score, passed, graded_at, time_used, hints_used, missed, actions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (person, session_id) DO UPDATE SET score = excluded.score, passed = excluded.passed, graded_at = excluded.graded_at,
             time_used = excluded.time_used, hints_used = excluded.hints_used, missed = excluded.missed, actions = excluded.actions`,
          [person, result.drillId, sessionId, result.score, result.passed, gradedAt, cols.timeUsed, cols.hintsUsed, JSON.stringify(cols.missed), attempt.actions],
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

  async attemptsOf(personIds: readonly string[]): Promise<Attempt[]> {
    return personIds.length ? this.q<Attempt>(`SELECT ${ATTEMPT} FROM drill_attempts WHERE person = ANY($1::text[]) ORDER BY graded_at, session_id`, [personIds]) : [];
  }

  async addPerson(p: Person, maxTrainees: number): Promise<'added' | 'full'> {
    // Two instances adding a lead's trainees at once must not pass the limit between them.
    return this.tx(`people-lead:${p.leadId ?? p.id}`, async (c) => {
      if (p.leadId !== null && (await c.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM people WHERE lead_id = $1', [p.leadId])).rows[0]!.n >= maxTrainees) return 'full';
      await c.query('INSERT INTO people (id, name, role, lead_id, created_at) VALUES ($1, $2, $3, $4, $5)', [p.id, p.name, p.role, p.leadId, p.createdAt]);
      return 'added';
    });
  }

  async person(id: string): Promise<Person | undefined> {
    return (await this.q<Person>(`SELECT ${PERSON} FROM people WHERE id = $1`, [id]))[0];
  }

  async trainees(leadId: string): Promise<Person[]> {
    return this.q<Person>(`SELECT ${PERSON} FROM people WHERE lead_id = $1 ORDER BY created_at, id`, [leadId]);
  }

  async addToken(personId: string, tokenHash: string, issuedAt: number, keep: number): Promise<void> {
    await this.tx(`person-tokens:${personId}`, async (c) => {
      await c.query('INSERT INTO person_tokens (token_hash, person_id, issued_at) VALUES ($1, $2, $3)', [tokenHash, personId, issuedAt]);
      await c.query('DELETE FROM person_tokens WHERE person_id = $1 AND id NOT IN (SELECT id FROM person_tokens WHERE person_id = $1 ORDER BY id DESC LIMIT $2)', [personId, keep]);
    });
  }

  async personOfToken(tokenHash: string): Promise<Person | undefined> {
    return (await this.q<Person>(`SELECT ${PERSON} FROM people WHERE id = (SELECT person_id FROM person_tokens WHERE token_hash = $1)`, [tokenHash]))[0];
  }

  async dropTokens(personId: string): Promise<void> {
    await this.q('DELETE FROM person_tokens WHERE person_id = $1', [personId]);
  }

  async setPassword(personId: string, hash: string): Promise<void> {
    await this.q('UPDATE people SET password = $1 WHERE id = $2', [hash, personId]);
  }

  async passwordOf(personId: string): Promise<string | undefined> {
    return (await this.q<{ password: string | null }>('SELECT password FROM people WHERE id = $1', [personId]))[0]?.password ?? undefined;
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
