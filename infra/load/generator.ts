import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { setTimeout as sleep } from 'node:timers/promises';
import { MESSAGE_REPLY, encodeCommandRequest, readReply } from '@twinlab/shared/session/protocol';
import { percentile, seeded } from './stats.ts';

export interface LoadOptions {
  /** Where sessions are created and participants invited (any instance, or the load balancer). */
  apiUrl: string;
  /** Sync endpoints participants connect to, in turn, so every session spans all of them. */
  syncUrls: string[];
  sessions: number;
  participantsPerSession: number;
  /** Measured seconds (after warmupSeconds); the run never takes longer than setup + these + drainSeconds. */
  seconds: number;
  warmupSeconds: number;
  drainSeconds: number;
  /** Commands per second across all sessions. */
  commandsPerSecond: number;
  scenarioId: string;
  seed: number;
  log?: (line: string) => void;
}

export interface LoadResult {
  sessions: number;
  participants: number;
  seconds: number;
  submitted: number;
  /** Replies to this step's commands (warm-up included), out of sentTotal. */
  sentTotal: number;
  acknowledged: number;
  refused: number;
  /** Deliveries the measured commands owe: each one to every other participant of its session. */
  expected: number;
  delivered: number;
  lost: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  refusals: string[];
}

interface Client {
  session: number;
  index: number;
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/** Run `work` over items with at most `limit` at a time. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!, i);
      }
    }),
  );
  return out;
}

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) return false;
    await sleep(10);
  }
  return true;
}

/**
 * N sessions × M participants, each a real y-websocket WebsocketProvider. Participants submit
 * judged commands over their sockets at a fixed total rate; every other participant of the session
 * must see each one appear in its document's command log. Delivery latency runs from the send to
 * the moment a peer's Y.Array observer fires; anything not delivered by the end of the drain is lost.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const load = await openLoad(o);
  try {
    return await load.measure(o.commandsPerSecond, o.warmupSeconds, o.seconds);
  } finally {
    load.close();
  }
}

/** Participants connected and synced, ready to be driven at one rate after another (the saturation curve). */
export interface OpenLoad {
  participants: number;
  /** Warm up at `rate`, then measure `seconds` at it, then wait for the drain: only this step's commands count. */
  measure(rate: number, warmupSeconds: number, seconds: number): Promise<LoadResult>;
  close(): void;
}

export async function openLoad(o: Omit<LoadOptions, 'commandsPerSecond' | 'warmupSeconds' | 'seconds'>): Promise<OpenLoad> {
  const log = o.log ?? (() => undefined);
  process.setMaxListeners(0); // every provider adds a process 'exit' listener
  const t0 = performance.now();
  const sessions = await pool(
    Array.from({ length: o.sessions }, (_, i) => i),
    10,
    async (i) => {
      const s = await post<{ session: { id: string }; token: string }>(`${o.apiUrl}/api/sessions`, { scenarioId: o.scenarioId, leadName: 'Load lead', title: `load ${i}` });
      const tokens = await pool(
        Array.from({ length: o.participantsPerSession }, (_, j) => j),
        10,
        (j) => post<{ token: string }>(`${o.apiUrl}/api/sessions/${s.session.id}/invitations`, { role: 'engineer', name: `engineer ${j}` }, s.token).then((r) => r.token),
      );
      return { id: s.session.id, tokens };
    },
  );
  log(`  ${o.sessions} sessions and ${o.sessions * o.participantsPerSession} invitations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const sent = new Map<string, { at: number; session: number; from: number; measured: boolean }>();
  let latencies: number[] = [];
  let delivered = 0;
  let acknowledged = 0;
  let refused = 0;
  let refusals = new Set<string>();
  const clients: Client[][] = sessions.map(() => []);
  let k = 0;
  const t1 = performance.now();
  for (let i = 0; i < sessions.length; i++) {
    for (let j = 0; j < o.participantsPerSession; j++) {
      const doc = new Y.Doc();
      const url = o.syncUrls[k++ % o.syncUrls.length]!;
      const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/sync`, sessions[i]!.id, doc, {
        params: { token: sessions[i]!.tokens[j]! },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      // No presence: the load is commands (presence renewals would add 1/15 s per participant).
      provider.awareness.setLocalState(null);
      provider.messageHandlers[MESSAGE_REPLY] = (_enc, dec) => {
        const r = readReply(dec);
        if (r.ok) acknowledged++;
        else {
          refused++;
          refusals.add(r.error);
        }
      };
      const client: Client = { session: i, index: j, doc, provider };
      doc.getArray('commands').observe((event) => {
        const now = performance.now();
        for (const item of event.changes.added) {
          for (const c of item.content.getContent()) {
            const s = sent.get(String((c as { command?: { value?: unknown } }).command?.value));
            if (!s || (s.session === client.session && s.from === client.index) || !s.measured) continue;
            delivered++;
            latencies.push(now - s.at);
          }
        }
      });
      clients[i]!.push(client);
    }
    // Connect in waves so the servers see a crowd arriving, not one burst of 1,000 handshakes.
    if ((i + 1) % 5 === 0) await until(() => clients.flat().every((c) => c.provider.synced), 30_000);
  }
  const all = clients.flat();
  if (!(await until(() => all.every((c) => c.provider.synced), 60_000))) throw new Error(`only ${all.filter((c) => c.provider.synced).length} of ${all.length} participants synced`);
  log(`  ${all.length} participants synced in ${((performance.now() - t1) / 1000).toFixed(1)} s`);

  const random = seeded(o.seed);
  let seq = 0;
  const submitFor = async (rate: number, seconds: number, measured: boolean) => {
    const start = performance.now();
    const interval = 1000 / rate;
    for (let n = 0; performance.now() - start < seconds * 1000; n++) {
      const wait = start + n * interval - performance.now();
      if (wait > 1) await sleep(wait - 1);
      const session = n % sessions.length;
      const from = Math.floor(random() * o.participantsPerSession);
      const marker = `${measured ? 'm' : 'w'}${seq++}`;
      const c = clients[session]![from]!;
      sent.set(marker, { at: performance.now(), session, from, measured });
      try {
        c.provider.ws?.send(encodeCommandRequest(seq, { type: 'set_config', node: 'counter', key: 'load', value: marker }));
      } catch {
        // Not connected right now: the command is counted as submitted and its deliveries as lost.
      }
    }
  };
  return {
    participants: all.length,
    async measure(rate, warmupSeconds, seconds) {
      // Each step counts its own commands only: earlier ones no longer count as measured.
      for (const v of sent.values()) v.measured = false;
      [latencies, delivered, acknowledged, refused, refusals] = [[], 0, 0, 0, new Set()];
      const stepStart = sent.size;
      await submitFor(rate, warmupSeconds, false);
      const before = sent.size;
      const t2 = performance.now();
      await submitFor(rate, seconds, true);
      const measuredSeconds = (performance.now() - t2) / 1000;
      const submitted = sent.size - before;
      const expected = submitted * (o.participantsPerSession - 1);
      await until(() => delivered >= expected, o.drainSeconds * 1000);
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        sessions: o.sessions,
        participants: all.length,
        seconds: measuredSeconds,
        submitted,
        sentTotal: sent.size - stepStart,
        acknowledged,
        refused,
        expected,
        delivered,
        lost: expected - delivered,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: sorted[sorted.length - 1] ?? NaN,
        refusals: [...refusals].slice(0, 5),
      };
    },
    close() {
      for (const c of all) {
        c.provider.destroy();
        c.doc.destroy();
      }
    },
  };
}
