import Database from 'better-sqlite3';
import type { DrillResult } from '@twinlab/shared/drill/grade';
import { attemptColumns, type Attempt, type AttemptFacts, type DrillOwner, type DrillStore, type HintRecord, type ScenarioVersion, type StartedDrill } from './store.ts';
import type { Person } from '../people/store.ts';
import { migrateSqlite } from '../storage/migrations.ts';
import { SQLITE_DRILL_STEPS } from './migrations.ts';

const ATTEMPT = 'person, drill_id AS drillId, session_id AS sessionId, score, passed, graded_at AS gradedAt, time_used AS timeUsed, hints_used AS hintsUsed, missed, actions';
const PERSON = 'id, name, role, lead_id AS leadId, created_at AS createdAt';
type AttemptRow = Omit<Attempt, 'passed' | 'missed'> & { passed: number; missed: string };
const fromRow = (a: AttemptRow): Attempt => ({ ...a, passed: a.passed === 1, missed: JSON.parse(a.missed) as string[] });

/** The drill store in SQLite (WAL), in its own file beside the sessions' database. */
export class SqliteDrillStore implements DrillStore {
  private readonly db: Database.Database;
  private readonly stmt;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    migrateSqlite(this.db, SQLITE_DRILL_STEPS);
    const db = this.db;
    this.stmt = {
      startDrill: db.prepare('INSERT OR REPLACE INTO drill_sessions (session_id, drill_id, text, person_id, owner_jti) VALUES (?, ?, ?, ?, ?)'),
      startedDrill: db.prepare('SELECT drill_id AS drillId, text, person_id AS personId, owner_jti AS jti FROM drill_sessions WHERE session_id = ?'),
      addHint: db.prepare('INSERT INTO drill_hints (session_id, hint, actor, at_sim) VALUES (?, ?, ?, ?)'),
      hints: db.prepare('SELECT hint, actor, at_sim AS at FROM drill_hints WHERE session_id = ? ORDER BY id'),
      hint: db.prepare('SELECT hint, actor, at_sim AS at FROM drill_hints WHERE session_id = ? AND hint = ? ORDER BY id LIMIT 1'),
      saveResult: db.prepare(
        'INSERT INTO drill_results (session_id, result, graded_at) VALUES (?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET result = excluded.result, graded_at = excluded.graded_at',
      ),
      result: db.prepare('SELECT result FROM drill_results WHERE session_id = ?'),
      saveAttempt: db.prepare(
        `INSERT INTO drill_attempts (person, drill_id, session_id, score, passed, graded_at, time_used, hints_used, missed, actions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(person, session_id) DO UPDATE SET score = excluded.score, passed = excluded.passed, graded_at = excluded.graded_at,
           time_used = excluded.time_used, hints_used = excluded.hints_used, missed = excluded.missed, actions = excluded.actions`,
      ),
      attempts: db.prepare(`SELECT ${ATTEMPT} FROM drill_attempts WHERE person = ? ORDER BY graded_at, session_id`),
      attemptsOf: db.prepare(`SELECT ${ATTEMPT} FROM drill_attempts WHERE person IN (SELECT value FROM json_each(?)) ORDER BY graded_at, session_id`),
      addPerson: db.prepare('INSERT INTO people (id, name, role, lead_id, created_at) VALUES (?, ?, ?, ?, ?)'),
      person: db.prepare(`SELECT ${PERSON} FROM people WHERE id = ?`),
      trainees: db.prepare(`SELECT ${PERSON} FROM people WHERE lead_id = ? ORDER BY created_at, id`),
      traineeCount: db.prepare('SELECT COUNT(*) AS n FROM people WHERE lead_id = ?'),
      addToken: db.prepare('INSERT INTO person_tokens (token_hash, person_id, issued_at) VALUES (?, ?, ?)'),
      pruneTokens: db.prepare('DELETE FROM person_tokens WHERE person_id = ? AND id NOT IN (SELECT id FROM person_tokens WHERE person_id = ? ORDER BY id DESC LIMIT ?)'),
      personOfToken: db.prepare(`SELECT ${PERSON} FROM people WHERE id = (SELECT person_id FROM person_tokens WHERE token_hash = ?)`),
      dropTokens: db.prepare('DELETE FROM person_tokens WHERE person_id = ?'),
      setPassword: db.prepare('UPDATE people SET password = ? WHERE id = ?'),
      passwordOf: db.prepare('SELECT password FROM people WHERE id = ?'),
      lastVersion: db.prepare('SELECT MAX(version) AS v FROM scenario_versions WHERE scenario_id = ?'),
      saveVersion: db.prepare('INSERT INTO scenario_versions (scenario_id, version, text, author, saved_at, from_session) VALUES (?, ?, ?, ?, ?, ?)'),
      versions: db.prepare('SELECT scenario_id AS scenarioId, version, text, author, saved_at AS savedAt, from_session AS fromSession FROM scenario_versions WHERE scenario_id = ? ORDER BY version'),
    };
  }

  async startDrill(sessionId: string, drillId: string, text: string, owner?: DrillOwner): Promise<void> {
    this.stmt.startDrill.run(sessionId, drillId, text, owner?.personId ?? null, owner?.jti ?? null);
  }

  async startedDrill(sessionId: string): Promise<StartedDrill | undefined> {
    const row = this.stmt.startedDrill.get(sessionId) as { drillId: string; text: string; personId: string | null; jti: string | null } | undefined;
    if (!row) return undefined;
    return { drillId: row.drillId, text: row.text, ...(row.personId && row.jti ? { owner: { personId: row.personId, jti: row.jti } } : {}) };
  }

  async addHint(sessionId: string, h: HintRecord): Promise<{ record: HintRecord; added: boolean }> {
    return this.db.transaction(() => {
      const earlier = this.stmt.hint.get(sessionId, h.hint) as HintRecord | undefined;
      if (earlier) return { record: earlier, added: false };
      this.stmt.addHint.run(sessionId, h.hint, h.actor, h.at);
      return { record: h, added: true };
    })();
  }

  async hints(sessionId: string): Promise<HintRecord[]> {
    return this.stmt.hints.all(sessionId) as HintRecord[];
  }

  async saveResult(sessionId: string, person: string, result: DrillResult, gradedAt: number, attempt: AttemptFacts | false): Promise<void> {
    this.db.transaction(() => {
      this.stmt.saveResult.run(sessionId, JSON.stringify(result), gradedAt);
      if (!attempt) return;
      const cols = attemptColumns(result);
      this.stmt.saveAttempt.run(person, result.drillId, sessionId, result.score, result.passed ? 1 : 0, gradedAt, cols.timeUsed, cols.hintsUsed, JSON.stringify(cols.missed), attempt.actions);
    })();
  }

  async result(sessionId: string): Promise<DrillResult | undefined> {
    const row = this.stmt.result.get(sessionId) as { result: string } | undefined;
    return row ? (JSON.parse(row.result) as DrillResult) : undefined;
  }

  async attempts(person: string): Promise<Attempt[]> {
    return (this.stmt.attempts.all(person) as AttemptRow[]).map(fromRow);
  }

  async attemptsOf(personIds: readonly string[]): Promise<Attempt[]> {
    return personIds.length ? (this.stmt.attemptsOf.all(JSON.stringify(personIds)) as AttemptRow[]).map(fromRow) : [];
  }

  async addPerson(p: Person, maxTrainees: number): Promise<'added' | 'full'> {
    return this.db.transaction(() => {
      if (p.leadId !== null && (this.stmt.traineeCount.get(p.leadId) as { n: number }).n >= maxTrainees) return 'full' as const;
      this.stmt.addPerson.run(p.id, p.name, p.role, p.leadId, p.createdAt);
      return 'added' as const;
    })();
  }

  async person(id: string): Promise<Person | undefined> {
    return this.stmt.person.get(id) as Person | undefined;
  }

  async trainees(leadId: string): Promise<Person[]> {
    return this.stmt.trainees.all(leadId) as Person[];
  }

  async addToken(personId: string, tokenHash: string, issuedAt: number, keep: number): Promise<void> {
    this.db.transaction(() => {
      this.stmt.addToken.run(tokenHash, personId, issuedAt);
      this.stmt.pruneTokens.run(personId, personId, keep);
    })();
  }

  async personOfToken(tokenHash: string): Promise<Person | undefined> {
    return this.stmt.personOfToken.get(tokenHash) as Person | undefined;
  }

  async dropTokens(personId: string): Promise<void> {
    this.stmt.dropTokens.run(personId);
  }

  async setPassword(personId: string, hash: string): Promise<void> {
    this.stmt.setPassword.run(hash, personId);
  }

  async passwordOf(personId: string): Promise<string | undefined> {
    return (this.stmt.passwordOf.get(personId) as { password: string | null } | undefined)?.password ?? undefined;
  }

  async saveVersion(v: Omit<ScenarioVersion, 'version'>): Promise<ScenarioVersion> {
    return this.db.transaction(() => {
      const last = (this.stmt.lastVersion.get(v.scenarioId) as { v: number | null }).v ?? 0;
      const saved = { ...v, version: last + 1 };
      this.stmt.saveVersion.run(saved.scenarioId, saved.version, saved.text, saved.author, saved.savedAt, saved.fromSession);
      return saved;
    })();
  }

  async versions(scenarioId: string): Promise<ScenarioVersion[]> {
    return this.stmt.versions.all(scenarioId) as ScenarioVersion[];
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
