import Database from 'better-sqlite3';
import type { DrillResult } from '@twinlab/shared/drill/grade';
import type { Attempt, DrillStore, HintRecord, ScenarioVersion } from './store.ts';
import { migrateSqlite } from '../storage/migrations.ts';
import { SQLITE_DRILL_STEPS } from './migrations.ts';

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
      startDrill: db.prepare('INSERT OR REPLACE INTO drill_sessions (session_id, drill_id, text) VALUES (?, ?, ?)'),
      startedDrill: db.prepare('SELECT drill_id AS drillId, text FROM drill_sessions WHERE session_id = ?'),
      addHint: db.prepare('INSERT INTO drill_hints (session_id, hint, actor, at_sim) VALUES (?, ?, ?, ?)'),
      hints: db.prepare('SELECT hint, actor, at_sim AS at FROM drill_hints WHERE session_id = ? ORDER BY id'),
      hint: db.prepare('SELECT hint, actor, at_sim AS at FROM drill_hints WHERE session_id = ? AND hint = ? ORDER BY id LIMIT 1'),
      saveResult: db.prepare(
        'INSERT INTO drill_results (session_id, result, graded_at) VALUES (?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET result = excluded.result, graded_at = excluded.graded_at',
      ),
      result: db.prepare('SELECT result FROM drill_results WHERE session_id = ?'),
      saveAttempt: db.prepare(
        'INSERT INTO drill_attempts (person, drill_id, session_id, score, passed, graded_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(person, session_id) DO UPDATE SET score = excluded.score, passed = excluded.passed, graded_at = excluded.graded_at',
      ),
      attempts: db.prepare('SELECT person, drill_id AS drillId, session_id AS sessionId, score, passed, graded_at AS gradedAt FROM drill_attempts WHERE person = ? ORDER BY graded_at, session_id'),
      lastVersion: db.prepare('SELECT MAX(version) AS v FROM scenario_versions WHERE scenario_id = ?'),
      saveVersion: db.prepare('INSERT INTO scenario_versions (scenario_id, version, text, author, saved_at, from_session) VALUES (?, ?, ?, ?, ?, ?)'),
      versions: db.prepare(
        'SELECT scenario_id AS scenarioId, version, text, author, saved_at AS savedAt, from_session AS fromSession FROM scenario_versions WHERE scenario_id = ? ORDER BY version',
      ),
    };
  }

  async startDrill(sessionId: string, drillId: string, text: string): Promise<void> {
    this.stmt.startDrill.run(sessionId, drillId, text);
  }

  async startedDrill(sessionId: string): Promise<{ drillId: string; text: string } | undefined> {
    return this.stmt.startedDrill.get(sessionId) as { drillId: string; text: string } | undefined;
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

  async saveResult(sessionId: string, person: string, result: DrillResult, gradedAt: number, attempt: boolean): Promise<void> {
    this.db.transaction(() => {
      this.stmt.saveResult.run(sessionId, JSON.stringify(result), gradedAt);
      if (attempt) this.stmt.saveAttempt.run(person, result.drillId, sessionId, result.score, result.passed ? 1 : 0, gradedAt);
    })();
  }

  async result(sessionId: string): Promise<DrillResult | undefined> {
    const row = this.stmt.result.get(sessionId) as { result: string } | undefined;
    return row ? (JSON.parse(row.result) as DrillResult) : undefined;
  }

  async attempts(person: string): Promise<Attempt[]> {
    return (this.stmt.attempts.all(person) as (Omit<Attempt, 'passed'> & { passed: number })[]).map((a) => ({ ...a, passed: a.passed === 1 }));
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
