import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parseClock } from '@twinlab/shared/scenario/units';
import type { ServerProcess } from '../../server/test/support/server-process.ts';
import { serveBuiltLab } from './lab-server.ts';
import { launchChromium } from './chromium.ts';

// The whole lab, as users get it: the production build served by the real server process, two
// people in two browser contexts of Debian's Chromium (SwiftShader), the engine in their workers.
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

const started = Date.now();
const step = (what: string) => process.env['E2E_TRACE'] && console.log(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);

async function open(who: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Generous: a busy CI machine renders WebGL on the CPU in two pages at once.
  context.setDefaultTimeout(90_000);
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && problems.push(`${who} console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`${who} page error: ${e.message}`));
  return page;
}

const simNow = (page: Page) => page.getAttribute('[data-testid=sim-time]', 'data-sim-now').then(Number);
const hashOf = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('[data-testid=state-hash]');
    return { hash: el?.getAttribute('data-hash') ?? '', at: Number(el?.getAttribute('data-hash-at') || -1) };
  });

beforeAll(async () => {
  server = await serveBuiltLab('lab');
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('two participants in one lab session', () => {
  it('share presence, the clock, a fault and the state hash, which equals the server’s headless run', async () => {
    try {
      await scenario();
    } catch (e) {
      // What each page showed when it failed, for the artifacts.
      for (const [i, c] of contexts.entries()) for (const p of c.pages()) await p.screenshot({ path: `${ARTIFACTS}lab-failed-${i}.png` }).catch(() => undefined);
      console.error(problems.join('\n'));
      throw e;
    }
  }, 900_000);
});

async function scenario(): Promise<void> {
  {
    // The lead starts a session from the lobby.
    step('The lead starts a session from the lobby');
    const lead = await open('lead');
    await lead.goto(server.url + '/');
    await lead.fill('[data-testid=lobby-name]', '李工');
    await lead.fill('[data-testid=lobby-region]', '上海');
    await lead.click('[data-testid=create-small-broker]');
    await lead.waitForSelector('[data-testid=clock-toggle]');
    const sessionId = decodeURIComponent(new URL(lead.url()).pathname.split('/')[2]!);
    const leadToken = new URLSearchParams(new URL(lead.url()).hash.slice(1)).get('token')!;

    // …invites an engineer, who opens the link and picks a region.
    step('…invites an engineer, who opens the link');
    await lead.fill('[data-testid=invite-name]', '王工');
    await lead.click('[data-testid=invite-create]');
    const link = await lead.inputValue('[data-testid=invite-link]');
    expect(link).toContain(`/session/${sessionId}#token=`);
    const engineer = await open('engineer');
    await engineer.goto(link);
    await engineer.fill('[data-testid=join-region]', '深圳');
    await engineer.click('[data-testid=join-enter]');

    // Both see each other, with names and regions.
    step('Both see each other, with names and regi');
    await lead.waitForSelector('[data-testid=presence] [data-name="王工"][data-region="深圳"]');
    await engineer.waitForSelector('[data-testid=presence] [data-name="李工"][data-region="上海"]');
    // Only the lead has the clock.
    step('Only the lead has the clock.');
    expect(await engineer.isDisabled('[data-testid=clock-toggle]')).toBe(true);
    expect(await engineer.$('[data-testid=fault-panel]')).toBeNull();

    // The lead jumps to the continuous session and runs the clock fast, with the keyboard.
    step('The lead jumps to the continuous session');
    await lead.fill('[data-testid=seek-time]', '09:30:00');
    await lead.click('[data-testid=seek]');
    await lead.locator('[data-testid=sim-time]').click(); // out of the time field: keys are shortcuts again
    for (const speed of [2, 5, 10]) {
      await lead.keyboard.type('+');
      await expect.poll(() => lead.textContent('[data-testid=speed]'), { timeout: 60_000 }).toBe(`×${speed}`);
    }
    await lead.keyboard.press('Space');
    const t0 = parseClock('09:30:02')!;
    for (const page of [lead, engineer]) await expect.poll(() => simNow(page), { timeout: 90_000 }).toBeGreaterThan(t0);

    // A crash injected by the lead: the engineer sees the node go red and the counter hold its orders (待报).
    step('A crash injected by the lead: the engine');
    await lead.selectOption('[data-testid=fault-kind]', 'crash');
    await lead.selectOption('[data-testid=fault-target]', 'risk');
    await lead.click('[data-testid=fault-inject]');
    await engineer.waitForSelector('[data-testid=node-list] [data-node=risk][data-health=down]', { timeout: 90_000 });
    await expect.poll(() => engineer.getAttribute('[data-testid=charts]', 'data-rejects-peak').then(Number), { timeout: 90_000 }).toBeGreaterThan(0);
    await engineer.click('[data-testid=node-list] [data-node=risk]');
    await lead.waitForSelector('[data-testid=presence] [data-name="王工"][data-selected=risk]');
    await expect.poll(() => engineer.getAttribute('[data-testid=node-details]', 'data-health'), { timeout: 60_000 }).toBe('down');
    await engineer.fill('[data-testid=chat-input]', '风控宕机，准备重启');
    await engineer.press('[data-testid=chat-input]', 'Enter');
    await lead.waitForSelector('[data-testid=chat] >> text=风控宕机，准备重启');

    // The lead pauses: both clocks stop at the same simulated time with the same state hash.
    step('The lead pauses: both clocks stop at the');
    await lead.click('[data-testid=clock-toggle]');
    await expect.poll(() => lead.textContent('[data-testid=clock-toggle]'), { timeout: 60_000 }).toMatch(/开始|Play/);
    const paused = await Promise.all([lead, engineer].map((p) => p.waitForFunction(() => document.querySelector('[data-testid=state-hash]')?.getAttribute('data-hash'), null, { timeout: 90_000 })));
    expect(paused).toHaveLength(2);
    const [a, b] = [await hashOf(lead), await hashOf(engineer)];
    expect(a.at).toBeGreaterThan(t0);
    expect(b).toEqual(a);
    expect(await simNow(lead)).toBe(a.at);
    expect(await simNow(engineer)).toBe(a.at);

    const res = await fetch(`${server.url}/api/sessions/${sessionId}/run?until=${a.at}`, { headers: { authorization: `Bearer ${leadToken}` } });
    const run = (await res.json()) as { stateHash: string; commandsApplied: number; metrics: { orders: { held: number } } };
    expect(res.status).toBe(200);
    expect(run.commandsApplied).toBe(1);
    expect(run.stateHash).toBe(a.hash);
    expect(run.metrics.orders.held).toBeGreaterThan(0); // risk is still down: what the counter committed waits

    // Neither was ever refused a write (a refusal drops the copy and rejoins), and both are still connected.
    for (const page of [lead, engineer]) {
      expect(await page.$('[data-testid=denied]')).toBeNull();
      expect(await page.getAttribute('main.lab', 'data-status')).toBe('connected');
    }
    await lead.screenshot({ path: `${ARTIFACTS}lab-lead.png` });
    await engineer.screenshot({ path: `${ARTIFACTS}lab-engineer.png` });

    // The lead edits the scenario; the engineer, reading it in a read-only editor, sees the edit arrive.
    step('The lead edits the scenario, the engineer reads it');
    const editorText = (page: Page) => page.evaluate(() => (globalThis as { __twinlabEditor?: { state: { doc: { toString(): string } } } }).__twinlabEditor?.state.doc.toString() ?? '');
    await engineer.click('[data-testid=open-editor]');
    await lead.click('[data-testid=open-editor]');
    for (const page of [lead, engineer]) await page.waitForSelector('[data-testid=scenario-editor] .cm-content');
    expect(await engineer.getAttribute('[data-testid=scenario-editor] .cm-content', 'contenteditable')).toBe('false');
    const note = '\n# 李工：开盘前检查风控线程数\n';
    await lead.evaluate((insert) => {
      const view = (globalThis as { __twinlabEditor?: { state: { doc: { length: number } }; dispatch(tr: unknown): void } }).__twinlabEditor!;
      view.dispatch({ changes: { from: view.state.doc.length, insert } });
    }, note);
    await expect.poll(() => editorText(engineer), { timeout: 60_000 }).toContain(note);
    expect(await editorText(engineer)).toBe(await editorText(lead));
    expect(problems).toEqual([]);
  }
}
