import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { testServices } from '../../test/support/services.ts';
import { scenarioText } from '../../test/support/fixtures.ts';

const clock = { now: Date.now() };
let app: ReturnType<typeof createApp>;

beforeEach(() => {
  clock.now = Date.now();
  app = createApp(testServices(clock));
});

async function call(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await app.request(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function newSession(extra: Record<string, unknown> = {}) {
  const r = await call('/api/sessions', { body: { scenarioId: 'chain-5hop', leadName: 'Li Wei', ...extra } });
  expect(r.status).toBe(201);
  return { id: r.body.session.id as string, lead: r.body.token as string, body: r.body };
}

describe('the sessions API', () => {
  it('creates a session from a scenario file and returns a lead token and an invitation link', async () => {
    const s = await newSession({ seed: 5, title: 'Weekend cutover rehearsal' });
    expect(s.body.session).toMatchObject({ title: 'Weekend cutover rehearsal', scenarioId: 'chain-5hop', seed: 5, createdBy: 'Li Wei', createdAt: clock.now });
    expect(s.body.link).toMatch(new RegExp(`/session/${s.id}#token=`));
    const me = await call(`/api/sessions/${s.id}`, { token: s.lead });
    expect(me.body).toMatchObject({ you: { role: 'lead', name: 'Li Wei' }, commands: 0, clock: { running: false, anchorSim: 34_200_000_000 } });
    expect((await call('/api/sessions', { token: s.lead })).body.sessions).toMatchObject([{ id: s.id, online: 0 }]);
  });

  it('creates a session from scenario text, and refuses text that does not load with file, line and field', async () => {
    expect((await call('/api/sessions', { body: { scenarioYaml: scenarioText('chain-5hop'), leadName: 'Li' } })).status).toBe(201);
    const bad = await call('/api/sessions', { body: { scenarioYaml: 'schemaVersion: 1\nid: x\n', leadName: 'Li' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^the scenario does not load: <scenarioYaml>:\d+:\d+/);
    expect((await call('/api/sessions', { body: { scenarioId: 'no-such', leadName: 'Li' } })).status).toBe(404);
    expect((await call('/api/sessions', { body: '{"scenarioId":' })).body.error).toMatch(/^the session is not valid JSON/);
  });

  it('lets only the lead invite, and an invitation carries its role', async () => {
    const s = await newSession();
    const inv = await call(`/api/sessions/${s.id}/invitations`, { token: s.lead, body: { role: 'engineer', name: 'Wang' } });
    expect(inv.status).toBe(201);
    const wang = inv.body.token as string;
    expect((await call(`/api/sessions/${s.id}/invitations`, { token: wang, body: { role: 'lead', name: 'Wang' } })).status).toBe(403);
    expect((await call(`/api/sessions/${s.id}/invitations`, { token: s.lead, body: { role: 'admin', name: 'x' } })).body.issues[0].path).toBe('role');
    expect((await call(`/api/sessions/${s.id}`, { token: wang })).body.you).toMatchObject({ role: 'engineer', name: 'Wang' });
    expect((await call(`/api/sessions/${s.id}`)).status).toBe(401);
  });

  it('stamps commands with the shared clock the lead controls', async () => {
    const s = await newSession();
    expect((await call(`/api/sessions/${s.id}/clock`, { token: s.lead, body: { action: 'play' } })).body.clock).toMatchObject({ running: true, anchorWall: clock.now });
    clock.now += 1_500;
    const c = await call(`/api/sessions/${s.id}/commands`, { token: s.lead, body: { type: 'restart_node', node: 'counter' } });
    expect(c).toMatchObject({ status: 201, body: { command: { seq: 0, at: 34_201_500_000, actor: 'Li Wei' } } });
    const bad = await call(`/api/sessions/${s.id}/clock`, { token: s.lead, body: { action: 'speed', speed: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('clock.speed');
  });

  it('runs the engine headless over the session and reports it', async () => {
    const s = await newSession();
    await call(`/api/sessions/${s.id}/commands`, { token: s.lead, body: { type: 'set_load', multiplier: 2 } });
    const run = await call(`/api/sessions/${s.id}/run?until=09:30:01`, { token: s.lead });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ until: 34_201_000_000, untilClock: '09:30:01.000', commandsApplied: 1 });
    expect(run.body.stateHash).toMatch(/^[0-9a-f]+$/);
    const again = await call(`/api/sessions/${s.id}/run?until=34201000000`, { token: s.lead });
    expect(again.body.stateHash).toBe(run.body.stateHash);
  });

  it('answers unknown API routes and oversized bodies clearly', async () => {
    expect(await call('/api/nothing')).toEqual({ status: 404, body: { error: 'no API route GET /api/nothing', code: 'not_found' } });
    const huge = await call('/api/sessions', { body: { scenarioYaml: 'x'.repeat(70 * 1024), leadName: 'Li' } });
    expect(huge).toEqual({ status: 413, body: { error: 'the request body exceeds 65536 bytes', code: 'too_large' } });
  });
});
