import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readCommands } from '@twinlab/shared/session/layout';
import { TokenSigner } from '../src/auth/tokens.ts';
import { startServerProcess, TEST_SECRET } from './support/server-process.ts';
import type { ServerProcess } from './support/server-process.ts';
import { api, createSession, invite, join } from './support/clients.ts';
import type { Participant } from './support/clients.ts';
import { waitFor } from './support/wait.ts';

let server: ServerProcess;
const participants: Participant[] = [];
const joinAs = (id: string, token: string) => {
  const p = join(server.wsUrl, id, token);
  participants.push(p);
  return p;
};

beforeAll(async () => {
  server = await startServerProcess();
});
afterAll(async () => {
  participants.forEach((p) => p.destroy());
  await server?.dispose();
});

/** Open a raw socket to the sync endpoint; resolves with the HTTP status of a refusal, or 101. */
function upgradeStatus(path: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(server.wsUrl + path);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => undefined);
  });
}

describe('a shared session over the real server', () => {
  it('brings two participants to the same document, and a late joiner gets all of it', async () => {
    const s = await createSession(server.url);
    const lead = joinAs(s.id, s.leadToken);
    const wang = joinAs(s.id, await invite(server.url, s, 'engineer', 'Wang'));
    await Promise.all([lead.synced(), wang.synced()]);
    lead.parts.chat.push([{ author: 'Lead', text: 'we start at 09:30' }]);
    // chain-5hop has no runbook (direct runbook entries: test/hostile/7-runbook-entries.test.ts): Wang writes a note.
    wang.parts.chat.push([{ author: 'Wang', text: 'gateway checked' }]);
    expect((await api(server.url, `/api/sessions/${s.id}/commands`, { token: s.leadToken, body: { type: 'drain_node', node: 'counter' } })).status).toBe(201);
    await waitFor(() => wang.parts.chat.length === 2 && lead.parts.chat.length === 2 && wang.parts.commands.length === 1, 'both to see both writes');
    expect(lead.parts.chat.toJSON()).toEqual(wang.parts.chat.toJSON());

    const late = joinAs(s.id, await invite(server.url, s, 'observer', 'Zhao'));
    await late.synced();
    expect(late.parts.scenario.toString()).toBe(lead.parts.scenario.toString());
    expect(late.parts.chat.toJSON()).toEqual(lead.parts.chat.toJSON());
    expect(readCommands(late.doc).commands).toMatchObject([{ seq: 0, actor: 'Lead', command: { type: 'drain_node', node: 'counter' } }]);
    expect(late.parts.meta.get('seed')).toBe(lead.parts.meta.get('seed'));
  });

  it("does not spread an observer's writes", async () => {
    const s = await createSession(server.url);
    const lead = joinAs(s.id, s.leadToken);
    const zhao = joinAs(s.id, await invite(server.url, s, 'observer', 'Zhao'));
    await Promise.all([lead.synced(), zhao.synced()]);
    zhao.parts.chat.push([{ author: 'Zhao', text: 'observers cannot write' }]);
    zhao.parts.commands.push([{ seq: 0, at: 0, actor: 'Zhao', command: { type: 'set_load', multiplier: 100 } }]);
    zhao.parts.meta.set('seed', 424242);
    // A write after them, from the lead, arrives: so the observer's would have too.
    lead.parts.chat.push([{ author: 'Lead', text: 'marker' }]);
    const third = joinAs(s.id, await invite(server.url, s, 'engineer', 'Wang'));
    await third.synced();
    await waitFor(() => zhao.parts.chat.toJSON().some((n) => (n as { text: string }).text === 'marker'), 'the observer to receive the marker');
    expect(lead.parts.chat.toJSON()).toEqual([{ author: 'Lead', text: 'marker' }]);
    expect(third.parts.chat.toJSON()).toEqual([{ author: 'Lead', text: 'marker' }]);
    expect(third.parts.commands.length).toBe(0);
    expect(third.parts.meta.get('seed')).not.toBe(424242);
    expect(lead.parts.meta.get('seed')).not.toBe(424242);
    const report = await api<{ commands: unknown[]; notes: unknown[] }>(server.url, `/api/sessions/${s.id}/report?until=09:30:00`, { token: s.leadToken });
    expect(report.body.commands).toEqual([]);
    expect(report.body.notes).toEqual([{ author: 'Lead', text: 'marker' }]);
  });

  it('refuses an unauthenticated, forged, expired, foreign or revoked token before the upgrade', async () => {
    const s = await createSession(server.url);
    const other = await createSession(server.url);
    const signer = new TokenSigner(TEST_SECRET);
    const expired = (await signer.sign(s.id, 'engineer', 'Wang', 1, Date.now() - 60_000)).token;
    const forged = (await new TokenSigner('x'.repeat(40)).sign(s.id, 'lead', 'Mallory', 3600)).token;
    expect(await upgradeStatus(`/sync/${s.id}`)).toBe(401);
    expect(await upgradeStatus(`/sync/${s.id}?token=not-a-jwt`)).toBe(401);
    expect(await upgradeStatus(`/sync/${s.id}?token=${forged}`)).toBe(401);
    expect(await upgradeStatus(`/sync/${s.id}?token=${expired}`)).toBe(401);
    expect(await upgradeStatus(`/sync/${other.id}?token=${s.leadToken}`)).toBe(403);
    expect(await upgradeStatus(`/sync/${s.id}?token=${s.leadToken}`)).toBe(101);
    expect((await api(server.url, `/api/sessions/${s.id}`, { token: expired })).body).toEqual({ error: 'the invitation has expired: ask the lead for a new one', code: 'unauthorized' });

    // Revoking closes the live connection with 4403, and the official provider stops retrying.
    const token = await invite(server.url, s, 'engineer', 'Wang');
    const wang = joinAs(s.id, token);
    await wang.synced();
    const list = await api<{ invitations: { jti: string; name: string }[] }>(server.url, `/api/sessions/${s.id}/invitations`, { token: s.leadToken });
    const jti = list.body.invitations.find((i) => i.name === 'Wang')!.jti;
    const revoked = await api(server.url, `/api/sessions/${s.id}/invitations/${jti}`, { method: 'DELETE', token: s.leadToken });
    expect(revoked.body).toMatchObject({ connectionsClosed: 1 });
    await waitFor(() => wang.closes.length > 0, 'the revoked participant to be closed');
    expect(wang.closes[0]).toEqual({ code: 4403, reason: 'your invitation was revoked' });
    expect(wang.provider.shouldConnect).toBe(false);
    expect(await upgradeStatus(`/sync/${s.id}?token=${token}`)).toBe(403);
  });

  it('refuses a command with a bad payload, with a reason, and loses nothing else', async () => {
    const s = await createSession(server.url);
    const wangToken = await invite(server.url, s, 'engineer', 'Wang');
    const watcher = joinAs(s.id, await invite(server.url, s, 'observer', 'Zhao'));
    await watcher.synced();
    const post = (token: string, body: unknown) => api<{ error?: string; issues?: unknown[]; command?: { seq: number } }>(server.url, `/api/sessions/${s.id}/commands`, { token, body });
    const results = [
      await post(wangToken, { type: 'restart_node', node: 'counter' }),
      await post(wangToken, { type: 'throttle', node: 'risk', ordersPerSecond: -5 }),
      await post(wangToken, '{"type": "failback", "node": '),
      await post(wangToken, { type: 'inject_fault', fault: { kind: 'crash', target: 'counter' } }),
      await post(s.leadToken, { type: 'set_config', node: 'gateway', key: 'fee.rule', value: 'per_fill' }),
      await post(wangToken, { type: 'failover', node: 'counter', to: 'nowhere' }),
      await post(wangToken, { type: 'resume_node', node: 'counter' }),
    ];
    expect(results.map((r) => r.status)).toEqual([201, 400, 400, 403, 201, 400, 201]);
    expect(results[1]!.body).toMatchObject({ issues: [{ path: 'command.ordersPerSecond' }] });
    expect(results[1]!.body.error).toMatch(/^invalid command: command.ordersPerSecond: /);
    expect(results[2]!.body.error).toMatch(/^the command is not valid JSON/);
    expect(results[3]!.body.error).toBe('a engineer cannot submit inject_fault: only the lead injects faults, clears them and changes the load');
    expect(results[5]!.body).toEqual({
      error: 'invalid command: command.to: unknown node "nowhere" in scenario chain-5hop',
      issues: [{ path: 'command.to', message: 'unknown node "nowhere" in scenario chain-5hop' }],
      code: 'bad_request',
    });
    await waitFor(() => watcher.parts.commands.length === 3, 'the three accepted commands to arrive');
    expect(readCommands(watcher.doc).commands.map((c) => [c.seq, c.command.type])).toEqual([
      [0, 'restart_node'],
      [1, 'set_config'],
      [2, 'resume_node'],
    ]);
  });

  it('serves the scenario list, validation with file and line, health and metrics', async () => {
    const list = await api<{ scenarios: { id: string; ok: boolean }[] }>(server.url, '/api/scenarios');
    expect(list.body.scenarios.find((x) => x.id === 'chain-5hop')).toMatchObject({ ok: true });
    const bad = await api<{ ok: boolean; errors: { file: string; line: number; path: string }[] }>(server.url, '/api/scenarios/validate', {
      body: { yaml: 'schemaVersion: 1\nid: Bad Id\n', file: 'mine.yaml' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ file: 'mine.yaml' });
    expect((await api(server.url, '/healthz')).body).toMatchObject({ ok: true });
    const metrics = await (await fetch(server.url + '/metrics')).text();
    expect(metrics).toMatch(/^twinlab_commands_accepted_total \d+$/m);
    expect((await api(server.url, '/api/sessions', { body: { leadName: 'x' } })).body).toMatchObject({ error: 'invalid session: scenarioId: give either scenarioId or scenarioYaml' });
    expect((await fetch(server.url + '/')).headers.get('content-type')).toMatch(/text\/html/);
  });
});
