import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import {
  CLOSE,
  CommandRequest,
  ClockRequestMessage,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_CLOCK,
  MESSAGE_COMMAND,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  encodeReply,
  readJsonPayload,
} from '@twinlab/shared/session/protocol';
import type { Reply } from '@twinlab/shared/session/protocol';
import type { Invitation } from '../auth/tokens.ts';
import type { Storage } from '../storage/types.ts';
import type { PeerSocket } from './socket.ts';
import { Judge } from '../judge/judge.ts';
import type { ClockResult, CommandResult, Refusal, SessionDeps } from '../judge/judge.ts';
import { TokenBucket } from './rate-limit.ts';
import type { ServerMetrics } from './metrics.ts';
import { checkAwareness } from './awareness.ts';
import type { Cluster, RemoteSink, SessionLink } from '../scale/link.ts';
import type { MissedUpdates } from '../storage/types.ts';

export interface RoomLimits {
  /** Largest frame a participant may send, in bytes. */
  maxMessageBytes: number;
  /** Sustained messages per second per connection, and the burst above it. */
  messagesPerSecond: number;
  messageBurst: number;
  /** A connection whose unsent backlog exceeds this is closed (it reconnects and resyncs). */
  maxBufferedBytes: number;
  /** Fold the update log into a checkpoint after this many appended updates. */
  compactEvery: number;
}

export const DEFAULT_LIMITS: RoomLimits = {
  maxMessageBytes: 2 * 1024 * 1024,
  messagesPerSecond: 100,
  messageBurst: 300,
  maxBufferedBytes: 16 * 1024 * 1024,
  compactEvery: 500,
};

/** Refused writes after which a connection is closed (4403): its document has diverged anyway, and each refusal costs the judge a rebuild. */
export const MAX_REFUSALS = 5;
/** setTimeout's longest delay; a later expiry is checked again when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface RoomDeps extends SessionDeps {
  storage: Storage;
  limits: RoomLimits;
  metrics: ServerMetrics;
  log: (message: string) => void;
  /** Scale-out mode: the other instances holding the same sessions (Redis + PostgreSQL). */
  cluster?: Cluster;
}

/** Origin of changes another server instance made durable: spread at once, never stored again. */
export const REMOTE = 'twinlab-remote-instance';

/** One participant's connection to a room. */
export class Connection {
  readonly bucket: TokenBucket;
  /** Awareness client ids this connection announced, removed when it leaves. */
  readonly awarenessIds = new Set<number>();
  closed = false;
  /** Writes of this connection the judge refused. */
  refusals = 0;
  /** Closes the connection when its invitation expires. */
  expiry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly socket: PeerSocket,
    readonly invitation: Invitation,
    nowMs: number,
    limits: RoomLimits,
  ) {
    this.bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, nowMs);
  }
}

class RoomBroken extends Error {}

/**
 * A loaded session: its document, the participants connected to it and the order in which their
 * messages take effect. Every change goes through one queue, so an update is judged, applied,
 * made durable and only then spread (or acknowledged), one at a time, in arrival order.
 */
export class Room implements RemoteSink {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  lastActivity: number;
  private readonly judge: Judge;
  private outbox: { update: Uint8Array; origin: unknown }[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private broken = false;
  private lastUpdateId: number;
  private sinceCheckpoint: number;
  private link: SessionLink | undefined;

  private constructor(
    readonly id: string,
    doc: Y.Doc,
    lastUpdateId: number,
    pendingUpdates: number,
    private readonly deps: RoomDeps,
  ) {
    this.doc = doc;
    this.lastUpdateId = lastUpdateId;
    this.sinceCheckpoint = pendingUpdates;
    this.lastActivity = deps.now();
    this.judge = new Judge(doc, deps);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) {
        this.judge.follow(update);
        const frame = updateFrame(update);
        for (const c of this.connections) this.send(c, frame);
        return;
      }
      this.outbox.push({ update, origin });
      // The shadow already holds a participant's update (it was judged there first).
      if (!(origin instanceof Connection)) this.judge.follow(update);
    });
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      if (origin instanceof Connection) {
        added.forEach((c) => origin.awarenessIds.add(c));
        removed.forEach((c) => origin.awarenessIds.delete(c));
      }
      const changed = [...added, ...updated, ...removed];
      const payload = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(e, payload);
      const frame = encoding.toUint8Array(e);
      for (const c of this.connections) this.send(c, frame);
      if (origin !== REMOTE) this.link?.publishAwareness(payload);
    });
  }

  static async load(id: string, deps: RoomDeps): Promise<Room | undefined> {
    // The stream position is taken before the load: whatever is published meanwhile is read again (harmless).
    const prepared = await deps.cluster?.prepare(id);
    const stored = await deps.storage.loadSession(id);
    if (!stored) return undefined;
    const doc = new Y.Doc();
    Y.transact(doc, () => {
      if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
    });
    const room = new Room(id, doc, stored.lastUpdateId, stored.updates.length, deps);
    if (prepared) room.link = prepared.attach(room);
    return room;
  }

  /** The stamped commands of the log, in order (indexed as they are appended: no re-parse per call). */
  commands(): ReturnType<Judge['log']> {
    return this.judge.log();
  }

  /** The session's scenario as the judge parsed it (undefined when it does not parse). */
  scenario(): ReturnType<Judge['scenario']> {
    return this.judge.scenario();
  }

  /** Every update with an id up to this one is in the document (the ids of the storage log). */
  get knownId(): number {
    return this.lastUpdateId;
  }

  /** Updates another instance made durable (from its stream, or read back from storage). */
  applyRemote(missed: MissedUpdates): void {
    if (this.doc.isDestroyed) return;
    if (missed.checkpoint) Y.applyUpdate(this.doc, missed.checkpoint, REMOTE);
    for (const u of missed.updates) Y.applyUpdate(this.doc, u, REMOTE);
    this.sinceCheckpoint += missed.updates.length;
    this.lastUpdateId = Math.max(this.lastUpdateId, missed.lastId);
  }

  applyRemoteAwareness(update: Uint8Array): void {
    if (!this.doc.isDestroyed) awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE);
  }

  /** Wait until every queued message has taken effect (tests, unload). */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  join(socket: PeerSocket, invitation: Invitation): Connection {
    const conn = new Connection(socket, invitation, this.deps.now(), this.deps.limits);
    this.connections.add(conn);
    this.lastActivity = this.deps.now();
    this.closeAtExpiry(conn);
    void this.enqueue(async () => {
      // A participant moving over from another instance may hold updates this one has not read
      // yet; once caught up, its sync answer carries none of the server's own writes.
      await this.link?.catchUp();
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(e, this.doc);
      this.send(conn, encoding.toUint8Array(e));
      const states = [...this.awareness.getStates().keys()];
      if (states.length > 0) this.send(conn, awarenessFrame(this.awareness, states));
    }).catch(() => undefined);
    return conn;
  }

  /** A socket lives no longer than its invitation: at expiry it is closed with 4401. */
  private closeAtExpiry(conn: Connection): void {
    const left = conn.invitation.expiresAt - this.deps.now();
    if (left <= 0) return this.close(conn, CLOSE.unauthenticated, 'your invitation expired: ask the lead for a new one');
    conn.expiry = setTimeout(() => this.closeAtExpiry(conn), Math.min(left, MAX_TIMER_MS));
    conn.expiry.unref?.();
  }

  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    conn.closed = true;
    clearTimeout(conn.expiry);
    this.lastActivity = this.deps.now();
    if (conn.awarenessIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null);
  }

  /** Close a connection for a reason the client reads in the close code (see CLOSE). */
  close(conn: Connection, code: number, reason: string): void {
    if (conn.closed) return;
    this.deps.metrics.countClose(code);
    this.leave(conn);
    try {
      conn.socket.close(code, reason.slice(0, 120));
    } catch {
      // The socket may already be gone; the connection is closed for the room either way.
    }
  }

  /** One frame from a participant. Never throws: anything malformed closes that connection only. */
  receive(conn: Connection, data: Uint8Array): void {
    if (conn.closed) return;
    const m = this.deps.metrics;
    m.messagesIn++;
    m.bytesIn += data.byteLength;
    this.lastActivity = this.deps.now();
    if (data.byteLength > this.deps.limits.maxMessageBytes) {
      return this.close(conn, CLOSE.tooBig, `message of ${data.byteLength} bytes exceeds ${this.deps.limits.maxMessageBytes}`);
    }
    if (!conn.bucket.take(this.deps.now())) return this.close(conn, CLOSE.rateLimited, 'too many messages');
    try {
      this.dispatch(conn, data);
    } catch (e) {
      this.close(conn, CLOSE.malformed, `malformed message: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private dispatch(conn: Connection, data: Uint8Array): void {
    const d = decoding.createDecoder(data);
    const type = decoding.readVarUint(d);
    switch (type) {
      case MESSAGE_SYNC: {
        const step = decoding.readVarUint(d);
        if (step === syncProtocol.messageYjsSyncStep1) {
          const sv = decoding.readVarUint8Array(d);
          Y.decodeStateVector(sv); // throws on a malformed vector, before it is queued
          void this.enqueue(() => this.answerSyncStep1(conn, sv)).catch(() => undefined);
        } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
          const update = decoding.readVarUint8Array(d);
          void this.enqueue(() => this.applyParticipantUpdate(conn, update)).catch(() => undefined);
        } else throw new Error(`unknown sync step ${step}`);
        return;
      }
      case MESSAGE_AWARENESS: {
        const update = decoding.readVarUint8Array(d);
        const verdict = checkAwareness(update, conn, this.connections, (id) => this.awareness.meta.has(id));
        if (!verdict.ok) {
          this.deps.metrics.writesRefused++;
          return this.deny(conn, verdict.reason);
        }
        for (const old of verdict.stale) {
          // Hand its ids over first, so closing it does not remove the presence just renewed.
          old.awarenessIds.forEach((id) => conn.awarenessIds.add(id));
          old.awarenessIds.clear();
          this.close(old, CLOSE.replaced, 'replaced by a newer connection');
        }
        if (verdict.own) awarenessProtocol.applyAwarenessUpdate(this.awareness, verdict.own, conn);
        return;
      }
      case MESSAGE_AUTH:
        return; // Clients have nothing to say in the auth protocol; the token was checked before the upgrade.
      case MESSAGE_QUERY_AWARENESS:
        this.send(conn, awarenessFrame(this.awareness, [...this.awareness.getStates().keys()]));
        return;
      case MESSAGE_COMMAND: {
        const req = CommandRequest.parse(readJsonPayload(d));
        void this.submitCommand(conn.invitation, req.command).then(
          (r) => this.reply(conn, r.ok ? { id: req.id, ok: true, serverMs: this.deps.now(), command: r.command } : this.refusal(req.id, r)),
          () => undefined,
        );
        return;
      }
      case MESSAGE_CLOCK: {
        const req = ClockRequestMessage.parse(readJsonPayload(d));
        void this.controlClock(conn.invitation, req.request).then(
          (r) => this.reply(conn, r.ok ? { id: req.id, ok: true, serverMs: this.deps.now(), clock: r.clock } : this.refusal(req.id, r)),
          () => undefined,
        );
        return;
      }
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }

  /** Judge, stamp and append a command to the log; resolves once it is durable. */
  submitCommand(who: Invitation, raw: unknown, idempotencyKey?: string): Promise<CommandResult> {
    return this.enqueue(async () => {
      const down = this.link?.unavailable();
      if (down) return { ok: false, status: 503, error: down };
      let result: CommandResult | undefined;
      await this.commit(() => (result = this.judge.command(who, raw, idempotencyKey)));
      if (!result!.ok) {
        this.deps.metrics.commandsRefused++;
        return result!;
      }
      this.deps.metrics.commandsAccepted++;
      return result!;
    });
  }

  /** A lead's play, pause, speed or seek; resolves with the new clock once it is durable. */
  controlClock(who: Invitation, raw: unknown): Promise<ClockResult> {
    return this.enqueue(async () => {
      const down = this.link?.unavailable();
      if (down) return { ok: false, status: 503, error: down };
      let result: ClockResult | undefined;
      await this.commit(() => (result = this.judge.clock(who, raw)));
      if (result!.ok) this.deps.metrics.clockChanges++;
      return result!;
    });
  }

  private answerSyncStep1(conn: Connection, stateVector: Uint8Array): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(this.doc, stateVector));
    this.send(conn, encoding.toUint8Array(e));
  }

  private async applyParticipantUpdate(conn: Connection, update: Uint8Array): Promise<void> {
    if (conn.closed) return;
    const rebuilds = this.judge.rebuilds;
    const verdict = this.judge.write(update, { role: conn.invitation.role, name: conn.invitation.name });
    this.deps.metrics.judgeRebuilds += this.judge.rebuilds - rebuilds;
    if (!verdict.ok) {
      this.deps.metrics.writesRefused++;
      this.deny(conn, verdict.reason);
      if (++conn.refusals >= MAX_REFUSALS) this.close(conn, CLOSE.forbidden, `${MAX_REFUSALS} writes refused (${verdict.reason}): reload the session`);
      return;
    }
    Y.applyUpdate(this.doc, update, conn);
    this.deps.metrics.updatesAccepted++;
    // Nothing new (a joining participant's sync answer, usually): no lock, no append.
    if (this.outbox.length === 0 && !verdict.parts.includes('scenario')) return;
    // A lead edited the scenario: the server keeps meta.scenarioHash true to the text.
    await this.commit(() => {
      if (verdict.parts.includes('scenario')) this.judge.refreshScenarioHash();
    });
  }

  /**
   * Let `produce` write the server's change into the document, make everything pending durable,
   * then spread it. With a link (several instances) this happens under the session's lock in
   * PostgreSQL, after applying what other instances stored: the storage log is the one order.
   */
  private async commit(produce: () => unknown): Promise<void> {
    if (!this.link) {
      produce();
      return this.flush();
    }
    let batch: { update: Uint8Array; origin: unknown }[] = [];
    try {
      const r = await this.link.commit(this.lastUpdateId, (missed) => {
        this.applyRemote(missed);
        produce();
        batch = this.outbox;
        this.outbox = [];
        return batch.map((b) => b.update);
      });
      this.lastUpdateId = Math.max(this.lastUpdateId, r.lastId);
      if (batch.length > 0) this.deps.metrics.storageAppends++;
    } catch (e) {
      this.storageFailed(e);
    }
    await this.stored(batch);
  }

  private spread(batch: { update: Uint8Array; origin: unknown }[]): void {
    for (const { update, origin } of batch) {
      const frame = updateFrame(update);
      for (const c of this.connections) if (c !== origin) this.send(c, frame);
    }
  }

  /** Make the outbox durable, then spread it. Nothing is sent to anyone before it is stored. */
  private async flush(): Promise<void> {
    if (this.outbox.length === 0) return;
    const batch = this.outbox;
    this.outbox = [];
    try {
      this.lastUpdateId = await this.deps.storage.appendUpdates(
        this.id,
        batch.map((b) => b.update),
      );
      this.deps.metrics.storageAppends++;
    } catch (e) {
      this.storageFailed(e);
    }
    await this.stored(batch);
  }

  private storageFailed(e: unknown): never {
    this.deps.metrics.storageFailures++;
    this.fail(`could not store an update: ${e instanceof Error ? e.message : String(e)}`);
    throw new RoomBroken('storage failed');
  }

  /**
   * A durable batch: spread it, and fold the log once enough has accumulated. A failed fold loses
   * nothing (the log still holds every update; the next fold tries again), so it is logged and
   * counted, never reported as the failure of the command that happened to trigger it.
   */
  private async stored(batch: { update: Uint8Array; origin: unknown }[]): Promise<void> {
    this.sinceCheckpoint += batch.length;
    this.spread(batch);
    if (this.sinceCheckpoint < this.deps.limits.compactEvery) return;
    try {
      await this.compact();
    } catch (e) {
      this.deps.metrics.compactionFailures++;
      this.deps.log(`session ${this.id}: folding the update log failed (kept, tried again later): ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async compact(): Promise<void> {
    if (this.sinceCheckpoint === 0) return;
    // Several instances hold this session: only the holder of its lease folds the log.
    if (this.link && !(await this.link.mayCompact())) return;
    await this.deps.storage.compact(this.id, Y.encodeStateAsUpdate(this.doc), this.lastUpdateId);
    this.sinceCheckpoint = 0;
    this.deps.metrics.compactions++;
  }

  /**
   * Storage failed: the document holds a change that is not durable. Drop everyone (they reconnect
   * and resync against what was stored) and refuse further work; the manager unloads the room.
   */
  private fail(reason: string): void {
    this.broken = true;
    this.deps.log(`session ${this.id}: ${reason}; unloading it`);
    for (const c of [...this.connections]) this.close(c, CLOSE.serverError, 'the server could not store the session');
  }

  get isBroken(): boolean {
    return this.broken;
  }

  /** Close every connection, store a checkpoint and free the document. */
  async unload(code: number = CLOSE.goingAway, reason = 'session unloaded'): Promise<void> {
    for (const c of [...this.connections]) this.close(c, code, reason);
    await this.enqueue(async () => {
      if (!this.broken) await this.compact();
    }).catch(() => undefined);
    await this.link?.detach().catch((e: unknown) => this.deps.log(`session ${this.id}: leaving the cluster stream failed: ${String(e)}`));
    this.judge.destroy();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private deny(conn: Connection, reason: string): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_AUTH);
    authProtocol.writePermissionDenied(e, reason);
    this.send(conn, encoding.toUint8Array(e));
  }

  private refusal(id: string | number, r: Refusal): Reply {
    return { id, ok: false, serverMs: this.deps.now(), error: r.error, ...(r.issues ? { issues: r.issues } : {}) };
  }

  private reply(conn: Connection, reply: Reply): void {
    this.send(conn, encodeReply(reply));
  }

  private send(conn: Connection, frame: Uint8Array): void {
    if (conn.closed) return;
    if (conn.socket.bufferedAmount > this.deps.limits.maxBufferedBytes) {
      this.close(conn, CLOSE.tryAgainLater, 'the connection reads too slowly');
      return;
    }
    try {
      conn.socket.send(frame);
    } catch {
      this.close(conn, CLOSE.goingAway, 'send failed');
    }
  }

  private enqueue<T>(task: () => T | Promise<T>): Promise<T> {
    const run = this.tail.then(() => {
      if (this.broken) throw new RoomBroken('the session is unloading after a storage failure');
      return task();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

function awarenessFrame(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(e);
}

function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}
