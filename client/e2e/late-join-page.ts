import type { Browser, Page } from 'playwright-core';

export interface LateJoinTiming {
  page: Page;
  /** Wall ms from opening the invitation link to the lab being ready (the run at the shared clock). */
  readyMs: number;
  /** When each engine status was first seen, ms after opening the link. */
  stages: Record<string, number>;
  /** main.lab[data-join]: how the engine started. */
  source: string | null;
  /** Page errors and console errors. */
  problems: string[];
}

/** A participant opens their invitation link into a running session and waits until the lab is ready. */
export async function joinLate(browser: Browser, url: string, sessionId: string, token: string, timeoutMs = 900_000): Promise<LateJoinTiming> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(timeoutMs);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  const started = Date.now();
  await page.goto(`${url}/session/${sessionId}#token=${token}`);
  await page.fill('[data-testid=join-region]', '深圳');
  await page.click('[data-testid=join-enter]');
  await page.waitForSelector('main.lab');
  // Record every engine status the lab shows, as it changes, in the page's own clock.
  await page.evaluate((openedAgoMs) => {
    const w = globalThis as unknown as { __stages: Record<string, number> };
    const origin = performance.now() - openedAgoMs;
    w.__stages = {};
    const main = document.querySelector('main.lab')!;
    const note = () => {
      const s = main.getAttribute('data-engine') ?? '';
      w.__stages[s] ??= Math.round(performance.now() - origin);
    };
    note();
    new MutationObserver(note).observe(main, { attributes: true, attributeFilter: ['data-engine'] });
  }, Date.now() - started);
  await page.waitForSelector('main.lab[data-engine=ready]', { timeout: timeoutMs });
  const stages = await page.evaluate(() => (globalThis as unknown as { __stages: Record<string, number> }).__stages);
  return { page, readyMs: stages['ready'] ?? Date.now() - started, stages, source: await page.getAttribute('main.lab', 'data-join'), problems };
}
