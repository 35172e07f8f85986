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
    {
      version: 2,
      name: 'people, personal tokens, who started a drill session, what each attempt used and missed',
      sql: `
ALTER TABLE drill_sessions ADD COLUMN person_id TEXT;
ALTER TABLE drill_sessions ADD COLUMN owner_jti TEXT;
ALTER TABLE drill_attempts ADD COLUMN time_used INTEGER;
ALTER TABLE drill_attempts ADD COLUMN hints_used INTEGER NOT NULL DEFAULT 0;
ALTER TABLE drill_attempts ADD COLUMN missed TEXT NOT NULL DEFAULT '[]';
ALTER TABLE drill_attempts ADD COLUMN actions INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS drill_attempts_person_drill ON drill_attempts (person, drill_id);
CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, lead_id TEXT, created_at INTEGER NOT NULL, password TEXT);
CREATE INDEX people_lead ON people (lead_id, created_at);
CREATE TABLE person_tokens (id INTEGER PRIMARY KEY AUTOINCREMENT, token_hash TEXT NOT NULL UNIQUE, person_id TEXT NOT NULL, issued_at INTEGER NOT NULL);
CREATE INDEX person_tokens_person ON person_tokens (person_id, id);
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
    {
      version: 2,
      name: 'people, personal tokens, who started a drill session, what each attempt used and missed',
      sql: `
ALTER TABLE drill_sessions ADD COLUMN IF NOT EXISTS person_id TEXT;
ALTER TABLE drill_sessions ADD COLUMN IF NOT EXISTS owner_jti TEXT;
ALTER TABLE drill_attempts ADD COLUMN IF NOT EXISTS time_used BIGINT;
ALTER TABLE drill_attempts ADD COLUMN IF NOT EXISTS hints_used INTEGER NOT NULL DEFAULT 0;
ALTER TABLE drill_attempts ADD COLUMN IF NOT EXISTS missed JSONB NOT NULL DEFAULT '[]';
ALTER TABLE drill_attempts ADD COLUMN IF NOT EXISTS actions INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS drill_attempts_person_drill ON drill_attempts (person, drill_id);
CREATE TABLE IF NOT EXISTS people (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, lead_id TEXT, created_at BIGINT NOT NULL, password TEXT);
CREATE INDEX IF NOT EXISTS people_lead ON people (lead_id, created_at);
CREATE TABLE IF NOT EXISTS person_tokens (id BIGSERIAL PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, person_id TEXT NOT NULL, issued_at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS person_tokens_person ON person_tokens (person_id, id);
`,
    },
  ],
};
