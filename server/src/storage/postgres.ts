import pg from 'pg';
import type { InvitationRecord, MissedUpdates, OrderedLog, SessionRecord, SessionSummary, Storage, StoredSession } from './types.ts';
import { toInvitation, toRecord, toSummary, type InvitationRow, type SessionRow as BaseSessionRow } from './rows.ts';
import { migratePostgres, type Steps } from './migrations.ts';

// int8 (bigint) columns hold ms timestamps and ids: well inside 2^53, so read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * PostgreSQL storage: the same contract as SQLite, for deployments with several instances.
 * A resolved append is committed, and with PostgreSQL's default synchronous_commit=on its WAL
 * record is flushed to disk. Update ids are per session (1, 2, 3, …), assigned under the
 * session's row lock, so every instance sees one gap-free sequence per session.
 */
export class PostgresStorage implements Storage, OrderedLog {
  private readonly pool: pg.Pool;
  private ready: Promise<void>;
  private closed = false;

  /** Steps of other parts kept in this database (the drill store's), run with the sessions' at open. */
  private readonly extraSteps: readonly Steps[];

  constructor(url: string, options: { maxConnections?: number; log?: (m: string) => void; steps?: readonly Steps[] } = {}) {
    this.extraSteps = options.steps ?? [];
    this.pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 20, connectionTimeoutMillis: 10_000 });
    // An idle client losing its server (PostgreSQL restarting) must not crash the process.
    this.pool.on('error', (e) => options.log?.(`postgres: idle connection lost: ${e.message}`));
    this.ready = this.migrate();
    this.ready.catch(() => undefined);
  }

  /** Resolves once the schema exists; rejects with the connection error (the server does not start). */
  async open(): Promise<void> {
    await this.ready;
  }

  private async migrate(): Promise<void> {
    const c = await this.pool.connect();
    try {
      // Under the advisory lock: two instances starting at once must not race on a step.
      await migratePostgres(c, [POSTGRES_SESSION_STEPS, ...this.extraSteps]);
    } finally {
      c.release();
    }
  }

  /** The pool, for a store that keeps its tables in the same database (the drill store). */
  get connections(): pg.Pool {
    return this.pool;
  }

  private async tx<T>(work: (c: pg.PoolClient) => Promise<T>, isolation = ''): Promise<T> {
    await this.ready;
    const c = await this.pool.connect();
    try {
      await c.query(`BEGIN${isolation ? ` ISOLATION LEVEL ${isolation}` : ''}`);
      const result = await work(c);
      await c.query('COMMIT');
      return result;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  private async q<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    await this.ready;
    return (await this.pool.query<R>(text, values)).rows;
  }

  async createSession(r: SessionRecord, initialUpdate: Uint8Array): Promise<void> {
    await this.tx(async (c) => {
      await c.query('INSERT INTO sessions (id, title, scenario_id, created_at, created_by, updated_at, last_update_id) VALUES ($1, $2, $3, $4, $5, $4, 1)', [
        r.id,
        r.title,
        r.scenarioId,
        r.createdAt,
        r.createdBy,
      ]);
      await c.query('INSERT INTO updates (session_id, id, data) VALUES ($1, 1, $2)', [r.id, Buffer.from(initialUpdate)]);
    });
  }

  async appendUpdates(sessionId: string, updates: readonly Uint8Array[]): Promise<number> {
    return this.tx(async (c) => {
      const last = await lockSession(c, sessionId);
      return insertUpdates(c, sessionId, last, updates);
    });
  }

  async appendInOrder(sessionId: string, knownId: number, produce: (missed: MissedUpdates) => Uint8Array[]) {
    return this.tx(async (c) => {
      const last = await lockSession(c, sessionId);
      const missed = last > knownId ? await readAfter(c, sessionId, knownId, last) : { checkpoint: null, updates: [], lastId: last };
      const updates = produce(missed);
      const lastId = await insertUpdates(c, sessionId, last, updates);
      return { firstId: last + 1, lastId, missed };
    });
  }

  async readSince(sessionId: string, afterId: number): Promise<MissedUpdates | undefined> {
    return this.tx(async (c) => {
      const rows = await c.query<{ last_update_id: number }>('SELECT last_update_id FROM sessions WHERE id = $1', [sessionId]);
      const last = rows.rows[0]?.last_update_id;
      if (last === undefined) return undefined;
      return last > afterId ? readAfter(c, sessionId, afterId, last) : { checkpoint: null, updates: [], lastId: last };
    }, 'REPEATABLE READ READ ONLY');
  }

  async lastIds(sessionIds: readonly string[]): Promise<Map<string, number>> {
    if (sessionIds.length === 0) return new Map();
    const rows = await this.q<{ id: string; last_update_id: number }>('SELECT id, last_update_id FROM sessions WHERE id = ANY($1)', [sessionIds]);
    return new Map(rows.map((r) => [r.id, r.last_update_id]));
  }

  async loadSession(sessionId: string): Promise<StoredSession | undefined> {
    // One snapshot: a compaction by another instance cannot fall between checkpoint and tail.
    return this.tx(async (c) => {
      const s = await c.query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [sessionId]);
      const row = s.rows[0];
      if (!row) return undefined;
      const missed = await readAfter(c, sessionId, 0, row.last_update_id);
      return { record: toRecord(row), checkpoint: missed.checkpoint, updates: missed.updates, lastUpdateId: row.last_update_id };
    }, 'REPEATABLE READ READ ONLY');
  }

  async compact(sessionId: string, checkpoint: Uint8Array, upTo: number): Promise<void> {
    await this.tx(async (c) => {
      await lockSession(c, sessionId);
      // Never replace a checkpoint by an older one: the updates it covered are already gone.
      const r = await c.query(
        `INSERT INTO checkpoints (session_id, data, up_to) VALUES ($1, $2, $3)
         ON CONFLICT (session_id) DO UPDATE SET data = excluded.data, up_to = excluded.up_to WHERE checkpoints.up_to < excluded.up_to`,
        [sessionId, Buffer.from(checkpoint), upTo],
      );
      if (r.rowCount === 1) await c.query('DELETE FROM updates WHERE session_id = $1 AND id <= $2', [sessionId, upTo]);
    });
  }

  async getSession(sessionId: string): Promise<SessionSummary | undefined> {
    const rows = await this.q<SessionRow & { update_count: number }>(`${SUMMARY} WHERE s.id = $1`, [sessionId]);
    return rows[0] ? toSummary(rows[0]) : undefined;
  }

  async listSessions(limit: number): Promise<SessionSummary[]> {
    return (await this.q<SessionRow & { update_count: number }>(`${SUMMARY} ORDER BY s.created_at DESC LIMIT $1`, [limit])).map(toSummary);
  }

  async saveInvitation(i: InvitationRecord): Promise<void> {
    await this.q('INSERT INTO invitations (jti, session_id, role, name, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      i.jti,
      i.sessionId,
      i.role,
      i.name,
      i.createdAt,
      i.expiresAt,
      i.revokedAt,
    ]);
  }

  async getInvitation(jti: string): Promise<InvitationRecord | undefined> {
    const rows = await this.q<InvitationRow>('SELECT * FROM invitations WHERE jti = $1', [jti]);
    return rows[0] ? toInvitation(rows[0]) : undefined;
  }

  async listInvitations(sessionId: string): Promise<InvitationRecord[]> {
    return (await this.q<InvitationRow>('SELECT * FROM invitations WHERE session_id = $1 ORDER BY created_at, jti', [sessionId])).map(toInvitation);
  }

  async revokeInvitation(sessionId: string, jti: string, at: number): Promise<InvitationRecord | undefined> {
    const rows = await this.q<InvitationRow>('UPDATE invitations SET revoked_at = COALESCE(revoked_at, $1) WHERE session_id = $2 AND jti = $3 RETURNING *', [at, sessionId, jti]);
    return rows[0] ? toInvitation(rows[0]) : undefined;
  }

  /** Readiness: one round trip to the server. */
  async ping(): Promise<void> {
    await this.q('SELECT 1');
  }

  /** Waits for queries in flight (a pending append completes), then closes every connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ready.catch(() => undefined);
    await this.pool.end();
  }
}

/** Lock the session's row for this transaction and return its last update id. */
async function lockSession(c: pg.PoolClient, sessionId: string): Promise<number> {
  const r = await c.query<{ last_update_id: number }>('SELECT last_update_id FROM sessions WHERE id = $1 FOR UPDATE', [sessionId]);
  const row = r.rows[0];
  if (!row) throw new Error(`no session ${sessionId} in PostgreSQL`);
  return row.last_update_id;
}

async function insertUpdates(c: pg.PoolClient, sessionId: string, last: number, updates: readonly Uint8Array[]): Promise<number> {
  if (updates.length === 0) return last;
  const ids = updates.map((_, i) => last + 1 + i);
  const lastId = last + updates.length;
  // One round trip for both writes: the lock is held for as short a time as the commit allows.
  await c.query(
    `WITH inserted AS (INSERT INTO updates (session_id, id, data) SELECT $1, * FROM unnest($2::bigint[], $3::bytea[]))
     UPDATE sessions SET last_update_id = $4, updated_at = $5 WHERE id = $1`,
    [sessionId, ids, updates.map((u) => Buffer.from(u)), lastId, Date.now()],
  );
  return lastId;
}

async function readAfter(c: pg.PoolClient, sessionId: string, afterId: number, last: number): Promise<MissedUpdates> {
  const cp = (await c.query<{ data: Buffer; up_to: number }>('SELECT data, up_to FROM checkpoints WHERE session_id = $1', [sessionId])).rows[0];
  // Updates up to the checkpoint were dropped: whoever missed some of them needs the checkpoint.
  const useCheckpoint = cp !== undefined && cp.up_to > afterId;
  const from = useCheckpoint ? cp.up_to : afterId;
  const rows = (await c.query<{ data: Buffer }>('SELECT data FROM updates WHERE session_id = $1 AND id > $2 ORDER BY id', [sessionId, from])).rows;
  return { checkpoint: useCheckpoint ? new Uint8Array(cp.data) : null, updates: rows.map((r) => new Uint8Array(r.data)), lastId: last };
}

/** The sessions' schema in PostgreSQL, step by step (see migrations.ts: add steps, never edit one). */
export const POSTGRES_SESSION_STEPS: Steps = {
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
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_update_id BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS updates (
  session_id TEXT NOT NULL REFERENCES sessions(id),
  id BIGINT NOT NULL,
  data BYTEA NOT NULL,
  PRIMARY KEY (session_id, id)
);
CREATE TABLE IF NOT EXISTS checkpoints (
  session_id TEXT PRIMARY KEY REFERENCES sessions(id),
  data BYTEA NOT NULL,
  up_to BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS invitations (
  jti TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX IF NOT EXISTS invitations_by_session ON invitations (session_id);
`,
    },
  ],
};

const SUMMARY = `SELECT s.*, (SELECT COUNT(*)::int FROM updates u WHERE u.session_id = s.id) AS update_count FROM sessions s`;

interface SessionRow extends BaseSessionRow {
  last_update_id: number;
}
