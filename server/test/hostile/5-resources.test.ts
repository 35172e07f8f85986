import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { api, createSession, invite, join } from '../support/clients.ts';
import { scenarioText } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';
import { captureDenied, openRaw } from './sockets.ts';

/** Finding 5: resources a client could make the server spend without a limit. */
let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ TWINLAB_DURABILITY: 'normal', TWINLAB_MESSAGES_PER_SECOND: '5', TWINLAB_MESSAGE_BURST: '20' });
});
afterAll(async () => server?.dispose());

/** chain-5hop with `extra` more terminal nodes (valid ones: today's server accepts them all). */
function withNodes(extra: number): string {
  const text = scenarioText('chain-5hop');
  const clones = Array.from({ length: extra }, (_, i) => `  - { id: t-${i}, kind: terminal, region: clients, serviceTime: { dist: const, value: 20us } }`).join('\n');
  return text.replace(/^nodes:\n/m, `nodes:\n${clones}\n`);
}

describe('limits on what a client makes the server spend', () => {
  it('validates no scenario text larger than a session may hold, before parsing it', async () => {
    const r = await api<{ error: string }>(server.url, '/api/scenarios/validate', { body: JSON.stringify({ yaml: `# ${'x'.repeat(600 * 1024)}\n` }) });
    expect(r.status).toBe(413);
    expect(r.body.error).toMatch(/524288 characters/);
  });

  it('refuses a scenario with more nodes than the schema allows, saying where', async () => {
    const r = await api<{ error: string; errors: { path: string }[] }>(server.url, '/api/sessions', { body: { scenarioYaml: withNodes(1200), leadName: 'Mallory' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/nodes.*at most 1000/);
  });

  it('refuses presence entries over the size limit, and does not spread them', async () => {
    const s = await createSession(server.url);
    const lead = join(server.wsUrl, s.id, s.leadToken);
    const flooder = join(server.wsUrl, s.id, await invite(server.url, s, 'engineer', 'Mallory'));
    const denied = captureDenied(flooder);
    await Promise.all([lead.synced(), flooder.synced()]);
    flooder.provider.awareness.setLocalState({ name: 'Mallory', role: 'engineer', blob: 'x'.repeat(100_000) });
    await waitFor(() => denied.length > 0, 'the server to refuse the oversized presence');
    expect(denied[0]).toMatch(/presence of \d+ bytes exceeds 4096/);
    expect([...lead.provider.awareness.getStates().values()].some((st) => 'blob' in st)).toBe(false);
    lead.destroy();
    flooder.destroy();
  });

  it('holds at most 8 sockets per invitation', async () => {
    const s = await createSession(server.url);
    const sockets = [];
    for (let i = 0; i < 8; i++) sockets.push(await openRaw(server.wsUrl, s.id, s.leadToken));
    await expect(openRaw(server.wsUrl, s.id, s.leadToken)).rejects.toThrow(/HTTP 429.*8 connections/);
    sockets.forEach((x) => x.ws.close());
  });

  it('rate-limits the HTTP command route per invitation, naming the limit', async () => {
    const s = await createSession(server.url);
    const all = await Promise.all(
      Array.from({ length: 40 }, () => api<{ error?: string }>(server.url, `/api/sessions/${s.id}/commands`, { token: s.leadToken, body: { type: 'set_load', multiplier: 1 } })),
    );
    const refused = all.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.body.error).toMatch(/TWINLAB_MESSAGES_PER_SECOND/);
  });

  it('refuses a set_config key longer than 200 characters, saying where', async () => {
    const s = await createSession(server.url);
    const r = await api<{ issues: { path: string; message: string }[] }>(server.url, `/api/sessions/${s.id}/commands`, {
      token: s.leadToken,
      body: { type: 'set_config', node: 'counter', key: 'k'.repeat(10_000), value: 1 },
    });
    expect(r.status).toBe(400);
    expect(r.body.issues[0]).toMatchObject({ path: 'command.key', message: expect.stringMatching(/200/) });
  });
});
