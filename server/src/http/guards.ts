import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { TokenBucket } from '../sync/rate-limit.ts';

/** What one client, invitation or session may make the server spend (the threat model in server/README.md). */
export interface AbuseLimits {
  /** Sessions one client address may create per hour (TWINLAB_SESSIONS_PER_CLIENT). */
  sessionsPerClient: number;
  /** Scenario validations one client address may ask for per minute (TWINLAB_VALIDATIONS_PER_MINUTE). */
  validationsPerMinute: number;
  /** HTTP commands per invitation: the sync socket's rate (TWINLAB_MESSAGES_PER_SECOND, TWINLAB_MESSAGE_BURST). */
  commandsPerSecond: number;
  commandBurst: number;
  /** Open sync sockets per invitation (TWINLAB_SOCKETS_PER_INVITATION): a lab tab or two per person. */
  socketsPerInvitation: number;
  /** Headless runs one session may have running or waiting (TWINLAB_RUNS_PER_SESSION). */
  runsPerSession: number;
}

export const DEFAULT_ABUSE_LIMITS: AbuseLimits = {
  sessionsPerClient: 100,
  validationsPerMinute: 60,
  commandsPerSecond: 100,
  commandBurst: 300,
  socketsPerInvitation: 8,
  runsPerSession: 2,
};

/** Keys tracked at once per limiter; past it the oldest are forgotten (they start with a full bucket again). */
const MAX_KEYS = 10_000;

/** A token bucket per key (client address, invitation), bounded in the number of keys. */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  take(key: string, nowMs: number): boolean {
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket(this.perSecond, this.burst, nowMs);
      if (this.buckets.size >= MAX_KEYS) this.buckets.delete(this.buckets.keys().next().value!);
      this.buckets.set(key, b);
    }
    return b.take(nowMs);
  }
}

/** Counts of things held at once (sockets per invitation, runs per session), with a cap. */
export class Holdings {
  private readonly held = new Map<string, number>();

  constructor(readonly max: number) {}

  full(key: string): boolean {
    return (this.held.get(key) ?? 0) >= this.max;
  }

  /** Take one for key; false when key already holds max. */
  take(key: string): boolean {
    const n = this.held.get(key) ?? 0;
    if (n >= this.max) return false;
    this.held.set(key, n + 1);
    return true;
  }

  give(key: string): void {
    const n = (this.held.get(key) ?? 1) - 1;
    if (n <= 0) this.held.delete(key);
    else this.held.set(key, n);
  }
}

/** The limiters of one server, built once from its limits. */
export class Guards {
  readonly sessions: KeyedBuckets;
  readonly validations: KeyedBuckets;
  readonly commands: KeyedBuckets;
  readonly sockets: Holdings;
  readonly runs: Holdings;

  constructor(readonly limits: AbuseLimits) {
    this.sessions = new KeyedBuckets(limits.sessionsPerClient / 3600, limits.sessionsPerClient);
    this.validations = new KeyedBuckets(limits.validationsPerMinute / 60, limits.validationsPerMinute);
    this.commands = new KeyedBuckets(limits.commandsPerSecond, limits.commandBurst);
    this.sockets = new Holdings(limits.socketsPerInvitation);
    this.runs = new Holdings(limits.runsPerSession);
  }
}

/** The client's address as the server sees it (behind a proxy: the proxy's, so limit there too). */
export function clientOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local'; // app.request() in tests has no socket
  }
}
