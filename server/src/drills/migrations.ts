import type { Steps } from '../storage/migrations.ts';

/** The drill store's tables in SQLite (drills.sqlite), step by step: add steps, never edit one. */
export const SQLITE_DRILL_STEPS: Steps = {
  part: 'drills',
  steps: [
    {
      version: 1,
      name: 'drill sessions, hints, results, attempts, scenario versions',
      sql: `
CREATE TABLE IF NOT EXISTS drill_sessions (session_id TEXT PRIMARY KEY, drill_id TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS drill_hints (session_id TEXT NOT NULL, hint INTEGER NOT NULL, actor TEXT NOT NULL, at_sim INTEGER NOT NULL, id INTEGER PRIMARY KEY AUTOINCREMENT);
CREATE INDEX IF NOT EXISTS drill_hints_session ON drill_hints (session_id, id);
CREATE TABLE IF NOT EXISTS drill_results (session_id TEXT PRIMARY KEY, result TEXT NOT NULL, graded_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS drill_attempts (person TEXT NOT NULL, drill_id TEXT NOT NULL, session_id TEXT NOT NULL, score INTEGER NOT NULL, passed INTEGER NOT NULL, graded_at INTEGER NOT NULL,
  PRIMARY KEY (person, session_id));
CREATE TABLE IF NOT EXISTS scenario_versions (scenario_id TEXT NOT NULL, version INTEGER NOT NULL, text TEXT NOT NULL, author TEXT NOT NULL, saved_at INTEGER NOT NULL, from_session TEXT,
  PRIMARY KEY (scenario_id, version));
`,
    },
  ],
};

/**
 * The same tables in PostgreSQL, beside the sessions' (one database, one backup). A hint is
 * recorded once per session and hint number even when two instances take the same request.
 */
export const POSTGRES_DRILL_STEPS: Steps = {
  part: 'drills',
  steps: [
    {
      version: 1,
      name: 'drill sessions, hints, results, attempts, scenario versions',
      sql: `
CREATE TABLE IF NOT EXISTS drill_sessions (session_id TEXT PRIMARY KEY, drill_id TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS drill_hints (id BIGSERIAL PRIMARY KEY, session_id TEXT NOT NULL, hint INTEGER NOT NULL, actor TEXT NOT NULL, at_sim BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS drill_hints_session ON drill_hints (session_id, id);
CREATE TABLE IF NOT EXISTS drill_results (session_id TEXT PRIMARY KEY, result JSONB NOT NULL, graded_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS drill_attempts (person TEXT NOT NULL, drill_id TEXT NOT NULL, session_id TEXT NOT NULL, score INTEGER NOT NULL, passed BOOLEAN NOT NULL, graded_at BIGINT NOT NULL,
  PRIMARY KEY (person, session_id));
CREATE INDEX IF NOT EXISTS drill_attempts_person ON drill_attempts (person, graded_at);
CREATE TABLE IF NOT EXISTS scenario_versions (scenario_id TEXT NOT NULL, version INTEGER NOT NULL, text TEXT NOT NULL, author TEXT NOT NULL, saved_at BIGINT NOT NULL, from_session TEXT,
  PRIMARY KEY (scenario_id, version));
`,
    },
  ],
};
