import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/chromium.ts';
import { openScenePage, serveScenePage, type ScenePageServer } from './page.ts';
import { generateScenario } from './scenario.ts';
import type { Measurement } from './page/probe.ts';
import { QUALITY } from '../src/scene/quality.ts';
import { chromiumCpuMs } from './cpu.ts';

// Frame time of the 3D view for a 300-node, 1,000-link scenario whose frame changes every
// frame, in Debian's Chromium on SwiftShader, next to a bare three.js page measured in the
// same run on the same canvas. Usage: npm run bench -w @twinlab/client [-- seconds]
const SECONDS = Number(process.argv[2] ?? 10);
const WARMUP_MS = 2_000;
const WIDTH = 1280;
const HEIGHT = 720;
const TARGET_FPS = 20;
const TARGET_JS_MS = 4;

interface Result {
  fps: number;
  p95Interval: number;
  sceneJs: number;
  sceneJsP95: number;
  scriptPerFrame: number;
  writerJs: number;
  /** CPU time of all Chromium processes (renderer, GPU process running SwiftShader, browser) per frame. */
  cpuPerFrame: number;
  drawCalls: number;
  triangles: number;
  frames: number;
}

const mean = (a: number[]) => (a.length === 0 ? 0 : a.reduce((x, y) => x + y, 0) / a.length);
const p95 = (a: number[]) => (a.length === 0 ? 0 : [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * 0.95))]!);

async function measure(browser: Browser, server: ScenePageServer, mode: 'scene' | 'baseline'): Promise<Result> {
  const scenario = generateScenario(300, 1000);
  const { page, errors } = await openScenePage(browser, server, {
    mode,
    scenario,
    quality: 'low',
    animate: true,
    dpr: QUALITY.low.dpr as number,
    width: WIDTH,
    height: HEIGHT,
    peers: [{ id: 'peer', name: '李工 · 深圳', color: '#f97316', selectedNode: scenario.nodes[40]!.id }],
  });
  // Main-thread script time as Chromium counts it, to cross-check the page's own timers.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const script = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0;
  await page.waitForTimeout(WARMUP_MS);
  const s0 = await script();
  const c0 = chromiumCpuMs();
  await page.evaluate(() => window.__twin!.startMeasure());
  await page.waitForTimeout(SECONDS * 1000);
  const m: Measurement = await page.evaluate(() => window.__twin!.stopMeasure());
  const c1 = chromiumCpuMs();
  const s1 = await script();
  await page.close();
  if (errors.length > 0) throw new Error(`${mode} page reported errors: ${errors.join(' | ')}`);
  return {
    fps: m.frames / m.seconds,
    p95Interval: p95(m.intervals),
    sceneJs: mean(m.sceneJs),
    sceneJsP95: p95(m.sceneJs),
    scriptPerFrame: ((s1 - s0) * 1000) / Math.max(1, m.frames),
    writerJs: mean(m.writerJs),
    cpuPerFrame: c0 === null || c1 === null ? Number.NaN : (c1 - c0) / Math.max(1, m.frames),
    drawCalls: m.drawCalls,
    triangles: m.triangles,
    frames: m.frames,
  };
}

const server = await serveScenePage();
const browser = await launchChromium();
try {
  const load = loadavg()[0]!.toFixed(2);
  const baseline = await measure(browser, server, 'baseline');
  const scene = await measure(browser, server, 'scene');
  const rows: [string, (r: Result) => number, number][] = [
    ['mean FPS', (r) => r.fps, 1],
    ['p95 frame interval (ms)', (r) => r.p95Interval, 1],
    ['JS per frame: useFrame + render (ms)', (r) => r.sceneJs, 2],
    ['  p95 (ms)', (r) => r.sceneJsP95, 2],
    ['main-thread script per frame, CDP (ms)', (r) => r.scriptPerFrame, 2],
    ['  of which the frame writer (ms)', (r) => r.writerJs, 3],
    ['Chromium CPU per frame, all processes (ms)', (r) => r.cpuPerFrame, 1],
    ['draw calls per frame', (r) => r.drawCalls, 0],
    ['triangles per frame', (r) => r.triangles, 0],
    ['frames measured', (r) => r.frames, 0],
  ];
  console.log(`\n3D view frame time: 300 nodes, 1,000 links, frame rewritten every frame; ${WIDTH}×${HEIGHT} at DPR ${QUALITY.low.dpr}, quality low, ${SECONDS} s each`);
  console.log(`Chromium on SwiftShader (CPU WebGL2); load average at start ${load}\n`);
  console.log(`${''.padEnd(44)}${'TwinScene'.padStart(12)}${'bare three'.padStart(12)}${'ratio'.padStart(9)}`);
  for (const [name, get, digits] of rows) {
    const a = get(scene);
    const b = get(baseline);
    console.log(`${name.padEnd(44)}${a.toFixed(digits).padStart(12)}${b.toFixed(digits).padStart(12)}${(b === 0 ? '' : (a / b).toFixed(2) + '×').padStart(9)}`);
  }
  const fpsOk = scene.fps >= TARGET_FPS;
  const jsOk = scene.sceneJs < TARGET_JS_MS;
  console.log(
    `\ntarget ≥ ${TARGET_FPS} FPS: ${fpsOk ? 'met' : 'MISSED'} (${scene.fps.toFixed(1)}); target JS < ${TARGET_JS_MS} ms per frame: ${jsOk ? 'met' : 'MISSED'} (${scene.sceneJs.toFixed(2)} ms)`,
  );
} finally {
  await browser.close();
  await server.close();
}
