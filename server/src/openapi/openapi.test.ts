import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as R from '@twinlab/shared/api/rest';
import * as P from '@twinlab/shared/api/people';
import { parseClock } from '@twinlab/shared/scenario/units';
import { createApp } from '../app.ts';
import { testServices } from '../../test/support/services.ts';
import { openApiPath } from './spec.ts';

const app = createApp(testServices({ now: Date.now() }));

async function call<S extends z.ZodType>(schema: S, path: string, init: { method?: string; token?: string; body?: unknown; status?: number } = {}): Promise<z.infer<S>> {
  const res = await app.request(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const body: unknown = await res.json();
  expect(res.status, `${path}: ${JSON.stringify(body)}`).toBe(init.status ?? 200);
  // The answer must be what the description (and so the client's types) says it is.
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? [], path).toEqual([]);
  return parsed.data as z.infer<S>;
}

describe('the OpenAPI description', () => {
  it('is OpenAPI 3.1 and lists every route of the app, and only those', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    const served = new Set(app.routes.filter((r) => r.method !== 'ALL' && r.path !== '/*').map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`));
    const described = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)));
    expect(
      [...served].filter((r) => !described.has(r)),
      'routes missing from the description',
    ).toEqual([]);
    expect(
      [...described].filter((r) => !served.has(r)),
      'described routes the app does not serve',
    ).toEqual([]);
    // Every reference resolves inside the document.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => !(r in doc.components.schemas))).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('describes request bodies from the zod schemas the routes validate with', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> } }>>;
    };
    const body = (p: string, m: string) => doc.paths[p]![m]!.requestBody!.content['application/json']!.schema;
    expect(body('/api/sessions', 'post').required).toEqual(['leadName']);
    expect(Object.keys(body('/api/sessions', 'post').properties!)).toEqual(['scenarioId', 'scenarioYaml', 'seed', 'title', 'leadName']);
    expect(body('/api/sessions/{id}/invitations', 'post').required).toEqual(['role', 'name']);
    expect(JSON.stringify(body('/api/sessions/{id}/commands', 'post'))).toContain('restart_node');
  });

  it('matches what the routes answer', async () => {
    const created = await call(R.SessionCreated, '/api/sessions', { body: { scenarioId: 'chain-5hop', leadName: 'Li' }, status: 201 });
    const id = created.session.id;
    const lead = created.token;
    await call(R.SessionList, '/api/sessions');
    await call(R.ScenarioList, '/api/scenarios');
    await call(R.SessionJoined, `/api/sessions/${id}/join`, { method: 'POST', token: lead });
    await call(R.Invited, `/api/sessions/${id}/invitations`, { token: lead, body: { role: 'engineer', name: 'Wang' }, status: 201 });
    await call(R.InvitationList, `/api/sessions/${id}/invitations`, { token: lead });
    await call(R.CommandStamped, `/api/sessions/${id}/commands`, { token: lead, body: { type: 'restart_node', node: 'counter' }, status: 201 });
    await call(R.ClockChanged, `/api/sessions/${id}/clock`, { token: lead, body: { action: 'pause' } });
    await call(R.ServerTime, '/api/time');
    await call(R.Health, '/healthz');
    await call(R.ApiError, `/api/sessions/${id}`, { status: 401 });

    const drills = await call(R.DrillList, '/api/drills');
    expect(drills.drills.length).toBeGreaterThan(0);
    const drill = await call(R.DrillStarted, '/api/drills/gateway-crash/sessions', { body: { trainee: '小李' }, status: 201 });
    const d = (p: string) => `/api/sessions/${drill.session.id}/${p}`;
    await call(R.ClockChanged, d('clock'), { token: drill.token, body: { action: 'seek', to: parseClock('10:02:30') } });
    await call(R.HintGiven, d('drill/hints'), { token: drill.token, body: { hint: 0 }, status: 201 });
    await call(R.GuidedState, d('drill'), { token: drill.token });
    await call(R.Graded, d('drill/grade'), { token: drill.token, body: {} });
    await call(R.GradeResult, d('drill/result'), { token: drill.token });
    await call(R.LearningPath, d('drill/path'), { token: drill.token });
    await call(R.VersionSaved, d('scenario/versions'), { token: drill.token, body: {}, status: 201 });
    await call(R.VersionList, d('scenario/versions'), { token: drill.token });

    const boss = await call(P.PersonIssued, '/api/people/leads', { body: { name: '王经理' }, status: 201 });
    const trainee = await call(P.PersonIssued, '/api/people/trainees', { token: boss.token, body: { name: '小李' }, status: 201 });
    await call(P.Me, '/api/people/me', { token: trainee.token });
    await call(P.PasswordSet, '/api/people/me/password', { token: trainee.token, body: { password: 'a long enough one' } });
    const signedIn = await call(P.PersonIssued, '/api/people/login', { body: { id: trainee.person.id, password: 'a long enough one' } });
    const own = await call(R.DrillStarted, '/api/drills/gateway-crash/sessions', { token: signedIn.token, body: {}, status: 201 });
    expect(own.person).toEqual({ id: trainee.person.id, name: '小李' });
    await call(R.Graded, `/api/sessions/${own.session.id}/drill/grade`, { token: own.token, body: {} });
    await call(P.Certificates, '/api/people/me/certificate', { token: trainee.token });
    await call(P.RolePathList, '/api/people/paths');
    await call(P.TraineeBoard, '/api/people/trainees', { token: boss.token });
    await call(P.Certificates, `/api/people/trainees/${trainee.person.id}/certificate`, { token: boss.token });
    await call(P.PersonIssued, `/api/people/trainees/${trainee.person.id}/token`, { token: boss.token, body: {} });
  });

  it('is readable as a page at /api/docs', async () => {
    const res = await app.request('/api/docs');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<code>/api/sessions/{id}/drill/grade</code>');
    expect(html).toContain('href="/openapi.json"');
  });
});
