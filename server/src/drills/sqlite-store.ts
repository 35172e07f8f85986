import Database from 'better-sqlite3';
import type { DrillResult } from '@twinlab/shared/drill/grade';
import type { Attempt, DrillStore, HintRecord, ScenarioVersion } from './store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS drill_sessions (session_id TEXT PRIMARY KEY, drill_id TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS drill_hints (session_id TEXT NOT NULL, hint INTEGER NOT NULL, actor TEXT NOT NULL, at_sim INTEGER NOT NULL, id INTEGER PRIMARY KEY AUTOINCREMENT);
CREATE INDEX IF NOT EXISTS drill_hints_session ON drill_hints (session_id, id);
CREATE TABLE IF NOT EXISTS drill_results (session_id TEXT PRIMARY KEY, result TEXT NOT NULL, graded_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS drill_attempts (person TEXT NOT NULL, drill_id TEXT NOT NULL, session_id TEXT NOT NULL, score INTEGER NOT NULL, passed INTEGER NOT NULL, graded_at INTEGER NOT NULL,
  PRIMARY KEY (person, session_id));
CREATE TABLE IF NOT EXISTS scenario_versions (scenario_id TEXT NOT NULL, version INTEGER NOT NULL, text TEXT NOT NULL, author TEXT NOT NULL, saved_at INTEGER NOT NULL, from_session TEXT,
  PRIMARY KEY (scenario_id, version));
`;

/** The drill store in SQLite (WAL), in its own file beside the sessions' database. */
export class SqliteDrillStore implements DrillStore {
  private readonly db: Database.Database;
  private readonly stmt;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.stmt = {
      startDrill: db.prepare('INSERT OR REPLACE INTO drill_sessions (session_id, drill_id, text) VALUES (?, ?, ?)'),
      startedDrill: db.prepare('SELECT drill_id AS drillId, text FROM drill_sessions WHERE session_id = ?'),
      addHint: db.prepare('INSERT INTO drill_hints (session_id, hint, actor, at_sim) VALUES (?, ?, ?, ?)'),
      hints: db.prepare('SELECT hint, actor, at_sim AS at FROM drill_hints WHERE session_id = ? ORDER BY id'),
      saveResult: db.prepare(
        'INSERT INTO drill_results (session_id, result, graded_at) VALUES (?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET result = excluded.result, graded_at = excluded.graded_at',
      ),
      result: db.prepare('SELECT result FROM drill_results WHERE session_id = ?'),
      saveAttempt: db.prepare(
        'INSERT INTO drill_attempts (person, drill_id, session_id, score, passed, graded_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(person, session_id) DO UPDATE SET score = excluded.score, passed = excluded.passed, graded_at = excluded.graded_at',
      ),
      attempts: db.prepare('SELECT person, drill_id AS drillId, session_id AS sessionId, score, passed, graded_at AS gradedAt FROM drill_attempts WHERE person = ? ORDER BY graded_at'),
      lastVersion: db.prepare('SELECT MAX(version) AS v FROM scenario_versions WHERE scenario_id = ?'),
      saveVersion: db.prepare('INSERT INTO scenario_versions (scenario_id, version, text, author, saved_at, from_session) VALUES (?, ?, ?, ?, ?, ?)'),
      versions: db.prepare(
        'SELECT scenario_id AS scenarioId, version, text, author, saved_at AS savedAt, from_session AS fromSession FROM scenario_versions WHERE scenario_id = ? ORDER BY version',
      ),
    };
  }

  startDrill(sessionId: string, drillId: string, text: string): void {
    this.stmt.startDrill.run(sessionId, drillId, text);
  }

  startedDrill(sessionId: string): { drillId: string; text: string } | undefined {
    return this.stmt.startedDrill.get(sessionId) as { drillId: string; text: string } | undefined;
  }

  addHint(sessionId: string, h: HintRecord): void {
    this.stmt.addHint.run(sessionId, h.hint, h.actor, h.at);
  }

  hints(sessionId: string): HintRecord[] {
    return this.stmt.hints.all(sessionId) as HintRecord[];
  }

  saveResult(sessionId: string, person: string, result: DrillResult, gradedAt: number, attempt: boolean): void {
    this.db.transaction(() => {
      this.stmt.saveResult.run(sessionId, JSON.stringify(result), gradedAt);
      if (attempt) this.stmt.saveAttempt.run(person, result.drillId, sessionId, result.score, result.passed ? 1 : 0, gradedAt);
    })();
  }

  result(sessionId: string): DrillResult | undefined {
    const row = this.stmt.result.get(sessionId) as { result: string } | undefined;
    return row ? (JSON.parse(row.result) as DrillResult) : undefined;
  }

  attempts(person: string): Attempt[] {
    return (this.stmt.attempts.all(person) as (Omit<Attempt, 'passed'> & { passed: number })[]).map((a) => ({ ...a, passed: a.passed === 1 }));
  }

  saveVersion(v: Omit<ScenarioVersion, 'version'>): ScenarioVersion {
    return this.db.transaction(() => {
      const last = (this.stmt.lastVersion.get(v.scenarioId) as { v: number | null }).v ?? 0;
      const saved = { ...v, version: last + 1 };
      this.stmt.saveVersion.run(saved.scenarioId, saved.version, saved.text, saved.author, saved.savedAt, saved.fromSession);
      return saved;
    })();
  }

  versions(scenarioId: string): ScenarioVersion[] {
    return this.stmt.versions.all(scenarioId) as ScenarioVersion[];
  }

  close(): void {
    this.db.close();
  }
}
