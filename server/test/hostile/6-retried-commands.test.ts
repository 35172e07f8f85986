import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { createSession } from '../support/clients.ts';

/** Finding 6: a client retrying a command (after a 500, a timeout, a lost answer) duplicated an operator action. */
let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ TWINLAB_DURABILITY: 'normal', TWINLAB_COMPACT_EVERY: '1' });
});
afterAll(async () => server?.dispose());

async function post(base: string, id: string, token: string, body: unknown, key?: string) {
  const res = await fetch(`${base}/api/sessions/${id}/commands`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { command?: { seq: number }; error?: string; replayed?: boolean } };
}

describe('a retried command', () => {
  it('is applied once under the same Idempotency-Key, and the retry gets the first answer', async () => {
    const s = await createSession(server.url);
    const cmd = { type: 'restart_node', node: 'counter' };
    const first = await post(server.url, s.id, s.leadToken, cmd, 'retry-1');
    const again = await post(server.url, s.id, s.leadToken, cmd, 'retry-1');
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: { command: first.body.command, replayed: true } });
    const other = await post(server.url, s.id, s.leadToken, { type: 'set_load', multiplier: 2 }, 'retry-1');
    expect(other.status).toBe(422);
    expect(other.body.error).toMatch(/Idempotency-Key "retry-1" was used for another command/);
    const log = (await (await fetch(`${server.url}/api/sessions/${s.id}/report?until=09:31`, { headers: { authorization: `Bearer ${s.leadToken}` } })).json()) as { commands: unknown[] };
    expect(log.commands).toHaveLength(1);
  });
});
