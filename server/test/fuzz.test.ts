import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServerProcess } from './support/server-process.ts';
import type { ServerProcess } from './support/server-process.ts';
import { api, createSession, invite, join } from './support/clients.ts';
import { makeFrames } from './support/fuzz-frames.ts';
import { MESSAGE_REPLY, encodeCommandRequest } from '@twinlab/shared/session/protocol';
import { waitFor } from './support/wait.ts';

/** Seeds that once broke the server stay here as named tests (none has so far). */
const REGRESSION_SEEDS: { seed: number; why: string }[] = [];

/** Another seed can be tried with TWINLAB_FUZZ_SEED=n; one that fails goes into REGRESSION_SEEDS. */
const SEED = Number(process.env.TWINLAB_FUZZ_SEED ?? 20260302);

let server: ServerProcess;
beforeAll(async () => {
  // Limits high enough that frames reach the decoders instead of tripping the rate limit.
  server = await startServerProcess({ TWINLAB_MESSAGES_PER_SECOND: '1000000', TWINLAB_MESSAGE_BURST: '1000000' });
});
afterAll(async () => {
  if (process.env.TWINLAB_FUZZ_LOG) console.log(server.output());
  await server?.dispose();
});

/**
 * Send each frame followed by a probe (a command request the server refuses and answers by id),
 * and wait for the probe's answer or for the server to close the connection: so every frame has
 * been judged by the server before the next one goes. Returns the close codes seen.
 */
async function blast(sessionId: string, token: string, frames: (Uint8Array | string)[]): Promise<Map<number, number>> {
  const codes = new Map<number, number>();
  let ws: WebSocket | undefined;
  let waiting: { id: string; done: () => void } | undefined;
  const connect = async () => {
    const socket = new WebSocket(`${server.wsUrl}/sync/${sessionId}?token=${token}`);
    socket.binaryType = 'nodebuffer';
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('error', () => undefined);
    socket.on('message', (data: Buffer) => {
      if (waiting && data[0] === MESSAGE_REPLY && data.includes(Buffer.from(waiting.id))) waiting.done();
    });
    socket.once('close', (code) => {
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (ws === socket) ws = undefined;
      waiting?.done();
    });
    ws = socket;
  };
  for (let i = 0; i < frames.length; i++) {
    if (!ws) await connect();
    const socket = ws!;
    const id = `probe-${i}`;
    await new Promise<void>((resolve) => {
      waiting = { id, done: resolve };
      socket.send(frames[i]!);
      if (socket.readyState === WebSocket.OPEN) socket.send(encodeCommandRequest(id, {}));
    });
    waiting = undefined;
  }
  ws?.close();
  return codes;
}

async function stillServing(): Promise<void> {
  expect((await api(server.url, '/healthz')).body).toMatchObject({ ok: true });
  const s = await createSession(server.url);
  const p = join(server.wsUrl, s.id, await invite(server.url, s, 'engineer', 'After'));
  try {
    await p.synced();
    expect((await api(server.url, `/api/sessions/${s.id}/commands`, { token: s.leadToken, body: { type: 'restart_node', node: 'counter' } })).status).toBe(201);
    await waitFor(() => p.parts.commands.length === 1, 'the command to reach a participant after the fuzzing');
  } finally {
    p.destroy();
  }
}

describe('random and malformed frames', () => {
  it(`10,000 of them (seed ${SEED}) leave the server up and serving`, async () => {
    const s = await createSession(server.url);
    const token = await invite(server.url, s, 'engineer', 'Fuzz');
    const codes = await blast(s.id, token, makeFrames(SEED, 10_000));
    if (process.env.TWINLAB_FUZZ_LOG) console.log('close codes', codes);
    expect(server.proc.exitCode).toBeNull();
    // 4403: a connection whose writes were refused five times is closed (test/hostile/1-observer-writes.test.ts).
    expect([...codes.keys()].every((c) => c === 4400 || c === 4403 || c === 1005 || c === 1000 || c === 4413)).toBe(true);
    await stillServing();
    // The fuzzed session itself still works for a well-behaved participant.
    const p = join(server.wsUrl, s.id, await invite(server.url, s, 'engineer', 'Li'));
    await p.synced();
    p.parts.chat.push([{ author: 'Li', text: 'still here' }]);
    const q = join(server.wsUrl, s.id, s.leadToken);
    await q.synced();
    await waitFor(() => q.parts.chat.toJSON().some((n) => (n as { text: string }).text === 'still here'), 'a note in the fuzzed session');
    p.destroy();
    q.destroy();
  }, 120_000);

  it.each(REGRESSION_SEEDS)('seed $seed ($why) no longer breaks it', async ({ seed }) => {
    const s = await createSession(server.url);
    await blast(s.id, await invite(server.url, s, 'engineer', 'Fuzz'), makeFrames(seed, 2_000));
    await stillServing();
  });
});
