import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import { launchChromium } from '../../e2e/chromium.ts';
import { openScenePage, serveScenePage, type ScenePageServer } from '../../bench/page.ts';
import { HEALTH } from './frame.ts';

// TwinScene in Debian's Chromium on SwiftShader: the real renderer, the real r3f raycaster.
const file = new URL('../../../scenarios/small-broker.yaml', import.meta.url);
const parsed = parseScenario(readFileSync(file, 'utf8'), 'small-broker.yaml');
if (!parsed.ok) throw new Error('small-broker.yaml does not parse');
const scenario: Scenario = parsed.scenario;

let server: ScenePageServer;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = await serveScenePage();
  browser = await launchChromium();
  ({ page, errors } = await openScenePage(browser, server, {
    scenario,
    quality: 'low',
    peers: [{ id: 'p1', name: '李工 · 深圳', color: '#f97316', region: 'Shenzhen', selectedNode: 'risk' }],
  }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const screenOf = (id: string) => page.evaluate((n) => window.__twin!.screenOf(n), id);
const pixelAt = (p: { x: number; y: number }) => page.evaluate(({ x, y }) => window.__twin!.pixelAt(x, y), p);

describe('TwinScene in headless Chromium', () => {
  it('draws the topology over the background on SwiftShader, without console errors', async () => {
    const share = await page.evaluate(() => window.__twin!.nonBackgroundShare());
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.98);
    expect(await page.evaluate(() => window.__twin!.renderer)).toMatch(/swiftshader/i);
    expect(await page.evaluate(() => window.__twin!.detected), 'SwiftShader is detected as low quality').toBe('low');
    expect(errors).toEqual([]);
  });

  it('every node appears on screen, inside the canvas', async () => {
    for (const n of scenario.nodes) {
      const p = await screenOf(n.id);
      expect(p, n.id).not.toBeNull();
      expect(p!.x, n.id).toBeGreaterThan(0);
      expect(p!.x, n.id).toBeLessThan(1280);
      expect(p!.y, n.id).toBeGreaterThan(0);
      expect(p!.y, n.id).toBeLessThan(720);
    }
  });

  it('turns a node red when the frame says it is down, and back to green when it is up', async () => {
    const at = (await screenOf('counter-db'))!;
    await page.evaluate((id) => window.__twin!.setHealth(id, 0), 'counter-db');
    await page.waitForFunction(() => window.__twin!.frames > 0);
    const [r0, g0] = await pixelAt(at);
    expect(g0, 'green while up').toBeGreaterThan(r0 + 40);

    await page.evaluate(({ id, code }) => window.__twin!.setHealth(id, code), { id: 'counter-db', code: HEALTH.down });
    await page.waitForFunction((f) => window.__twin!.frames > f + 2, await page.evaluate(() => window.__twin!.frames));
    const [r1, g1] = await pixelAt(at);
    expect(r1, 'red while down').toBeGreaterThan(g1 + 40);
  });

  it('clicking a node selects it by id, clicking empty ground clears the selection', async () => {
    for (const id of ['counter', 'gw-szse', 'sse']) {
      const p = (await screenOf(id))!;
      await page.mouse.click(p.x, p.y);
      await page.waitForFunction((n) => window.__twin!.selections.at(-1) === n, id, { timeout: 5_000 });
    }
    await page.mouse.click(8, 8);
    await page.waitForFunction(() => window.__twin!.selections.at(-1) === null, undefined, { timeout: 5_000 });
    expect(await page.evaluate(() => window.__twin!.selections)).toEqual(['counter', 'gw-szse', 'sse', null]);
  });
});
