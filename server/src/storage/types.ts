/**
 * Where sessions live. SQLite implements it today (sqlite.ts); PostgreSQL can follow with the same
 * contract. Every method may be async: the room awaits each call in order and acknowledges
 * nothing (command reply, broadcast to other participants) before the promise resolves, so a
 * resolved appendUpdates must mean "durable".
 */
export interface SessionRecord {
  id: string;
  title: string;
  scenarioId: string;
  createdAt: number; // ms since the Unix epoch
  createdBy: string;
}

export interface InvitationRecord {
  jti: string;
  sessionId: string;
  role: 'lead' | 'engineer' | 'observer';
  name: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface StoredSession {
  record: SessionRecord;
  /** Yjs update holding the whole document up to checkpointUpTo, or null before the first compaction. */
  checkpoint: Uint8Array | null;
  /** Updates appended after the checkpoint, in order. */
  updates: Uint8Array[];
  /** Id of the last update folded into the checkpoint or in updates (0 for none). */
  lastUpdateId: number;
}

export interface SessionSummary extends SessionRecord {
  updatedAt: number;
  updateCount: number;
}

/** What another instance stored after `afterId`: the checkpoint when it already folded past afterId, then the tail. */
export interface MissedUpdates {
  checkpoint: Uint8Array | null;
  updates: Uint8Array[];
  /** Id of the last update stored for the session (afterId when nothing is missing). */
  lastId: number;
}

/**
 * Ordered appends for several server instances sharing one session. The session's row is locked
 * for the whole transaction, so appends of one session are serialized across instances: the
 * caller first receives what others stored since `knownId`, then produces its own updates (the
 * judge stamps a command's seq from a document that already holds every earlier command), and
 * they get the next ids. The order of the update log is therefore the one total order.
 */
export interface OrderedLog {
  appendInOrder(sessionId: string, knownId: number, produce: (missed: MissedUpdates) => Uint8Array[]): Promise<{ firstId: number; lastId: number; missed: MissedUpdates }>;
  /** Everything stored after afterId (a checkpoint included when the updates were already folded). */
  readSince(sessionId: string, afterId: number): Promise<MissedUpdates | undefined>;
  /** The id of each session's last stored update (storage lag: what an instance has not applied yet). */
  lastIds(sessionIds: readonly string[]): Promise<Map<string, number>>;
}

export interface Storage {
  /** Create a session with its first document state, atomically. */
  createSession(record: SessionRecord, initialUpdate: Uint8Array): Promise<void>;
  /** Append updates to a session's log in one durable transaction; returns the id of the last one. */
  appendUpdates(sessionId: string, updates: readonly Uint8Array[]): Promise<number>;
  loadSession(sessionId: string): Promise<StoredSession | undefined>;
  /** Replace the checkpoint by `checkpoint` (covering updates ≤ upTo) and drop those updates. */
  compact(sessionId: string, checkpoint: Uint8Array, upTo: number): Promise<void>;
  getSession(sessionId: string): Promise<SessionSummary | undefined>;
  listSessions(limit: number): Promise<SessionSummary[]>;

  saveInvitation(invitation: InvitationRecord): Promise<void>;
  getInvitation(jti: string): Promise<InvitationRecord | undefined>;
  listInvitations(sessionId: string): Promise<InvitationRecord[]>;
  revokeInvitation(sessionId: string, jti: string, at: number): Promise<InvitationRecord | undefined>;

  close(): Promise<void>;
}
