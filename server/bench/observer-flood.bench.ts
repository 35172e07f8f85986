/**
 * Observer flood (issue 12, finding 1): on a session with 5,000 commands, an observer sends
 * writes the judge must refuse, as fast as the server lets it (reconnecting whenever it is
 * closed), while another participant keeps asking GET /api/sessions/:id. Prints that
 * participant's latency without and with the flood, in the same run, against the real server
 * process on loopback. The target: p99 under the flood within 100 ms.
 *
 *   npm run bench:flood -w @twinlab/server        (BENCH_COMMANDS=5000 BENCH_FRAMES=300)
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import WebSocket from 'ws';
import { MESSAGE_SYNC } from '@twinlab/shared/session/protocol';
import { sessionParts } from '@twinlab/shared/session/layout';
import { startServerProcess } from '../test/support/server-process.ts';
import { api, createSession, invite } from '../test/support/clients.ts';
import { percentile } from './stats.ts';

const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 5000);
const FRAMES = Number(process.env.BENCH_FRAMES ?? 300);
const PROBES = 200;
const TARGET_P99_MS = 100;

/** One refused write: a note in a fresh document, which an observer may not add. */
function refusedFrame(i: number): Uint8Array {
  const doc = new Y.Doc();
  sessionParts(doc).chat.push([{ author: 'Mallory', text: `flood ${i}` }]);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return encoding.toUint8Array(e);
}

/** Send `total` refused frames, on as many sockets as it takes (the server closes one after a few refusals). */
async function flood(wsUrl: string, id: string, token: string, total: number): Promise<{ sent: number; sockets: number }> {
  let sent = 0;
  let sockets = 0;
  while (sent < total) {
    const ws = new WebSocket(`${wsUrl}/sync/${id}?token=${token}`);
    ws.on('error', () => undefined);
    const opened = await new Promise<boolean>((resolve) => {
      ws.once('open', () => resolve(true));
      ws.once('unexpected-response', () => resolve(false));
      ws.once('close', () => resolve(false));
    });
    if (!opened) continue;
    sockets++;
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    while (sent < total && ws.readyState === WebSocket.OPEN) {
      ws.send(refusedFrame(sent++));
      await new Promise((r) => setImmediate(r));
    }
    if (ws.readyState === WebSocket.OPEN) ws.close();
    await closed;
  }
  return { sent, sockets };
}

async function probe(base: string, id: string, token: string, until: () => boolean): Promise<number[]> {
  const ms: number[] = [];
  while (ms.length < PROBES || !until()) {
    const t = performance.now();
    const r = await fetch(`${base}/api/sessions/${id}`, { headers: { authorization: `Bearer ${token}` } });
    await r.text();
    ms.push(performance.now() - t);
    await new Promise((r2) => setTimeout(r2, 5));
    if (ms.length > 20 * PROBES) break;
  }
  return ms.sort((a, b) => a - b);
}

const server = await startServerProcess({ TWINLAB_DURABILITY: 'normal', TWINLAB_MESSAGES_PER_SECOND: '100000', TWINLAB_MESSAGE_BURST: '100000' });
try {
  const s = await createSession(server.url);
  const t0 = performance.now();
  for (let i = 0; i < COMMANDS; i++) {
    const r = await api(server.url, `/api/sessions/${s.id}/commands`, { token: s.leadToken, body: { type: 'set_config', node: 'counter', key: `k${i % 50}`, value: i } });
    if (r.status !== 201) throw new Error(`command ${i}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const stampMs = (performance.now() - t0) / COMMANDS;
  const engineer = await invite(server.url, s, 'engineer', 'Other');
  const observer = await invite(server.url, s, 'observer', 'Mallory');

  const quiet = await probe(server.url, s.id, engineer, () => true);
  let done = false;
  const flooding = flood(server.wsUrl, s.id, observer, FRAMES).finally(() => (done = true));
  const loud = await probe(server.url, s.id, engineer, () => done);
  const f = await flooding;

  const row = (name: string, xs: number[]) =>
    `${name.padEnd(26)} ${String(xs.length).padStart(7)} ${percentile(xs, 50).toFixed(1).padStart(8)} ${percentile(xs, 99).toFixed(1).padStart(8)} ${xs[xs.length - 1]!.toFixed(1).padStart(8)}`;
  console.log(`observer flood: ${COMMANDS} commands in the session (${stampMs.toFixed(2)} ms per HTTP command to stamp them), ${f.sent} refused frames on ${f.sockets} sockets`);
  console.log(`${'GET /api/sessions/:id'.padEnd(26)} ${'probes'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
  console.log(row('no flood (baseline)', quiet));
  console.log(row('under the observer flood', loud));
  const p99 = percentile(loud, 99);
  console.log(`p99 under the flood ${p99.toFixed(1)} ms (${(p99 / percentile(quiet, 99)).toFixed(2)}× the baseline); target ≤ ${TARGET_P99_MS} ms: ${p99 <= TARGET_P99_MS ? 'met' : 'NOT met'}`);
} finally {
  await server.dispose();
}
