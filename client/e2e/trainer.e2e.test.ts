import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parseClock } from '@twinlab/shared/scenario/units';
import { startServerProcess, type ServerProcess } from '../../server/test/support/server-process.ts';
import { launchChromium } from './chromium.ts';

// A lead in Debian's Chromium against the real server, on the lab built by global-setup.mjs: opens
// a lead account, adds two trainees on the page, the trainees work a drill with their tokens, and
// the lead's page lists both results and exports them as CSV.
const DIST = fileURLToPath(new URL('../dist', import.meta.url));

let server: ServerProcess;
let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  server = await startServerProcess({ CLIENT_DIR: DIST, TWINLAB_DURABILITY: 'normal' });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function api<T = Record<string, unknown>>(base: string, path: string, init: { token?: string; body?: unknown }): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** A trainee works gateway-crash with their personal token: the steps given, then the grade. */
async function drill(personalToken: string, steps: [string, Record<string, unknown>][]): Promise<{ score: number; passed: boolean }> {
  const started = await api<{ session: { id: string }; token: string }>(server.url, '/api/drills/gateway-crash/sessions', { token: personalToken, body: {} });
  expect(started.status).toBe(201);
  const s = (p: string, body: unknown) => api(server.url, `/api/sessions/${started.body.session.id}/${p}`, { token: started.body.token, body });
  for (const [at, command] of steps) {
    expect((await s('clock', { action: 'seek', to: parseClock(at) })).status).toBe(200);
    expect((await s('commands', command)).status).toBe(201);
  }
  const graded = await s('drill/grade', {});
  expect(graded.body).toMatchObject({ counted: true });
  return (graded.body as { result: { score: number; passed: boolean } }).result;
}

describe("the lead's page in the browser", () => {
  it("lists two trainees' results per drill and exports them as CSV", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    context.setDefaultTimeout(120_000); // two cores shared by many test runs: pages can be slow, never wrong
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

    await page.goto(server.url + '/');
    await page.click('[data-testid=to-trainer]');
    await page.fill('[data-testid=lead-name]', '王经理');
    await page.click('[data-testid=lead-open]');
    await page.waitForSelector('[data-testid=trainee-name]');

    const tokens: Record<string, string> = {};
    for (const name of ['小李', '小陈']) {
      await page.fill('[data-testid=trainee-name]', name);
      await page.click('[data-testid=trainee-add]');
      await page.waitForSelector(`[data-testid=trainee-row][data-person="${name}"]`);
      tokens[name] = (await page.textContent('[data-testid=issued-token]'))!.trim();
      expect(tokens[name]).toMatch(/^tlp_/);
    }
    expect(await page.locator('[data-testid=trainee-row]').count()).toBe(2);

    // 小李 restarts the SSE gateway in time and passes; 小陈 restarts the Shenzhen one and fails.
    expect(await drill(tokens['小李']!, [['10:02:30', { type: 'restart_node', node: 'gw-sse' }]])).toMatchObject({ score: 100, passed: true });
    expect(await drill(tokens['小陈']!, [['10:02:30', { type: 'restart_node', node: 'gw-szse' }]])).toMatchObject({ passed: false });

    await page.click('[data-testid=trainer-refresh]');
    const li = await page.waitForSelector('[data-testid=trainee-row][data-person="小李"][data-drill=gateway-crash]');
    expect(await li.getAttribute('data-passed')).toBe('true');
    expect(await li.getAttribute('data-best')).toBe('100');
    const chen = await page.waitForSelector('[data-testid=trainee-row][data-person="小陈"][data-drill=gateway-crash]');
    expect(await chen.getAttribute('data-passed')).toBe('false');
    // Where 小陈 failed: the gateway never came back.
    expect(await chen.textContent()).toContain('gateway-back');
    expect(await page.textContent('[data-testid=trainer-board] thead')).toContain('最好成绩'); // Chinese first

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=trainer-csv]')]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('person_id,name,drill,session,graded_at,score,passed,time_s,hints,actions,missed');
    expect(lines.slice(1).map((l) => l.split(',').slice(1, 3).concat(l.split(',')[6]!))).toEqual([
      ['小李', 'gateway-crash', 'true'],
      ['小陈', 'gateway-crash', 'false'],
    ]);
    await page.screenshot({ path: fileURLToPath(new URL('../../test-artifacts/trainer.png', import.meta.url)) }).catch(() => undefined);
    expect(problems).toEqual([]);
    await context.close();
  }, 480_000);
});
