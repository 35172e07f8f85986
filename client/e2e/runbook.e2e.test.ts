import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../../server/test/support/server-process.ts';
import { launchChromium } from './chromium.ts';

// Two people run a cutover runbook together in Debian's Chromium against the real server, on the
// lab built once by global-setup.ts: each claims a role, does the steps it owns, signs off the
// other's, and both see every step's owner, doer, status and verification. (The gate, the no-go
// and the rollback path are covered headlessly in shared/test/cutover and client/src/runbook.)
const DIST = fileURLToPath(new URL('../dist', import.meta.url));

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];
const problems: string[] = [];
const started = Date.now();
const trace = (what: string) => process.env['E2E_TRACE'] && console.log(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);

beforeAll(async () => {
  server = await startServerProcess({ CLIENT_DIR: DIST, TWINLAB_DURABILITY: 'normal' });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

async function open(who: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  context.setDefaultTimeout(90_000);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${who} page error: ${e.message}`));
  return page;
}

const step = (id: string) => `[data-testid=runbook] [data-step="${id}"]`;
/** Both participants see the step in this state (their engines derive it from the same log). */
async function bothSee(pages: Page[], id: string, attrs: Record<string, string>): Promise<void> {
  trace(`both see ${id} ${JSON.stringify(attrs)}`);
  const sel =
    step(id) +
    Object.entries(attrs)
      .map(([k, v]) => `[data-${k}="${v}"]`)
      .join('');
  for (const p of pages) {
    await p.waitForSelector(sel, { timeout: 90_000 }).catch(async (e: unknown) => {
      // Say what this participant's lab had: the server's answer, the log, the engine's runbook timeline.
      const seen = await p.evaluate(() => {
        const c = (globalThis as { __twinlab?: { store: { get(): { notice: unknown; commands: unknown; simNow: unknown } }; history?: { last?: { cutover?: { timeline: unknown } } } } }).__twinlab;
        const st = c?.store.get();
        return JSON.stringify({ notice: st?.notice, commands: st?.commands, simNow: st?.simNow, timeline: c?.history?.last?.cutover?.timeline });
      });
      throw new Error(`${sel} not seen: ${seen}`, { cause: e });
    });
  }
}

/**
 * Press a panel button. The panel sits under live charts whose height changes with the data, so
 * the button rarely stands still for a pointer click on a CPU-rendered page: dispatch the click
 * to the element itself (React's handler runs all the same).
 */
async function press(page: Page, testid: string): Promise<void> {
  const sel = `[data-testid="${testid}"]`;
  await page.waitForSelector(sel, { state: 'attached', timeout: 90_000 });
  await page.locator(sel).dispatchEvent('click');
}

/** Start a step one owns, then report it done once the panel shows it running. */
async function doStep(page: Page, pages: Page[], id: string, by: string): Promise<void> {
  await press(page, `start-${id}`);
  await bothSee(pages, id, { status: 'running', by });
  await press(page, `done-${id}`);
}

describe('a runbook executed by two participants', () => {
  it('each owns steps; both see owners, doers, sign-offs and verifications as they happen', async () => {
    const lead = await open('lead');
    await lead.goto(server.url + '/');
    await lead.fill('[data-testid=lobby-name]', '李工');
    await lead.fill('[data-testid=lobby-region]', '上海');
    await lead.click('[data-testid=create-weekend-counter-upgrade]');
    await lead.waitForSelector('[data-testid=runbook]');
    await lead.fill('[data-testid=invite-name]', '王工');
    await lead.click('[data-testid=invite-create]');
    const engineer = await open('engineer');
    await engineer.goto(await lead.inputValue('[data-testid=invite-link]'));
    await engineer.fill('[data-testid=join-region]', '深圳');
    await engineer.click('[data-testid=join-enter]');
    await engineer.waitForSelector('[data-testid=runbook]');
    const both = [lead, engineer];
    // Both connected: each sees the other.
    await lead.waitForSelector('[data-testid=presence] [data-name="王工"]');
    await engineer.waitForSelector('[data-testid=presence] [data-name="李工"]');
    // The session opens Friday 14:50; the legacy counter stops only after Friday's clearing (E2), so the lead jumps there.
    await lead.fill('[data-testid=seek-time]', '18:30:00');
    await lead.click('[data-testid=seek]');
    await lead.waitForFunction(() => Number(document.querySelector('[data-testid=sim-time]')?.getAttribute('data-sim-now')) >= 66_600_000_000);
    // Inputs take effect at their stamp as the shared clock passes it.
    await lead.click('[data-testid=clock-toggle]');

    // The engineer is the DBA, the lead runs the counter and decides.
    await press(engineer, 'claim-backup');
    await bothSee(both, 'backup', { holders: '王工' });
    await press(lead, 'claim-stop-legacy');
    await bothSee(both, 'stop-legacy', { holders: '李工' });
    await doStep(lead, both, 'stop-legacy', '李工');
    await bothSee(both, 'stop-legacy', { status: 'done', verified: 'passed' });

    await doStep(engineer, both, 'backup', '王工');
    await bothSee(both, 'backup', { status: 'awaiting_signoff' });
    expect(await engineer.$('[data-testid="signoff-backup"]')).toBeNull(); // not one's own step
    await press(lead, 'signoff-backup');
    await bothSee(both, 'backup', { status: 'done' });
    await doStep(engineer, both, 'convert', '王工');
    await bothSee(both, 'convert', { status: 'done', verified: 'passed' });
    // The next steps open to their owners only: the engineer's panel offers the totals check, the lead's does not.
    await engineer.waitForSelector('[data-testid="start-totals-check"]');
    expect(await lead.$('[data-testid="start-totals-check"]')).toBeNull();
    expect(problems).toEqual([]);
  }, 400_000);
});
