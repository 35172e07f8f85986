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

beforeAll(async () => {
  server = await serveScenePage();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// Left out, the quality is detected as the app leaves it: 'low' on SwiftShader, which draws each node
// kind as one merged mesh. 'high' draws an InstancedMesh per kind. Both must draw, colour, show
// queues and pick.
describe.each(['detected', 'high'] as const)('TwinScene in headless Chromium, %s quality', (level) => {
  const quality = level === 'high' ? 'high' : undefined;
  let page: Page;
  let errors: string[];
  const screenOf = (id: string) => page.evaluate((n) => window.__twin!.screenOf(n), id);
  const pixelAt = (p: { x: number; y: number }) => page.evaluate(({ x, y }) => window.__twin!.pixelAt(x, y), p);
  const frames = () => page.evaluate(() => window.__twin!.frames);
  /** The pixel once it satisfies `ok`: under a loaded machine the compositor may present a frame or two late. */
  const pixelWhen = async (p: { x: number; y: number }, ok: (px: [number, number, number]) => boolean, what: string) => {
    const deadline = Date.now() + 10_000;
    let last = await pixelAt(p);
    while (!ok(last) && Date.now() < deadline) {
      await page.waitForTimeout(100);
      last = await pixelAt(p);
    }
    expect(ok(last), `${what} (pixel ${last})`).toBe(true);
    return last;
  };

  beforeAll(async () => {
    ({ page, errors } = await openScenePage(browser, server, {
      scenario,
      quality,
      peers: [{ id: 'p1', name: '李工 · 深圳', color: '#f97316', region: 'Shenzhen', selectedNode: 'risk' }],
    }));
  }, 60_000);

  afterAll(async () => {
    await page?.close();
  });

  it('draws the topology over the background on SwiftShader, without console errors', async () => {
    const share = await page.evaluate(() => window.__twin!.nonBackgroundShare());
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.98);
    expect(await page.evaluate(() => window.__twin!.renderer)).toMatch(/swiftshader/i);
    expect(await page.evaluate(() => window.__twin!.detected), 'SwiftShader is detected as low quality').toBe('low');
    expect(errors).toEqual([]);
  });

  it('shows every node inside the canvas', async () => {
    for (const n of scenario.nodes) {
      const p = await screenOf(n.id);
      expect(p, n.id).not.toBeNull();
      expect(p!.x, n.id).toBeGreaterThan(0);
      expect(p!.x, n.id).toBeLessThan(1280);
      expect(p!.y, n.id).toBeGreaterThan(0);
      expect(p!.y, n.id).toBeLessThan(720);
    }
  });

  it('turns a node red when the frame says it is down, and green again when it is up', async () => {
    const at = (await screenOf('counter-db'))!;
    const setHealth = async (code: number) => {
      const before = await frames();
      await page.evaluate(({ id, c }) => window.__twin!.setHealth(id, c), { id: 'counter-db', c: code });
      await page.waitForFunction((f) => window.__twin!.frames > f + 2, before);
    };
    await setHealth(HEALTH.down);
    await pixelWhen(at, ([r, g]) => r > g + 40, 'red while down');
    await setHealth(HEALTH.up);
    await pixelWhen(at, ([r, g]) => g > r + 40, 'green while up');
  });

  it('stands a red bar beside a node whose queue backs up, and hides it when the queue empties', async () => {
    const DEEP = 5_000;
    const at = (await page.evaluate(({ id, d }) => window.__twin!.queueBarOf(id, d), { id: 'counter', d: DEEP }))!;
    const setQueue = async (depth: number) => {
      const before = await frames();
      await page.evaluate(({ id, d }) => window.__twin!.setQueue(id, d), { id: 'counter', d: depth });
      await page.waitForFunction((f) => window.__twin!.frames > f + 2, before);
    };
    const isAlarm = ([r, g, b]: [number, number, number]) => r > g + 80 && r > b + 80;
    await setQueue(0);
    const empty = await pixelAt(at);
    expect(isAlarm(empty), `no bar at an empty queue (${empty})`).toBe(false);
    await setQueue(DEEP);
    await pixelWhen(at, isAlarm, `red bar at ${DEEP} queued`);
    await setQueue(0);
    await pixelWhen(at, (px) => px.every((v, i) => v === empty[i]), 'hidden again once the queue is empty');
  });

  it('selects the node clicked, by id, and clears the selection on a click on empty ground', async () => {
    for (const id of ['counter', 'gw-szse', 'sse']) {
      const p = (await screenOf(id))!;
      await page.mouse.click(p.x, p.y);
      await page.waitForFunction((n) => window.__twin!.selections.at(-1) === n, id, { timeout: 5_000 });
    }
    await page.mouse.click(8, 8);
    await page.waitForFunction(() => window.__twin!.selections.at(-1) === null, undefined, { timeout: 5_000 });
    expect(await page.evaluate(() => window.__twin!.selections)).toEqual(['counter', 'gw-szse', 'sse', null]);
  });

  it('names every node of a small topology on screen, above its node, and a click on a name selects it', async () => {
    const labels = await page.$$eval('[data-testid=node-labels] [data-node]', (els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest('[data-node]');
        return { id: el.getAttribute('data-node')!, shown: el.getAttribute('data-shown'), hit: hit === el, left: r.left, right: r.right, bottom: r.bottom, h: r.height };
      }),
    );
    expect(labels.length).toBeGreaterThan(5);
    for (const l of labels) {
      expect(l, l.id).toMatchObject({ shown: 'true', hit: true });
      expect(l.h, `${l.id} legible`).toBeGreaterThanOrEqual(14);
      const node = (await screenOf(l.id))!;
      expect(node.x, `${l.id} over its node`).toBeGreaterThan(l.left);
      expect(node.x, `${l.id} over its node`).toBeLessThan(l.right);
      expect(l.bottom, `${l.id} above its node`).toBeLessThan(node.y);
    }
    await page.click('[data-testid=node-labels] [data-node="gw-szse"]');
    await page.waitForFunction(() => window.__twin!.selections.at(-1) === 'gw-szse', undefined, { timeout: 5_000 });
  });
});
