import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { formatClock, parseClock } from '@twinlab/shared/scenario/units';
import { startServerProcess, type ServerProcess } from '../../server/test/support/server-process.ts';
import { LATE_JOIN_SERVER_ENV, seekedSession } from '../../server/test/support/late-join.ts';
import { launchChromium } from '../e2e/chromium.ts';
import { joinLate, type LateJoinTiming } from '../e2e/late-join-page.ts';
import { buildLab } from './built-lab.ts';

// The browser worker's memory at a client's real size (issue 15): an engineer joins a session on
// scenarios/real-size-broker.yaml (2 M accounts, 5,160 instruments, 3,000 orders/s, 3× at the open)
// whose paused clock the lead moved to 09:45, in Debian's Chromium against the real server. The
// server's run limit refuses every snapshot (TWINLAB_RUN_MAX_ORDERS=1), so the worker replays the
// whole span from the window's start (09:15) itself. Sampled every second until ready and once at the
// end: the renderer process that hosts the page and its dedicated worker (VmHWM and VmRSS from
// /proc), the worker's JS heap and ArrayBuffer backing stores (Runtime.getHeapUsage over CDP), the
// page's own JS heap, and the browser and GPU processes; then, after a forced GC in the worker and
// the page, what stays alive. As the baseline in the same run, the same join into chain-5hop at
// 09:32: what the page itself costs. Target (issue 15): under 1 GiB in the browser worker, judged
// on the renderer's peak RSS (the worker's memory cannot be told apart from its renderer's).
// Usage: npm run bench:worker-memory -w @twinlab/client [-- HH:MM:SS]
const REAL_AT = process.argv[2] ?? '09:45:00';
const TARGET_BYTES = 2 ** 30;
const TIMEOUT_MS = 15 * 60_000;
const CASES = [
  { label: 'baseline: chain-5hop', scenario: 'chain-5hop', at: '09:32:00' },
  { label: 'real-size-broker', scenario: 'real-size-broker', at: REAL_AT },
];

const MIB = 2 ** 20;

/** Runtime.getHeapUsage's answer, bytes. */
interface HeapUsage {
  usedSize: number;
  totalSize: number;
  backingStorageSize: number;
}

interface Peaks {
  /** The renderer that runs the engine worker (the one with a DedicatedWorker thread). */
  renderer: number | null;
  rendererHwm: number;
  rendererRss: number;
  rendererRssEnd: number;
  browserRss: number;
  gpuRss: number;
  workerUsed: number;
  workerTotal: number;
  /** ArrayBuffer backing stores and external strings: outside the JS heap, where typed arrays keep their contents. */
  workerBuffers: number;
  /** After ready, once HeapProfiler.collectGarbage ran in the worker and the page: what they keep alive. */
  rendererRssGc: number;
  workerUsedGc: number;
  workerBuffersGc: number;
  pageUsed: number;
  samples: number;
  heapSamples: number;
}

/** VmHWM and VmRSS of a process in bytes, or null once it is gone. */
function memoryOf(pid: number): { hwm: number; rss: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return null;
  }
}

/** Whether a process has a thread named DedicatedWorker (Chromium names each dedicated worker's thread so). */
function hostsDedicatedWorker(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).some((t) => {
      try {
        return readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').startsWith('DedicatedWorker');
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/**
 * One participant's join, sampled every second. Processes come from the browser's
 * SystemInfo.getProcessInfo (real pids: the browser runs without the sandbox). The worker's heap
 * comes from a session attached to the worker target in Target's non-flat mode (send through
 * Target.sendMessageToTarget, answers in Target.receivedMessageFromTarget): Playwright's CDPSession
 * cannot address a flat child session, and workers have no performance.memory.
 */
class Sampler {
  readonly peaks: Peaks = {
    renderer: null,
    rendererHwm: 0,
    rendererRss: 0,
    rendererRssEnd: 0,
    browserRss: 0,
    gpuRss: 0,
    workerUsed: 0,
    workerTotal: 0,
    workerBuffers: 0,
    rendererRssGc: 0,
    workerUsedGc: 0,
    workerBuffersGc: 0,
    pageUsed: 0,
    samples: 0,
    heapSamples: 0,
  };
  /** Per sample once the lab shows its clock: the simulated time, the renderer's RSS and the worker's buffers. */
  readonly timeline: { simNow: number; rss: number; buffers: number }[] = [];
  engine: string | null = null;
  engineError: string | null = null;
  private worker: string | null = null;
  private nextId = 1;
  private replies = new Map<number, (message: { result?: unknown }) => void>();
  private pageCdp: CDPSession | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;

  constructor(
    private readonly cdp: CDPSession,
    private readonly origin: string,
    private readonly page: () => Page | undefined,
  ) {
    cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
      if (e.sessionId !== this.worker) return;
      const m = JSON.parse(e.message) as { id?: number; result?: unknown };
      if (m.id !== undefined) this.replies.get(m.id)?.(m);
    });
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      void this.sample().finally(() => (this.busy = false));
    }, 1000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 50));
    await this.sample(true);
  }

  /** One CDP call in the worker; null when it has no worker yet, or no answer within 5 s. */
  private async workerCall<T>(method: string): Promise<T | null> {
    if (!this.worker) {
      const { targetInfos } = (await this.cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
      const target = targetInfos.find((t) => t.type === 'worker' && t.url.startsWith(this.origin));
      if (!target) return null;
      const { sessionId } = (await this.cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
      this.worker = sessionId;
    }
    const id = this.nextId++;
    const reply = new Promise<{ result?: unknown } | null>((resolve) => {
      this.replies.set(id, resolve);
      setTimeout(() => resolve(null), 5000); // a worker busy in one long task answers after it
    });
    await this.cdp.send('Target.sendMessageToTarget', { sessionId: this.worker, message: JSON.stringify({ id, method }) });
    const m = await reply;
    this.replies.delete(id);
    return (m?.result as T | undefined) ?? null;
  }

  private workerHeap(): Promise<HeapUsage | null> {
    return this.workerCall<HeapUsage>('Runtime.getHeapUsage');
  }

  /** Collect garbage in the worker and the page, then read what stays: the memory the lab holds at the clock. */
  async afterGc(): Promise<void> {
    await this.workerCall('HeapProfiler.collectGarbage').catch(() => null);
    await this.pageCdp?.send('HeapProfiler.collectGarbage').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1000));
    const p = this.peaks;
    const heap = await this.workerHeap().catch(() => null);
    if (heap) [p.workerUsedGc, p.workerBuffersGc] = [heap.usedSize, heap.backingStorageSize];
    if (p.renderer !== null) p.rendererRssGc = memoryOf(p.renderer)?.rss ?? 0;
  }

  async sample(end = false): Promise<void> {
    const p = this.peaks;
    let rss = 0;
    const { processInfo } = (await this.cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    for (const { type, id } of processInfo) {
      const mem = memoryOf(id);
      if (!mem) continue;
      if (type === 'browser') p.browserRss = Math.max(p.browserRss, mem.rss);
      else if (type === 'GPU') p.gpuRss = Math.max(p.gpuRss, mem.rss);
      else if (type === 'renderer' && (p.renderer === id || (p.renderer === null && hostsDedicatedWorker(id)))) {
        p.renderer = id;
        p.rendererHwm = Math.max(p.rendererHwm, mem.hwm);
        p.rendererRss = Math.max(p.rendererRss, mem.rss);
        if (end) p.rendererRssEnd = mem.rss;
        rss = mem.rss;
      }
    }
    p.samples++;
    const heap = await this.workerHeap().catch(() => null);
    if (heap) {
      p.heapSamples++;
      p.workerUsed = Math.max(p.workerUsed, heap.usedSize);
      p.workerTotal = Math.max(p.workerTotal, heap.totalSize);
      p.workerBuffers = Math.max(p.workerBuffers, heap.backingStorageSize);
    }
    const page = this.page();
    if (!page || page.isClosed()) return;
    try {
      this.pageCdp ??= await page.context().newCDPSession(page);
      const { usedSize } = (await this.pageCdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      p.pageUsed = Math.max(p.pageUsed, usedSize);
      this.engine = await page.getAttribute('main.lab', 'data-engine', { timeout: 1000 });
      const simNow = Number(await page.getAttribute('[data-testid=sim-time]', 'data-sim-now', { timeout: 1000 }));
      if (simNow) this.timeline.push({ simNow, rss, buffers: heap?.backingStorageSize ?? 0 });
      if (this.engine === 'error' && this.engineError === null) {
        this.engineError = (await page.textContent('main.lab .error.banner', { timeout: 1000 })) ?? '';
        await page.context().close(); // joinLate would wait for a ready that never comes
      }
    } catch {
      // the lab is not up yet, or the page is gone: the next sample tells
    }
  }
}

/** The orders the lab's summary shows (阶段 … · 订单 1,234,567 · 在途 …). */
async function ordersShown(page: Page): Promise<number | null> {
  const text = await page.textContent('[data-testid=summary]', { timeout: 5000 }).catch(() => null);
  const part = text?.split('·')[1];
  return part ? Number(part.replace(/[^\d]/g, '')) : null;
}

interface Row {
  label: string;
  span: string;
  peaks: Peaks;
  t?: LateJoinTiming;
  wallMs: number;
  orders: number | null;
  simNow: string | null;
  failure?: string;
  problems: string[];
  timeline: Sampler['timeline'];
  /** Why the worker replayed, as the lab says it ([data-testid=join-refused]), when it asked for a snapshot. */
  refused: string | null;
}

/** The window's start of a library scenario, as HH:MM. */
function windowStart(id: string): string {
  const file = fileURLToPath(new URL(`../../scenarios/${id}.yaml`, import.meta.url));
  const parsed = parseScenario(readFileSync(file, 'utf8'), `scenarios/${id}.yaml`);
  if (!parsed.ok) throw new Error(`scenarios/${id}.yaml does not parse`);
  return formatClock(parsed.scenario.window.start).slice(0, 5);
}

async function measure(browser: Browser, cdp: CDPSession, server: ServerProcess, c: (typeof CASES)[number]): Promise<Row> {
  const s = await seekedSession(server.url, c.scenario, c.at);
  const contextsBefore = new Set(browser.contexts());
  const sampler = new Sampler(
    cdp,
    server.url,
    () =>
      browser
        .contexts()
        .find((x) => !contextsBefore.has(x))
        ?.pages()[0],
  );
  const row: Row = {
    label: c.label,
    span: `${windowStart(c.scenario)}-${c.at.slice(0, 5)}`,
    peaks: sampler.peaks,
    wallMs: 0,
    orders: null,
    simNow: null,
    problems: [],
    refused: null,
    timeline: sampler.timeline,
  };
  const started = Date.now();
  sampler.start();
  try {
    row.t = await joinLate(browser, server.url, s.id, s.joinerToken, TIMEOUT_MS);
    row.wallMs = row.t.readyMs;
    // At the paused clock the worker posts one last sample and the state hash: wait for them.
    const target = parseClock(c.at)!;
    await row.t.page.waitForSelector(`[data-testid=state-hash][data-hash-at="${target}"]`, { timeout: 120_000 }).catch(() => undefined);
    const now = Number(await row.t.page.getAttribute('[data-testid=sim-time]', 'data-sim-now'));
    row.simNow = now ? formatClock(now) : null;
    row.orders = await ordersShown(row.t.page);
    row.refused = await row.t.page.textContent('[data-testid=join-refused]', { timeout: 1000 }).catch(() => null);
    row.problems = row.t.problems;
  } catch (e) {
    row.wallMs = Date.now() - started;
    const why = sampler.engineError !== null ? `the engine stopped: ${sampler.engineError}` : e instanceof Error ? e.message.split('\n')[0]! : String(e);
    row.failure = `not ready after ${(row.wallMs / 1000).toFixed(0)} s (engine status ${sampler.engine ?? '?'}): ${why}`;
  }
  await sampler.stop();
  if (row.failure === undefined) await sampler.afterGc();
  for (const x of browser.contexts()) if (!contextsBefore.has(x)) await x.close();
  return row;
}

const dist = await buildLab('wmem-bench');

let server: ServerProcess | null = null;
const browser = await launchChromium();
const rows: Row[] = [];
try {
  // Every run refused before it starts (422): a joiner far from the window's start replays it all.
  server = await startServerProcess({ CLIENT_DIR: dist, ...LATE_JOIN_SERVER_ENV, TWINLAB_RUN_MAX_ORDERS: '1' });
  const cdp = await browser.newBrowserCDPSession();
  for (const c of CASES) rows.push(await measure(browser, cdp, server, c));
} finally {
  await browser.close();
  await server?.dispose();
  await rm(dist, { recursive: true, force: true });
}

const mib = (bytes: number) => (bytes ? (bytes / MIB).toFixed(0) : '—');
const fmt = (n: number | null) => (n === null ? '—' : n.toLocaleString('en'));
console.log(`the engine worker's memory, a late joiner who replays from the window's start, Chromium (SwiftShader), this machine`);
console.log(
  'scenario'.padEnd(22) +
    'span'.padStart(12) +
    'ready s'.padStart(9) +
    '  started from'.padEnd(16) +
    'orders'.padStart(12) +
    'renderer peak'.padStart(15) +
    'at end'.padStart(8) +
    'after GC'.padStart(10) +
    'worker heap used/total'.padStart(24) +
    'buffers'.padStart(9) +
    'after GC heap/buffers'.padStart(23) +
    'page heap'.padStart(11) +
    'browser'.padStart(9) +
    'GPU'.padStart(6),
);
for (const r of rows) {
  const p = r.peaks;
  console.log(
    r.label.padEnd(22) +
      r.span.padStart(12) +
      (r.wallMs / 1000).toFixed(1).padStart(9) +
      `  ${r.t?.source ?? '—'}`.padEnd(16) +
      fmt(r.orders).padStart(12) +
      mib(p.rendererHwm).padStart(15) +
      mib(p.rendererRssEnd).padStart(8) +
      mib(p.rendererRssGc).padStart(10) +
      `${mib(p.workerUsed)} / ${mib(p.workerTotal)}`.padStart(24) +
      mib(p.workerBuffers).padStart(9) +
      `${mib(p.workerUsedGc)} / ${mib(p.workerBuffersGc)}`.padStart(23) +
      mib(p.pageUsed).padStart(11) +
      mib(p.browserRss).padStart(9) +
      mib(p.gpuRss).padStart(6),
  );
}
console.log(
  `MiB; renderer: VmHWM of the renderer pid that hosts the page and the worker, its VmRSS at ready and after HeapProfiler.collectGarbage in the worker and the page; worker heap, buffers (its ArrayBuffer backing stores), page heap: peaks of Runtime.getHeapUsage sampled every second; browser, GPU: peak VmRSS`,
);
for (const r of rows) {
  const p = r.peaks;
  console.log(`${r.label}: renderer pid ${p.renderer ?? '?'}, ${p.samples} samples (${p.heapSamples} of the worker heap), clock reached ${r.simNow ?? '?'}${r.failure ? `; ${r.failure}` : ''}`);
  if (r.refused) console.log(`  the lab: ${r.refused}`);
  console.log(`  by simulated time (largest renderer RSS / worker buffers seen, MiB): ${byFiveMinutes(r.timeline)}`);
  for (const problem of r.problems.slice(0, 3)) console.log(`  page: ${problem}`);
}
/** The samples in 5-minute buckets of simulated time: where the memory grows as the run goes. */
function byFiveMinutes(timeline: Sampler['timeline']): string {
  const buckets = new Map<number, { rss: number; buffers: number }>();
  for (const x of timeline) {
    const at = Math.floor(x.simNow / 300_000_000) * 300_000_000;
    const b = buckets.get(at) ?? { rss: 0, buffers: 0 };
    buckets.set(at, { rss: Math.max(b.rss, x.rss), buffers: Math.max(b.buffers, x.buffers) });
  }
  return [...buckets].map(([at, b]) => `${formatClock(at).slice(0, 5)} ${mib(b.rss)} / ${mib(b.buffers)}`).join(', ');
}

const real = rows.at(-1)!;
const base = rows[0]!;
const met = real.failure === undefined && real.peaks.rendererHwm > 0 && real.peaks.rendererHwm < TARGET_BYTES;
console.log(
  `real size in the browser worker: renderer peak ${mib(real.peaks.rendererHwm)} MiB (${mib(real.peaks.rendererHwm - base.peaks.rendererHwm)} MiB above the baseline page), worker heap peak ${mib(real.peaks.workerTotal)} MiB and buffers ${mib(real.peaks.workerBuffers)} MiB (${mib(real.peaks.workerBuffersGc)} MiB live after GC); target under ${TARGET_BYTES / MIB} MiB for the renderer that hosts the worker: ${met ? 'met' : 'NOT met'}`,
);
