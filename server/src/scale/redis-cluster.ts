import { Redis } from 'ioredis';
import type { OrderedLog } from '../storage/types.ts';
import type { Logger } from '../ops/log.ts';
import { errorText } from '../ops/log.ts';
import { Histogram } from '../ops/histogram.ts';
import type { Cluster, RemoteSink, SessionLink } from './link.ts';
import { entryFields, parseEntry, sessionOfKey, streamKey } from './entries.ts';
import type { StreamEntry } from './entries.ts';
import { releaseLease, takeLease } from './lease.ts';

export interface ClusterOptions {
  redisUrl: string;
  storage: OrderedLog;
  /** Unique per process: entries it published are skipped when read back. */
  instanceId: string;
  logger: Logger;
  /** A lead revoked an invitation on another instance: close its connections here too. */
  onRevoked: (sessionId: string, jti: string) => void;
  leaseMs?: number;
  /** How often leases are renewed and the storage log is compared with what each room holds. */
  checkMs?: number;
  /** Entries kept per session stream (approximate trim); older ones are in PostgreSQL anyway. */
  streamMaxLen?: number;
  /** Where ordered appends are timed (shared with /metrics). */
  appendSeconds?: Histogram;
}

interface Subscription {
  room: RemoteSink;
  /** Last stream entry id read; undefined until Redis could be asked (then storage fills the gap). */
  position: string | undefined;
  leaseUntil: number;
  /** Another instance held the lease: do not ask again before this (ms). */
  leaseRefusedUntil: number;
  lagSeen: boolean;
  catching: Promise<void> | undefined;
  expireSetAt: number;
}

export interface ClusterStatus {
  instanceId: string;
  redis: 'up' | 'down';
  /** Why the cluster is degraded, for /healthz and the command reply. */
  problem: string | undefined;
  sessions: number;
}

const STREAM_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Scale-out: each session has a Redis stream. An instance appends an update to PostgreSQL (the
 * ordering point, see OrderedLog), then XADDs it with its instance id; every instance holding the
 * session XREADs the streams of its loaded sessions and applies what others published. Positions
 * are kept per stream, so after Redis or an instance comes back the read resumes where it stopped;
 * what a stream cannot give (trimmed, Redis restarted empty, an instance killed between commit and
 * XADD) is read back from PostgreSQL: rooms know the last update id they hold, and a periodic check
 * compares it with the storage's.
 */
export class RedisCluster implements Cluster {
  readonly instanceId: string;
  private readonly cmd: Redis;
  private readonly reader: Redis;
  private readonly subs = new Map<string, Subscription>();
  private readonly leaseMs: number;
  private readonly checkMs: number;
  private readonly maxLen: number;
  private readerClientId: number | undefined;
  private blocked = false;
  private wakeUp: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private down: string | undefined = 'not connected yet';
  private downSince = 0;

  readonly counters = { published: 0, publishFailures: 0, received: 0, malformed: 0, catchUps: 0, compactionLeases: 0, lag: 0 };
  /** Redis stream entry id (its ms clock) to the moment this instance applied it. */
  readonly delivery = new Histogram('twinlab_cluster_delivery_seconds', 'From XADD on one instance to XREAD on another (Redis clock vs local clock).');
  readonly appendLatency: Histogram;

  constructor(private readonly o: ClusterOptions) {
    this.instanceId = o.instanceId;
    this.appendLatency = o.appendSeconds ?? new Histogram('twinlab_storage_append_seconds', 'Durable append to the update log.');
    this.leaseMs = o.leaseMs ?? 30_000;
    this.checkMs = o.checkMs ?? 2_000;
    this.maxLen = o.streamMaxLen ?? 10_000;
    const options = {
      lazyConnect: true,
      // Fail at once rather than queue while Redis is away: the room refuses commands with a clear reply.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 5_000,
      retryStrategy: (times: number) => Math.min(100 * times, 2_000),
    };
    this.cmd = new Redis(o.redisUrl, { ...options, connectionName: `twinlab:${o.instanceId}` });
    this.reader = new Redis(o.redisUrl, { ...options, connectionName: `twinlab:${o.instanceId}:reader` });
    for (const r of [this.cmd, this.reader]) {
      r.on('error', (e: Error) => this.markDown(`Redis is unreachable (${e.message})`));
      r.on('close', () => this.markDown('the connection to Redis closed'));
      r.on('ready', () => void this.markUp());
    }
  }

  /** Connect to Redis; rejects (the server does not start) when Redis cannot be reached. */
  async start(): Promise<void> {
    try {
      await Promise.all([this.cmd.connect(), this.reader.connect()]);
    } catch (e) {
      this.cmd.disconnect();
      this.reader.disconnect();
      throw new Error(`Redis at ${redact(this.o.redisUrl)} is unreachable: ${errorText(e)}`);
    }
    await this.markUp();
    this.loop = this.readLoop();
    this.timer = setInterval(() => void this.check(), this.checkMs);
    this.timer.unref();
  }

  status(): ClusterStatus {
    return { instanceId: this.instanceId, redis: this.down ? 'down' : 'up', problem: this.down, sessions: this.subs.size };
  }

  private markDown(reason: string): void {
    if (this.stopped || this.down) return;
    this.down = reason;
    this.downSince = Date.now();
    this.o.logger.error('redis unavailable: sessions are not shared with other instances; commands are refused until it returns', { event: 'redis_down', reason });
  }

  private async markUp(): Promise<void> {
    if (this.stopped || this.cmd.status !== 'ready' || this.reader.status !== 'ready') return;
    try {
      this.readerClientId = Number(await this.reader.client('ID'));
    } catch {
      return; // dropped again; the next 'ready' retries
    }
    if (!this.down) return;
    const wasDown = this.downSince > 0;
    this.down = undefined;
    if (wasDown) {
      this.o.logger.info('redis is back: catching up every loaded session from PostgreSQL', { event: 'redis_up', downMs: Date.now() - this.downSince });
      // Whatever other instances stored meanwhile was not seen on the streams (or they were lost with Redis).
      for (const [id, sub] of this.subs) {
        if (sub.position === undefined) sub.position = await this.streamEnd(id);
        void this.catchUp(id, sub);
      }
    }
    this.kick();
  }

  async prepare(sessionId: string): Promise<{ attach(room: RemoteSink): SessionLink }> {
    const position = this.down ? undefined : await this.streamEnd(sessionId);
    return { attach: (room) => this.attach(sessionId, room, position) };
  }

  private async streamEnd(sessionId: string): Promise<string | undefined> {
    try {
      const last = await this.cmd.xrevrange(streamKey(sessionId), '+', '-', 'COUNT', 1);
      return last[0]?.[0] ?? '0-0';
    } catch {
      return undefined;
    }
  }

  private attach(sessionId: string, room: RemoteSink, position: string | undefined): SessionLink {
    const sub: Subscription = { room, position, leaseUntil: 0, leaseRefusedUntil: 0, lagSeen: false, catching: undefined, expireSetAt: 0 };
    this.subs.set(sessionId, sub);
    this.kick();
    return {
      commit: async (knownId, produce) => {
        let produced: Uint8Array[] = [];
        const r = await this.appendLatency.time(() => this.o.storage.appendInOrder(sessionId, knownId, (missed) => (produced = produce(missed))));
        if (produced.length > 0) this.publish(sessionId, sub, { instance: this.instanceId, kind: 'u', firstId: r.firstId, lastId: r.lastId, updates: produced });
        return r;
      },
      catchUp: () => this.catchUp(sessionId, sub),
      publishAwareness: (update) => {
        // Presence is renewed by every client each 15 s: while Redis is away it is simply not spread.
        if (!this.down) this.publish(sessionId, sub, { instance: this.instanceId, kind: 'a', update });
      },
      unavailable: () => (this.down ? `this session is shared through Redis, which is unavailable (${this.down}); your command was not applied: try again shortly` : undefined),
      mayCompact: async () => {
        if (this.down) return false;
        if (sub.leaseUntil > Date.now() + this.leaseMs / 3) return true;
        if (sub.leaseRefusedUntil > Date.now()) return false;
        try {
          const held = await takeLease(this.cmd, sessionId, this.instanceId, this.leaseMs);
          if (held && sub.leaseUntil === 0) this.counters.compactionLeases++;
          sub.leaseUntil = held ? Date.now() + this.leaseMs : 0;
          if (!held) sub.leaseRefusedUntil = Date.now() + this.checkMs;
          return held;
        } catch {
          return false;
        }
      },
      detach: async () => {
        if (this.subs.get(sessionId) === sub) this.subs.delete(sessionId);
        this.kick();
        if (sub.leaseUntil > 0 && !this.down) await releaseLease(this.cmd, sessionId, this.instanceId).catch(() => undefined);
        sub.leaseUntil = 0;
      },
    };
  }

  /** Tell the other instances a lead revoked an invitation (they close its connections). */
  revoke(sessionId: string, jti: string): void {
    if (!this.down) this.publish(sessionId, undefined, { instance: this.instanceId, kind: 'r', jti });
  }

  private publish(sessionId: string, sub: Subscription | undefined, entry: StreamEntry): void {
    const key = streamKey(sessionId);
    // Commands on one connection run in order, so the stream order of one instance is its commit order.
    this.cmd.xadd(key, 'MAXLEN', '~', String(this.maxLen), '*', ...entryFields(entry)).then(
      () => this.counters.published++,
      (e: unknown) => {
        this.counters.publishFailures++;
        this.markDown(`publishing to Redis failed (${errorText(e)})`);
      },
    );
    if (sub && Date.now() - sub.expireSetAt > 60_000) {
      sub.expireSetAt = Date.now();
      this.cmd.pexpire(key, STREAM_TTL_MS).catch(() => undefined);
    }
  }

  /**
   * Wake the reader: the set of streams changed, or Redis came back. CLIENT UNBLOCK can race an
   * XREAD that is not blocked yet; the short BLOCK bounds that to a second, and the new stream's
   * position was taken before its load, so nothing published meanwhile is skipped.
   */
  private kick(): void {
    this.wakeUp?.();
    if (this.blocked && this.readerClientId !== undefined && !this.down) this.cmd.client('UNBLOCK', this.readerClientId).catch(() => undefined);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async readLoop(): Promise<void> {
    while (!this.stopped) {
      const subs = [...this.subs].filter(([, s]) => s.position !== undefined);
      if (this.down || subs.length === 0) {
        await this.sleep(500);
        continue;
      }
      let res: [Buffer, [Buffer, Buffer[]][]][] | null;
      try {
        this.blocked = true;
        res = (await this.reader.xreadBuffer('COUNT', 1000, 'BLOCK', 1000, 'STREAMS', ...subs.map(([id]) => streamKey(id)), ...subs.map(([, s]) => s.position!))) as typeof res;
      } catch (e) {
        if (!this.stopped) this.markDown(`reading the session streams failed (${errorText(e)})`);
        await this.sleep(200);
        continue;
      } finally {
        this.blocked = false;
      }
      if (!res) continue;
      for (const [keyBuf, entries] of res) {
        const id = sessionOfKey(keyBuf.toString());
        const sub = this.subs.get(id);
        if (!sub) continue;
        for (const [entryId, fields] of entries) {
          sub.position = entryId.toString();
          this.deliver(id, sub, sub.position, parseEntry(fields));
        }
      }
    }
  }

  private deliver(sessionId: string, sub: Subscription, entryId: string, entry: StreamEntry | undefined): void {
    if (!entry) {
      this.counters.malformed++;
      return;
    }
    if (entry.instance === this.instanceId) return;
    this.counters.received++;
    const at = Number(entryId.split('-')[0]);
    if (Number.isFinite(at)) this.delivery.observe(Math.max(0, Date.now() - at) / 1000);
    if (entry.kind === 'a') return sub.room.applyRemoteAwareness(entry.update);
    if (entry.kind === 'r') return this.o.onRevoked(sessionId, entry.jti);
    const known = sub.room.knownId;
    if (entry.lastId <= known) return;
    // Applied only onto a document that holds every earlier update; a gap is read from PostgreSQL.
    if (entry.firstId <= known + 1) sub.room.applyRemote({ checkpoint: null, updates: entry.updates, lastId: entry.lastId });
    else void this.catchUp(sessionId, sub);
  }

  private catchUp(sessionId: string, sub: Subscription): Promise<void> {
    sub.catching ??= (async () => {
      try {
        // One cheap query first: most of the time nothing is missing.
        const stored = (await this.o.storage.lastIds([sessionId])).get(sessionId) ?? 0;
        if (stored <= sub.room.knownId) return;
        const missed = await this.o.storage.readSince(sessionId, sub.room.knownId);
        if (missed && missed.lastId > sub.room.knownId && this.subs.get(sessionId) === sub) {
          this.counters.catchUps++;
          sub.room.applyRemote(missed);
        }
      } catch (e) {
        this.o.logger.warn('catching up a session from PostgreSQL failed', { session: sessionId, error: errorText(e) });
      } finally {
        sub.catching = undefined;
      }
    })();
    return sub.catching;
  }

  /** Periodic: renew leases; compare each room with the storage log (catch up a gap seen twice in a row). */
  private async check(): Promise<void> {
    if (this.stopped) return;
    const subs = [...this.subs];
    if (!this.down) {
      for (const [id, sub] of subs) {
        if (sub.leaseUntil === 0) continue;
        const held = await takeLease(this.cmd, id, this.instanceId, this.leaseMs).catch(() => false);
        sub.leaseUntil = held ? Date.now() + this.leaseMs : 0;
      }
    }
    try {
      const stored = await this.o.storage.lastIds(subs.map(([id]) => id));
      let lag = 0;
      for (const [id, sub] of subs) {
        const behind = Math.max(0, (stored.get(id) ?? 0) - sub.room.knownId);
        lag += behind;
        if (behind > 0 && sub.lagSeen) void this.catchUp(id, sub);
        sub.lagSeen = behind > 0;
      }
      this.counters.lag = lag;
    } catch (e) {
      this.o.logger.warn('comparing sessions with PostgreSQL failed', { error: errorText(e) });
    }
  }

  /** Shutdown: stop reading, give up leases, close both connections (after the rooms were unloaded). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    this.kick();
    this.wakeUp?.();
    this.reader.disconnect();
    await this.loop?.catch(() => undefined);
    await this.cmd.quit().catch(() => this.cmd.disconnect());
  }
}

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');
