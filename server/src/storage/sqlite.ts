import Database from 'better-sqlite3';
import type { InvitationRecord, SessionRecord, SessionSummary, Storage, StoredSession } from './types.ts';
import { toInvitation, toRecord, toSummary, type InvitationRow, type SessionRow } from './rows.ts';
import { migrateSqlite, type Steps } from './migrations.ts';

export type Durability = 'full' | 'normal';

/**
 * SQLite in WAL mode. With synchronous=NORMAL a commit is in the WAL file (the OS page cache)
 * when it returns, which survives kill -9 of the server; synchronous=FULL also fsyncs it, which
 * survives power loss at the cost of a disk flush per commit. Default: full.
 */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly stmt;

  constructor(file: string, durability: Durability = 'full') {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('foreign_keys = ON');
    migrateSqlite(this.db, SQLITE_SESSION_STEPS);
    const db = this.db;
    this.stmt = {
      insertSession: db.prepare('INSERT INTO sessions (id, title, scenario_id, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
      insertUpdate: db.prepare('INSERT INTO updates (session_id, data) VALUES (?, ?)'),
      touch: db.prepare('UPDATE sessions SET updated_at = ? WHERE id = ?'),
      session: db.prepare('SELECT * FROM sessions WHERE id = ?'),
      checkpoint: db.prepare('SELECT data, up_to FROM checkpoints WHERE session_id = ?'),
      updatesAfter: db.prepare('SELECT id, data FROM updates WHERE session_id = ? AND id > ? ORDER BY id'),
      upsertCheckpoint: db.prepare('INSERT INTO checkpoints (session_id, data, up_to) VALUES (?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET data = excluded.data, up_to = excluded.up_to'),
      dropUpdates: db.prepare('DELETE FROM updates WHERE session_id = ? AND id <= ?'),
      summary: db.prepare(`SELECT s.*, (SELECT COUNT(*) FROM updates u WHERE u.session_id = s.id) AS update_count FROM sessions s WHERE s.id = ?`),
      list: db.prepare(`SELECT s.*, (SELECT COUNT(*) FROM updates u WHERE u.session_id = s.id) AS update_count FROM sessions s ORDER BY s.created_at DESC LIMIT ?`),
      insertInvitation: db.prepare('INSERT INTO invitations (jti, session_id, role, name, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      invitation: db.prepare('SELECT * FROM invitations WHERE jti = ?'),
      invitations: db.prepare('SELECT * FROM invitations WHERE session_id = ? ORDER BY created_at'),
      revoke: db.prepare('UPDATE invitations SET revoked_at = COALESCE(revoked_at, ?) WHERE session_id = ? AND jti = ?'),
    };
  }

  async createSession(r: SessionRecord, initialUpdate: Uint8Array): Promise<void> {
    this.db.transaction(() => {
      this.stmt.insertSession.run(r.id, r.title, r.scenarioId, r.createdAt, r.createdBy, r.createdAt);
      this.stmt.insertUpdate.run(r.id, initialUpdate);
    })();
  }

  async appendUpdates(sessionId: string, updates: readonly Uint8Array[]): Promise<number> {
    return this.db.transaction(() => {
      let last = 0;
      for (const u of updates) last = Number(this.stmt.insertUpdate.run(sessionId, u).lastInsertRowid);
      this.stmt.touch.run(Date.now(), sessionId);
      return last;
    })();
  }

  async loadSession(sessionId: string): Promise<StoredSession | undefined> {
    const row = this.stmt.session.get(sessionId) as SessionRow | undefined;
    if (!row) return undefined;
    const cp = this.stmt.checkpoint.get(sessionId) as { data: Buffer; up_to: number } | undefined;
    const upTo = cp?.up_to ?? 0;
    const rows = this.stmt.updatesAfter.all(sessionId, upTo) as { id: number; data: Buffer }[];
    return {
      record: toRecord(row),
      checkpoint: cp ? new Uint8Array(cp.data) : null,
      updates: rows.map((u) => new Uint8Array(u.data)),
      lastUpdateId: rows.length > 0 ? rows[rows.length - 1]!.id : upTo,
    };
  }

  async compact(sessionId: string, checkpoint: Uint8Array, upTo: number): Promise<void> {
    this.db.transaction(() => {
      this.stmt.upsertCheckpoint.run(sessionId, checkpoint, upTo);
      this.stmt.dropUpdates.run(sessionId, upTo);
    })();
  }

  async getSession(sessionId: string): Promise<SessionSummary | undefined> {
    const row = this.stmt.summary.get(sessionId) as (SessionRow & { update_count: number }) | undefined;
    return row ? toSummary(row) : undefined;
  }

  async listSessions(limit: number): Promise<SessionSummary[]> {
    return (this.stmt.list.all(limit) as (SessionRow & { update_count: number })[]).map(toSummary);
  }

  async saveInvitation(i: InvitationRecord): Promise<void> {
    this.stmt.insertInvitation.run(i.jti, i.sessionId, i.role, i.name, i.createdAt, i.expiresAt, i.revokedAt);
  }

  async getInvitation(jti: string): Promise<InvitationRecord | undefined> {
    const row = this.stmt.invitation.get(jti) as InvitationRow | undefined;
    return row ? toInvitation(row) : undefined;
  }

  async listInvitations(sessionId: string): Promise<InvitationRecord[]> {
    return (this.stmt.invitations.all(sessionId) as InvitationRow[]).map(toInvitation);
  }

  async revokeInvitation(sessionId: string, jti: string, at: number): Promise<InvitationRecord | undefined> {
    this.stmt.revoke.run(at, sessionId, jti);
    const inv = await this.getInvitation(jti);
    return inv?.sessionId === sessionId ? inv : undefined;
  }

  async close(): Promise<void> {
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
}

/** The sessions' schema in SQLite, step by step (see migrations.ts: add steps, never edit one). */
export const SQLITE_SESSION_STEPS: Steps = {
  part: 'sessions',
  steps: [
    {
      version: 1,
      name: 'sessions, updates, checkpoints, invitations',
      sql: `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  scenario_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_by_session ON updates (session_id, id);
CREATE TABLE IF NOT EXISTS checkpoints (
  session_id TEXT PRIMARY KEY REFERENCES sessions(id),
  data BLOB NOT NULL,
  up_to INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS invitations (
  jti TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS invitations_by_session ON invitations (session_id);
`,
    },
  ],
};
