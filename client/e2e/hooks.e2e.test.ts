import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseClock } from '@twinlab/shared/scenario/units';
import type { ServerProcess } from '../../server/test/support/server-process.ts';
import { serveBuiltLab } from './lab-server.ts';
import { launchChromium } from './chromium.ts';

// The effects the react-hooks lint made read their latest values (issue 13): the lobby's lists,
// entering a session from the lobby, a chart rebuilt in the chosen language, and a replay link
// that opens at its time. In Debian's Chromium against the production build and the real server.

let server: ServerProcess;
let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  server = await serveBuiltLab('hooks');
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(90_000);
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && !/status of 4\d\d/.test(m.text()) && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return page;
}

const simNow = (page: Page) => page.getAttribute('[data-testid=sim-time]', 'data-sim-now').then(Number);
const legend = (page: Page) => page.textContent('[data-testid=chart-throughput] .u-legend');

describe('effects that read the latest render', () => {
  it('lobby to lab, a chart in the chosen language, and a replay link at its time', async () => {
    const page = await newPage();
    await page.goto(server.url + '/');
    await page.fill('[data-testid=lobby-name]', '李工');
    await page.click('[data-testid=create-small-broker]');
    await page.waitForSelector('[data-testid=clock-toggle]');
    await page.fill('[data-testid=seek-time]', '09:31:00');
    await page.click('[data-testid=seek]');
    await expect.poll(() => simNow(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(parseClock('09:31:00')!);

    await expect.poll(() => legend(page)).toContain('时间');
    await page.click('[data-testid=lang]');
    await expect.poll(() => legend(page)).toContain('Time');
    expect(await legend(page)).not.toContain('时间');

    const at = parseClock('09:30:30')!;
    const url = new URL(page.url());
    url.searchParams.set('panel', 'replay');
    url.searchParams.set('at', '09:30:30');
    const again = await newPage();
    await again.goto(url.toString());
    await again.waitForSelector(`[data-testid=replay-state][data-t="${at}"]`, { timeout: 180_000 });
    expect(problems).toEqual([]);
  }, 600_000);
});
