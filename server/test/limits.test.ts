import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encodeCommandRequest } from '@twinlab/shared/session/protocol';
import { startServerProcess } from './support/server-process.ts';
import type { ServerProcess } from './support/server-process.ts';
import { api, createSession, invite, join } from './support/clients.ts';
import { waitFor } from './support/wait.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ TWINLAB_MAX_MESSAGE_BYTES: '4096', TWINLAB_MESSAGES_PER_SECOND: '2', TWINLAB_MESSAGE_BURST: '10', TWINLAB_IDLE_SECONDS: '1' });
});
afterAll(async () => server?.dispose());

function openSocket(sessionId: string, token: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${server.wsUrl}/sync/${sessionId}?token=${token}`);
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  ws.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, closed }));
    ws.once('unexpected-response', () => reject(new Error('refused')));
  });
}

describe('limits', () => {
  it('closes a connection that sends a message over the size limit with 4413', async () => {
    const s = await createSession(server.url);
    const { ws, closed } = await openSocket(s.id, s.leadToken);
    ws.send(new Uint8Array(5000));
    expect(await closed).toBe(4413);
    const huge = await openSocket(s.id, s.leadToken);
    huge.ws.send(new Uint8Array(64 * 1024));
    expect(await huge.closed).toBe(1009); // far over the limit: ws refuses to buffer it at all
  });

  it('closes a connection that sends too fast with 4429, and the others keep working', async () => {
    const s = await createSession(server.url);
    const calm = join(server.wsUrl, s.id, await invite(server.url, s, 'engineer', 'Calm'));
    await calm.synced();
    const { ws, closed } = await openSocket(s.id, s.leadToken);
    for (let i = 0; i < 30; i++) ws.send(encodeCommandRequest(i, { type: 'set_load', multiplier: 1 }));
    expect(await closed).toBe(4429);
    expect((await api(server.url, `/api/sessions/${s.id}/commands`, { token: s.leadToken, body: { type: 'restart_node', node: 'counter' } })).status).toBe(201);
    await waitFor(() => calm.parts.commands.toArray().some((c) => (c as { command: { type: string } }).command.type === 'restart_node'), 'the calm participant to get the command');
    calm.destroy();
  });

  it('unloads a session nobody uses, and loads it again on the next visit', async () => {
    const s = await createSession(server.url);
    const p = join(server.wsUrl, s.id, s.leadToken);
    await p.synced();
    const watcher = join(server.wsUrl, s.id, await invite(server.url, s, 'observer', 'Zhao'));
    await watcher.synced();
    p.parts.chat.push([{ author: 'Lead', text: 'before unloading' }]);
    await waitFor(() => watcher.parts.chat.length === 1, 'the note to go through the server');
    p.destroy();
    watcher.destroy();
    await waitFor(async () => (await api<{ sessionsLoaded: number }>(server.url, '/healthz')).body.sessionsLoaded === 0, 'idle sessions to be unloaded', 20_000);
    const q = join(server.wsUrl, s.id, s.leadToken);
    await q.synced();
    expect(q.parts.chat.toJSON()).toEqual([{ author: 'Lead', text: 'before unloading' }]);
    q.destroy();
  });
});
