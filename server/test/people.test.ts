import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClock } from '@twinlab/shared/scenario/units';
import type { TraineeBoard, Certificates, PersonIssued } from '@twinlab/shared/api/people';
import { createApp } from '../src/app.ts';
import { SqliteDrillStore } from '../src/drills/sqlite-store.ts';
import { inlineJobs } from '../src/drills/jobs.ts';
import { DEFAULT_PEOPLE_LIMITS } from '../src/people/limits.ts';
import { DEFAULT_ABUSE_LIMITS } from '../src/http/guards.ts';
import { testServices } from './support/services.ts';

// People, tokens and progress through the whole app (app.request) on a real SQLite drill store file.
const dir = mkdtempSync(join(tmpdir(), 'twinlab-people-'));
const store = new SqliteDrillStore(join(dir, 'drills.sqlite'));
const clock = { now: Date.UTC(2026, 11, 3, 2, 0, 0) };
const app = createApp({ ...testServices(clock), drills: { store, jobs: inlineJobs(), peopleLimits: { ...DEFAULT_PEOPLE_LIMITS, traineesPerLead: 3, leadsPerClientPerHour: 6 } } });
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

type Res<T> = { status: number; body: T; text: string; headers: Headers };
async function call<T = Record<string, unknown>>(path: string, init: { token?: string; body?: unknown; method?: string } = {}): Promise<Res<T>> {
  const res = await app.request(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body: body as T, text, headers: res.headers };
}

interface Drill {
  id: string;
  token: string;
}
const startDrill = async (drill: string, auth: { token?: string; trainee?: string }): Promise<Drill> => {
  const r = await call<{ session: { id: string }; token: string }>(`/api/drills/${drill}/sessions`, {
    ...(auth.token ? { token: auth.token } : {}),
    body: auth.trainee ? { trainee: auth.trainee } : {},
  });
  expect(r.status, r.text).toBe(201);
  return { id: r.body.session.id, token: r.body.token };
};
const act = async (d: Drill, steps: [string, Record<string, unknown>][]) => {
  for (const [at, command] of steps) {
    expect((await call(`/api/sessions/${d.id}/clock`, { token: d.token, body: { action: 'seek', to: parseClock(at) } })).status).toBe(200);
    const r = await call(`/api/sessions/${d.id}/commands`, { token: d.token, body: command });
    expect(r.status, r.text).toBe(201);
  }
};
interface Graded {
  result: { score: number; passed: boolean };
  counted: boolean;
  uncounted: string | null;
  actions: number;
  solution: unknown[] | null;
}
const grade = (d: Drill, token = d.token) => call<Graded>(`/api/sessions/${d.id}/drill/grade`, { token, body: {} });
const RESTART: [string, Record<string, unknown>][] = [['10:02:30', { type: 'restart_node', node: 'gw-sse' }]];
const WRONG_GATEWAY: [string, Record<string, unknown>][] = [['10:02:30', { type: 'restart_node', node: 'gw-szse' }]];

let lead: PersonIssued;
let li: PersonIssued;
let chen: PersonIssued;
let csvLead: PersonIssued;
beforeAll(async () => {
  csvLead = (await call<PersonIssued>('/api/people/leads', { body: { name: 'CSV lead' } })).body;
  lead = (await call<PersonIssued>('/api/people/leads', { body: { name: '王经理' } })).body;
  li = (await call<PersonIssued>('/api/people/trainees', { token: lead.token, body: { name: '小李' } })).body;
  chen = (await call<PersonIssued>('/api/people/trainees', { token: lead.token, body: { name: '小陈' } })).body;
});

describe('accounts and personal tokens', () => {
  it('a lead adds trainees, each gets a token shown once; the server keeps only hashes', async () => {
    expect(lead.token).toMatch(/^tlp_[A-Za-z0-9_-]{43}$/);
    expect(li.person).toMatchObject({ name: '小李', role: 'trainee', leadId: lead.person.id });
    const me = await call<{ person: { id: string }; lead: { name: string } }>('/api/people/me', { token: li.token });
    expect(me.body).toMatchObject({ person: { id: li.person.id }, lead: { name: '王经理' } });
    // The token is nowhere in the store's file, only its hash.
    const raw = new SqliteDrillStore(join(dir, 'drills.sqlite'));
    expect(await raw.personOfToken(li.token)).toBeUndefined();
    await raw.close();
  });

  it('refuses what is not a personal token, and a trainee asking for a lead page', async () => {
    expect((await call('/api/people/me')).status).toBe(401);
    expect((await call('/api/people/me', { token: 'tlp_guessed' })).status).toBe(401);
    const d = await startDrill('gateway-crash', { trainee: '访客' });
    const withInvitation = await call<{ error: string }>('/api/people/me', { token: d.token });
    expect(withInvitation.status).toBe(401);
    expect(withInvitation.body.error).toMatch(/not a personal token/);
    expect((await call('/api/people/trainees', { token: li.token })).status).toBe(403);
    expect((await call('/api/people/trainees', { token: li.token, body: { name: 'x' } })).status).toBe(403);
  });

  it('a re-issued token replaces the old one; a password signs in again, and changing it needs the current one', async () => {
    const zhou = (await call<PersonIssued>('/api/people/trainees', { token: lead.token, body: { name: '小周' } })).body;
    const again = await call<PersonIssued>(`/api/people/trainees/${zhou.person.id}/token`, { token: lead.token, body: {} });
    expect(again.status).toBe(200);
    expect((await call('/api/people/me', { token: zhou.token })).status).toBe(401);
    expect((await call('/api/people/me', { token: again.body.token })).status).toBe(200);
    expect((await call('/api/people/me/password', { token: again.body.token, body: { password: 'short' } })).status).toBe(400);
    expect((await call('/api/people/me/password', { token: again.body.token, body: { password: '正确的马电池订书钉' + 'x' } })).status).toBe(200);
    expect((await call('/api/people/login', { body: { id: zhou.person.id, password: 'wrong password' } })).status).toBe(401);
    const signedIn = await call<PersonIssued>('/api/people/login', { body: { id: zhou.person.id, password: '正确的马电池订书钉x' } });
    expect(signedIn.status).toBe(200);
    expect((await call('/api/people/me', { token: signedIn.body.token })).status).toBe(200);
    expect((await call('/api/people/me/password', { token: signedIn.body.token, body: { password: 'another long one' } })).status).toBe(403);
    // Another lead's trainee is not yours to re-issue.
    const other = (await call<PersonIssued>('/api/people/leads', { body: { name: '赵经理' } })).body;
    expect((await call(`/api/people/trainees/${zhou.person.id}/token`, { token: other.token, body: {} })).status).toBe(404);
    expect((await call(`/api/people/trainees/${zhou.person.id}/certificate`, { token: other.token })).status).toBe(404);
  });

  it('keeps limits: name length and characters, trainees per lead, lead accounts per address', async () => {
    expect((await call('/api/people/trainees', { token: lead.token, body: { name: 'x'.repeat(61) } })).status).toBe(400);
    expect((await call('/api/people/trainees', { token: lead.token, body: { name: 'a\u0000b' } })).status).toBe(400);
    // The lead trains at most three here: adding past them is refused, and nothing is added.
    const added: Res<{ error: string }>[] = [];
    for (let i = 0; i < 4; i++) added.push(await call<{ error: string }>('/api/people/trainees', { token: lead.token, body: { name: `学员${i}` } }));
    const full = added.find((r) => r.status !== 201)!;
    expect(full.status).toBe(409);
    expect(full.body.error).toMatch(/3 people already/);
    expect((await call<TraineeBoard>('/api/people/trainees', { token: lead.token })).body.trainees).toHaveLength(3);
    // A drill start is a session: it shares the per-address session limit.
    const small = createApp({ ...testServices(clock), abuse: { ...DEFAULT_ABUSE_LIMITS, sessionsPerClient: 2 } });
    const starts: number[] = [];
    for (let i = 0; i < 3; i++)
      starts.push((await small.request('/api/drills/gateway-crash/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ trainee: 'x' }) })).status);
    expect(starts).toEqual([201, 201, 429]);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call('/api/people/leads', { body: { name: `lead ${i}` } })).status);
    expect(statuses).toContain(429);
  });
});

describe('progress belongs to the person who started the drill', () => {
  it('counts a trainee grading their own drill, and never for someone else', async () => {
    const own = await startDrill('gateway-crash', { token: li.token });
    await act(own, RESTART);
    // 小陈 joins 小李's session with an invitation and grades it: the result is shown, but written for nobody.
    const inv = await call<{ token: string }>(`/api/sessions/${own.id}/invitations`, { token: own.token, body: { role: 'engineer', name: '小陈' } });
    const byChen = await grade(own, inv.body.token);
    expect(byChen.body).toMatchObject({ counted: false, uncounted: 'not_owner', solution: null });
    // A second lead invitation to the same session is not the person's either.
    const lead2 = await call<{ token: string }>(`/api/sessions/${own.id}/invitations`, { token: own.token, body: { role: 'lead', name: '小李' } });
    expect((await grade(own, lead2.body.token)).body).toMatchObject({ counted: false, uncounted: 'not_owner' });
    // Typing 小陈's name as a guest writes nothing to 小陈's account.
    const typed = await startDrill('gateway-crash', { trainee: '小陈' });
    await act(typed, RESTART);
    expect((await grade(typed)).body).toMatchObject({ counted: true, result: { passed: true } }); // the guest's own session progress

    let board = (await call<TraineeBoard>('/api/people/trainees', { token: lead.token })).body;
    const none = (name: string) => board.trainees.find((t) => t.name === name)?.drills;
    expect([none('小李'), none('小陈')]).toEqual([[], []]);
    const mine = await grade(own);
    expect(mine.body).toMatchObject({ counted: true, uncounted: null, actions: 1, result: { score: 100, passed: true } });
    board = (await call<TraineeBoard>('/api/people/trainees', { token: lead.token })).body;
    expect(board.trainees.find((t) => t.name === '小李')!.drills).toEqual([
      { drill: 'gateway-crash', attempts: 1, honest: 1, passed: true, bestScore: 100, bestTime: expect.any(Number), hintsUsed: 0, failedAt: [], lastGradedAt: clock.now },
    ]);
    expect(board.trainees.find((t) => t.name === '小陈')!.drills).toEqual([]);
    // The certificate counts it: 10 points on the gateway engineer's path.
    const cert = (await call<Certificates>('/api/people/me/certificate', { token: li.token })).body;
    expect(cert.problems).toEqual([]);
    expect(cert.certificates.find((c) => c.role === 'gateway-engineer')).toMatchObject({ points: 10, certified: false, missing: ['gateway-resync'] });
    expect((await call<Certificates>(`/api/people/trainees/${li.person.id}/certificate`, { token: lead.token })).body.certificates).toEqual(cert.certificates);
  });
});

describe('the model answer', () => {
  it('is withheld from an empty attempt, however many; shown after a pass or after three honest attempts', async () => {
    for (let i = 0; i < 4; i++) {
      const idle = await startDrill('gateway-crash', { token: chen.token });
      const g = await grade(idle);
      expect(g.body).toMatchObject({ counted: true, actions: 0, solution: null, result: { passed: false } });
      expect((await call<{ solution: unknown }>(`/api/sessions/${idle.id}/drill/result`, { token: idle.token })).body.solution).toBeNull();
    }
    const shown: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const wrong = await startDrill('gateway-crash', { token: chen.token });
      await act(wrong, WRONG_GATEWAY);
      const g = await grade(wrong);
      expect(g.body).toMatchObject({ actions: 1, result: { passed: false } });
      shown.push(g.body.solution !== null);
    }
    expect(shown).toEqual([false, false, true]);
    const guestPass = await startDrill('gateway-crash', { trainee: '访客' });
    await act(guestPass, RESTART);
    expect((await grade(guestPass)).body.solution).not.toBeNull();

    const board = (await call<TraineeBoard>('/api/people/trainees', { token: lead.token })).body;
    const row = board.trainees.find((t) => t.name === '小陈')!.drills[0]!;
    expect(row).toMatchObject({ drill: 'gateway-crash', attempts: 7, honest: 3, passed: false });
    expect(row.failedAt).toContainEqual({ objective: 'gateway-back', times: 7 });
  });
});

/** RFC 4180, enough to read back what the server wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('the CSV export', () => {
  it('has one line per counted attempt, names with commas, quotes and formulas kept as text', async () => {
    const lead2 = csvLead;
    const odd = (await call<PersonIssued>('/api/people/trainees', { token: lead2.token, body: { name: '=1+2 "张, 三"' } })).body;
    const d = await startDrill('gateway-crash', { token: odd.token });
    await act(d, RESTART);
    await grade(d);
    const res = await call('/api/people/trainees.csv', { token: lead2.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    // A byte-order mark first (fetch's text() drops it, so read the bytes), so a spreadsheet reads UTF-8.
    const bytes = new Uint8Array(await (await app.request('/api/people/trainees.csv', { headers: { authorization: `Bearer ${lead2.token}` } })).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual(['person_id', 'name', 'drill', 'session', 'graded_at', 'score', 'passed', 'time_s', 'hints', 'actions', 'missed']);
    expect(rows.slice(1)).toEqual([[odd.person.id, `'=1+2 "张, 三"`, 'gateway-crash', d.id, new Date(clock.now).toISOString(), '100', 'true', expect.stringMatching(/^\d+$/), '0', '1', '']]);
    expect((await call('/api/people/trainees.csv', { token: odd.token })).status).toBe(403);
  });
});

describe("the lead's diagnosis", () => {
  it('is open, while the drill runs, to the lead who trains its runner and to nobody else', async () => {
    const d = await startDrill('sod-file-missing', { token: chen.token });
    await act(d, [['09:16:00', { type: 'set_config', node: 'counter', key: 'sod.securitiesFile', value: 'missing' }]]);
    const path = `/api/people/sessions/${d.id}/diagnose`;
    // The trainee asks through the session: refused until graded, and told who can see it.
    const own = await call<{ error: string }>(`/api/sessions/${d.id}/diagnose`, { token: d.token });
    expect(own.status).toBe(403);
    expect(own.body.error).toContain('/api/people/sessions/:id/diagnose');
    const byLead = await call<{ findings: { kind: string }[] }>(path, { token: lead.token });
    expect(byLead.status, byLead.text).toBe(200);
    expect(byLead.body.findings.map((f) => f.kind)).toContain('price_limits');
    expect((await call<{ error: string }>(path, { token: csvLead.token })).body.error).toMatch(/not a drill run by one of the people you train/);
    expect((await call(path, { token: chen.token })).status).toBe(403); // a trainee's own personal token is not a lead's
    expect((await call(path, { token: d.token })).status).toBe(401); // a session invitation is not a personal token
    expect((await call(path)).status).toBe(401);
    // A guest's drill has no runner to train.
    const guest = await startDrill('sod-file-missing', { trainee: '访客' });
    expect((await call(`/api/people/sessions/${guest.id}/diagnose`, { token: lead.token })).status).toBe(403);
  });
});
