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
  // A string, not a function: tsx's transform would add helpers the page does not have.
  await page.evaluate(`(() => {
    const origin = performance.now() - ${Date.now() - started};
    const main = document.querySelector('main.lab');
    const stages = (globalThis.__stages = {});
    const note = () => {
      const s = main.getAttribute('data-engine') || '';
      if (!(s in stages)) stages[s] = Math.round(performance.now() - origin);
    };
    note();
    new MutationObserver(note).observe(main, { attributes: true, attributeFilter: ['data-engine'] });
  })()`);
  await page.waitForSelector('main.lab[data-engine=ready]', { timeout: timeoutMs });
  const stages = (await page.evaluate('globalThis.__stages')) as Record<string, number>;
  return { page, readyMs: stages['ready'] ?? Date.now() - started, stages, source: await page.getAttribute('main.lab', 'data-join'), problems };
}
