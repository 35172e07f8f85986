import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSimulation, parseClock, parseScenario, type Scenario } from '../src/index.ts';
import { compareEventLists, printEventLists } from './event-list.bench.ts';
import { heapBaseline } from './heap-baseline.ts';

/**
 * A client's real size (issue 15, docs/domain.md E4): scenarios/real-size-broker.yaml, 2 M accounts,
 * the whole SSE/SZSE universe, 3,000 orders/s with a 3× burst at the open, run 09:25-09:45; next to
 * chain-5hop for the same simulated span in the same process, the bare heap loop, and the event
 * list comparison. Targets: peak RSS under 2 GiB headless; orders/s at real size at least half of
 * chain-5hop's. REAL_SIZE_MINUTES shortens the span for a smoke run.
 */

const load = (name: string): Scenario => {
  const file = fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));
  const parsed = parseScenario(readFileSync(file, 'utf8'), `scenarios/${name}`);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return parsed.scenario;
};

const minutes = Number(process.env.REAL_SIZE_MINUTES ?? 20);
const fmt = (x: number) =>
  Math.round(x)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const mib = (bytes: number) => `${fmt(bytes / 2 ** 20)} MiB`;

function run(sc: Scenario, start: number) {
  const sim = createSimulation(sc);
  sim.runUntil(start); // the pre-open before the measured span (call auction collecting orders)
  const m0 = sim.metrics();
  let peak = process.memoryUsage().rss;
  const t0 = performance.now();
  for (let t = start; t < sc.window.end;) {
    t = Math.min(sc.window.end, t + 10_000_000); // sample memory every simulated 10 s
    sim.runUntil(t);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const wallMs = performance.now() - t0;
  const m = sim.metrics();
  const orders = m.orders.created - m0.orders.created;
  const events = m.events - m0.events;
  return { wallMs, orders, events, peak, hash: sim.stateHash() };
}

const real = load('real-size-broker.yaml');
const from = parseClock('09:25')!;
const until = from + minutes * 60_000_000;
const r = run({ ...real, window: { start: real.window.start, end: until } }, from);
const maxRss = process.resourceUsage().maxRSS * 1024;

const chain = load('chain-5hop.yaml');
run({ ...chain, window: { start: chain.window.start, end: chain.window.start + 60_000_000 } }, chain.window.start); // warm the JIT
const c = run({ ...chain, window: { start: chain.window.start, end: chain.window.start + minutes * 60_000_000 } }, chain.window.start);
const heap = heapBaseline(Math.min(c.events, 20_000_000), 64);

const row = (name: string, x: { wallMs: number; orders: number; events: number }) =>
  `${name.padEnd(34)} ${(x.wallMs / 1000).toFixed(2).padStart(8)} ${fmt(x.orders).padStart(11)} ${fmt(x.events).padStart(12)} ${fmt(x.orders / (x.wallMs / 1000)).padStart(11)} ${fmt(x.events / (x.wallMs / 1000)).padStart(12)}`;

console.log(`real-size benchmark: scenarios/real-size-broker.yaml, 09:25 + ${minutes} simulated minutes, next to chain-5hop`);
console.log('');
console.log(`${'case'.padEnd(34)}   wall s  sim orders       events    orders/s     events/s`);
console.log(row('real size (2 M accounts, 5,160 ins)', r));
console.log(row(`chain-5hop (${minutes} simulated min)`, c));
console.log(
  `${'bare heap loop (baseline)'.padEnd(34)} ${(heap.wallMs / 1000).toFixed(2).padStart(8)} ${''.padStart(11)} ${fmt(heap.events).padStart(12)} ${''.padStart(11)} ${fmt(heap.events / (heap.wallMs / 1000)).padStart(12)}`,
);
console.log('');
const ratio = r.orders / r.wallMs / (c.orders / c.wallMs);
console.log(`peak RSS during the real-size run: ${mib(r.peak)} (process maxRSS ${mib(maxRss)}); target < 2 GiB → ${maxRss < 2 ** 31 ? 'met' : 'NOT met'}`);
console.log(`real-size orders/s / chain-5hop orders/s: ${ratio.toFixed(2)}; target ≥ 0.5 → ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
console.log(`state hash, real size ${r.hash}`);
console.log('');
printEventLists(compareEventLists());
