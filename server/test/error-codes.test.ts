import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { testServices } from './support/services.ts';

// Each error the lab can show carries a code it translates; `error` stays for older clients.
describe('error responses carry a code', () => {
  const app = createApp(testServices({ now: 1_700_000_000_000 }));
  const body = async (res: Response) => (await res.json()) as { error?: string; code?: string };

  it('names malformed JSON and an invalid body apart, keeping the English sentence', async () => {
    const bad = await app.request('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(bad.status).toBe(400);
    expect(await body(bad)).toMatchObject({ code: 'invalid_json', error: expect.stringContaining('not valid JSON') });
    const invalid = await app.request('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"scenarioId":5}' });
    expect(invalid.status).toBe(400);
    expect(await body(invalid)).toMatchObject({ code: 'invalid_body', error: expect.stringContaining('invalid') });
  });

  it('gives routes that name no code one from the status: unknown route, missing token', async () => {
    const missing = await app.request('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(await body(missing)).toMatchObject({ code: 'not_found', error: expect.stringContaining('/api/nothing-here') });
    const noToken = await app.request('/api/sessions/abc/join', { method: 'POST' });
    expect(noToken.status).toBeGreaterThanOrEqual(400);
    const b = await body(noToken);
    expect(b.error).toBeTruthy();
    expect(b.code).toMatch(/^(unauthorized|not_found|forbidden)$/);
  });
});
