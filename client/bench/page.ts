import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import type { Browser, Page } from 'playwright-core';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { ScenePeer } from '../src/scene/index.ts';
import type { PageInput } from './page/probe.ts';

const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));

/** Production build of the scene page (client/bench/page) into a fresh temp dir. */
export async function buildScenePage(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'twinlab-scene-'));
  await build({
    root: PAGE_DIR,
    configFile: false,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 4096 },
  });
  return outDir;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

export interface ScenePageServer {
  url: string;
  close(): Promise<void>;
}

/** Builds the page and serves it on a free localhost port; close() stops the server and removes the build. */
export async function serveScenePage(): Promise<ScenePageServer> {
  const dir = await buildScenePage();
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^[/\\]+/, '') || 'index.html';
    const file = join(dir, path);
    if (!file.startsWith(dir + sep)) return void res.writeHead(403).end();
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface OpenOptions {
  mode?: 'scene' | 'baseline';
  scenario?: Scenario;
  peers?: ScenePeer[];
  quality?: 'low' | 'high';
  /** Rewrite the whole frame every animation frame, as a busy engine would. */
  animate?: boolean;
  width?: number;
  height?: number;
  /** Pixel ratio of the baseline page. */
  dpr?: number;
}

export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

/** Opens the scene page in a new browser page and waits until it has rendered a few frames. */
export async function openScenePage(browser: Browser, server: ScenePageServer, o: OpenOptions): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: o.width ?? 1280, height: o.height ?? 720 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  if (o.scenario) {
    const input: PageInput = { scenario: o.scenario, peers: o.peers ?? [] };
    await page.addInitScript((i) => void (window.__twinInput = i), input);
  }
  const q = new URLSearchParams({ mode: o.mode ?? 'scene' });
  if (o.quality) q.set('quality', o.quality);
  if (o.animate) q.set('animate', '1');
  if (o.dpr !== undefined) q.set('dpr', String(o.dpr));
  await page.goto(`${server.url}index.html?${q}`);
  try {
    await page.waitForFunction(() => (window.__twin?.frames ?? 0) >= 5, undefined, { timeout: 30_000 });
  } catch (e) {
    throw new Error(`the scene page rendered no frames (errors: ${errors.join(' | ') || 'none'})`, { cause: e });
  }
  return { page, errors };
}
