import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseClock } from '@twinlab/shared/scenario/units';
import { startServerProcess, type ServerProcess } from '../../server/test/support/server-process.ts';
import { launchChromium } from './chromium.ts';

// A trainee in Debian's Chromium against the real server, on the lab built once by global-setup.mjs:
// starts a drill from the lobby, works it in the guided mode and gets the server's score.
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

const started = Date.now();
const step = (what: string) => process.env['E2E_TRACE'] && console.log(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);
const simNow = (page: Page) => page.getAttribute('[data-testid=sim-time]', 'data-sim-now').then(Number);

async function seekTo(page: Page, clock: string): Promise<void> {
  await page.fill('[data-testid=seek-time]', clock);
  await page.click('[data-testid=seek]');
  const target = parseClock(clock)!;
  await expect.poll(() => simNow(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(target);
}

describe('a guided drill in the browser', () => {
  it('a trainee restarts the crashed gateway, asks for nothing, and sees full marks on the score page', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    context.setDefaultTimeout(90_000);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

    await page.goto(server.url + '/');
    await page.fill('[data-testid=lobby-name]', '小李');
    await page.click('[data-testid=drill-start-gateway-crash]');
    await page.waitForSelector('[data-testid=drill-panel]');
    await page.waitForSelector('[data-testid=clock-toggle]');
    expect(await page.textContent('[data-testid=drill-panel] h3')).toContain('SSE gateway down at 10:02');

    step('in the lab');
    // The gateway crashes at 10:02: the live check sees it down.
    await seekTo(page, '10:02:20');
    await page.waitForSelector('[data-testid=objective][data-id=gateway-back][data-ok=false]');
    expect(await page.textContent('[data-testid=drill-current]')).toContain('The SSE gateway is up again within 3 minutes');
    // …without saying what the check wants: that would be a free hint.
    expect(await page.locator('[data-testid=objective][data-id=gateway-back]').textContent()).not.toContain('wanted');

    step('gateway seen down');
    // Restart it from the node's commands, as an engineer would.
    await page.click('[data-testid=node-list] [data-node=gw-sse]');
    await page.click('[data-testid=node-commands] .buttons button >> nth=0');
    await expect.poll(() => page.evaluate(() => (globalThis as { __twinlab?: { store: { get(): { commands: unknown[] } } } }).__twinlab!.store.get().commands.length)).toBe(1);
    await seekTo(page, '10:02:40');
    await page.waitForSelector('[data-testid=objective][data-id=gateway-back][data-ok=true]');

    step('restarted');
    // Run to the end of the drill and ask the server for the score.
    await seekTo(page, '10:15:00');
    step('at the end');
    await page.click('[data-testid=drill-grade]');
    const result = await page.waitForSelector('[data-testid=drill-result]');
    expect(await result.getAttribute('data-passed')).toBe('true');
    expect(await result.getAttribute('data-score')).toBe('100');
    expect(await page.textContent('[data-testid=drill-score]')).toBe('100');
    // gateway back, flow restored, the desk clear of in-doubt orders, the backlog sent while fresh
    expect(await page.locator('[data-testid=result-objective][data-status=met]').count()).toBe(4);
    await page.waitForSelector('[data-testid=learning-path] li[data-id=dr-failover][data-status=open]');
    expect(await page.locator('[data-testid=not-counted]').count()).toBe(0); // the drill as published: the attempt counts
    // Once graded, the model answer: restart the SSE gateway, and why.
    const answer = page.locator('[data-testid=model-answer] li');
    expect(await answer.count()).toBe(1);
    expect(await answer.getAttribute('data-type')).toBe('restart_node');
    expect(await answer.textContent()).toContain('10:02:30');
    await page.screenshot({ path: fileURLToPath(new URL('../../test-artifacts/drill-score.png', import.meta.url)) }).catch(() => undefined);
    await page.click('[data-testid=drill-result] button');

    step('scored');
    // The replay jumps to the recorded restart and shows who did it.
    await page.click('[data-testid=open-replay]');
    await page.waitForSelector('[data-testid=replay-state]');
    const restart = page.locator('[data-testid=replay-events] li[data-type=restart_node]');
    expect(await restart.textContent()).toContain('小李');
    const at = Number(await restart.locator('[data-testid=replay-event]').getAttribute('data-at'));
    await restart.locator('[data-testid=replay-event]').click();
    await page.waitForSelector(`[data-testid=replay-state][data-t="${at}"]`);
    // The index is built in slices; the worker reports its reach until the whole session is in.
    await page.waitForSelector('[data-testid=replay-progress][data-done=true]');
    expect(Number(await page.getAttribute('[data-testid=replay-scrub]', 'max'))).toBeGreaterThanOrEqual(at);
    await page.click('[data-testid=replay] header button');

    step('replayed');
    // The lead's editor marks an invalid edit at its line.
    await page.click('[data-testid=open-editor]');
    await page.waitForSelector('[data-testid=scenario-editor] .cm-content');
    const line = await page.evaluate(() => {
      const view = (globalThis as { __twinlabEditor?: { state: { doc: { toString(): string } }; dispatch(tr: unknown): void } }).__twinlabEditor!;
      const text = view.state.doc.toString();
      const from = text.indexOf('timeLimit: 15m') + 'timeLimit: '.length;
      view.dispatch({ changes: { from, to: from + 3, insert: 'soon' } });
      return text.slice(0, from).split('\n').length;
    });
    const error = await page.waitForSelector(`[data-testid=editor-error][data-line="${line}"]`);
    expect(await error.textContent()).toContain('drill.timeLimit');
    expect(await error.textContent()).toContain('"soon" 不是时长'); // in the page's language, Chinese by default
    // …and, once the line is in view, CodeMirror underlines the bad value itself.
    await error.$eval('button', (b) => (b as HTMLButtonElement).click());
    const underline = await page.waitForSelector('[data-testid=scenario-editor] .cm-lintRange-error', { state: 'attached' });
    expect(await underline.textContent()).toContain('soon');
    expect(problems).toEqual([]);
    await context.close();
  }, 600_000);
});
