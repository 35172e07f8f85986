import type { MissedUpdates } from '../storage/types.ts';

/**
 * How a room talks to the other server instances that hold the same session (scale-out mode).
 * The embedded mode has no link: the room appends to its storage and spreads locally.
 */
export interface SessionLink {
  /**
   * The ordering point. Under the session's lock in PostgreSQL: hand over what other instances
   * stored after knownId (the room applies it), let the room produce its updates (stamping a
   * command from a document that already holds every earlier command), append them durably,
   * then publish them on the session's Redis stream. Resolves with their ids.
   */
  commit(knownId: number, produce: (missed: MissedUpdates) => Uint8Array[]): Promise<{ firstId: number; lastId: number }>;
  /** Apply whatever other instances stored that this room has not seen (read from PostgreSQL). */
  catchUp(): Promise<void>;
  /** Spread a presence change of this instance's participants to the other instances. */
  publishAwareness(update: Uint8Array): void;
  /** Why the session cannot be shared right now (Redis unreachable), or undefined when it can. */
  unavailable(): string | undefined;
  /** Whether this instance holds the session's compaction lease (taking it if it is free). */
  mayCompact(): Promise<boolean>;
  /** The room is unloading: stop reading its stream, give up the lease. */
  detach(): Promise<void>;
}

/** What the link delivers into a room: updates and presence from the other instances. */
export interface RemoteSink {
  readonly id: string;
  /** Every update with an id up to this one is in the room's document. */
  readonly knownId: number;
  /** Apply what another instance stored; `missed.lastId` is the id of its last update. */
  applyRemote(missed: MissedUpdates): void;
  applyRemoteAwareness(update: Uint8Array): void;
}

/** The scale-out side of a room manager: one per server instance. */
export interface Cluster {
  /** Before loading a session from storage: remember where its stream is, so nothing published meanwhile is missed. */
  prepare(sessionId: string): Promise<{ attach(room: RemoteSink): SessionLink }>;
  /** A lead revoked an invitation here: the other instances close its connections too. */
  revoke?(sessionId: string, jti: string): void;
}
