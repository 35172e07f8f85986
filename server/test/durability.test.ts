import { afterAll, describe, expect, it } from 'vitest';
import type * as decoding from 'lib0/decoding';
import { MESSAGE_REPLY, encodeCommandRequest, readReply } from '@twinlab/shared/session/protocol';
import type { Reply } from '@twinlab/shared/session/protocol';
import { readCommands } from '@twinlab/shared/session/layout';
import { startServerProcess } from './support/server-process.ts';
import type { ServerProcess } from './support/server-process.ts';
import { api, createSession, invite, join } from './support/clients.ts';
import type { Participant } from './support/clients.ts';
import { waitFor } from './support/wait.ts';

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers.reverse()) await s.dispose().catch(() => undefined);
});

/** Replies to socket commands, read with the official provider's extension point. */
function collectReplies(p: Participant): Reply[] {
  const replies: Reply[] = [];
  p.provider.messageHandlers[MESSAGE_REPLY] = (_encoder, decoder: decoding.Decoder) => {
    replies.push(readReply(decoder));
  };
  return replies;
}

describe('durability', () => {
  it('keeps every acknowledged command through kill -9 and a restart', async () => {
    const first = await startServerProcess();
    servers.push(first);
    const s = await createSession(first.url);
    const wang = join(first.wsUrl, s.id, await invite(first.url, s, 'engineer', 'Wang'));
    await wang.synced();
    const replies = collectReplies(wang);
    const acknowledged: unknown[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await api<{ command: unknown }>(first.url, `/api/sessions/${s.id}/commands`, { token: s.leadToken, body: { type: 'set_load', multiplier: i } });
      expect(r.status).toBe(201);
      acknowledged.push(r.body.command);
    }
    // And 20 over the sync socket, acknowledged by a reply frame.
    for (let i = 0; i < 20; i++) wang.provider.ws!.send(encodeCommandRequest(i, { type: 'throttle', node: 'risk', ordersPerSecond: i }));
    await waitFor(() => replies.length === 20, '20 replies');
    expect(replies.every((r) => r.ok)).toBe(true);
    acknowledged.push(...replies.map((r) => (r.ok ? r.command : undefined)));
    wang.destroy();

    await first.kill9();
    const second = await first.restart();
    servers.push(second);
    const after = await api<{ commands: number }>(second.url, `/api/sessions/${s.id}`, { token: s.leadToken });
    expect(after.body.commands).toBe(60);
    const late = join(second.wsUrl, s.id, s.leadToken);
    await late.synced();
    expect(readCommands(late.doc).commands).toEqual(acknowledged);
    late.destroy();
  });

  it('checkpoints on SIGTERM and comes back with the same session', async () => {
    const first = await startServerProcess({ TWINLAB_COMPACT_EVERY: '7' });
    servers.push(first);
    const s = await createSession(first.url);
    for (let i = 0; i < 10; i++) await api(first.url, `/api/sessions/${s.id}/commands`, { token: s.leadToken, body: { type: 'set_load', multiplier: i } });
    expect(await first.stop()).toBe(0);
    const second = await first.restart();
    servers.push(second);
    expect((await api<{ commands: number }>(second.url, `/api/sessions/${s.id}`, { token: s.leadToken })).body.commands).toBe(10);
  });
});
