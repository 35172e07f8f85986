import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSimulation, parseClock, parseScenario, type Scenario } from '../src/index.ts';
import { drawFloor, heapBaseline } from './heap-baseline.ts';

/**
 * Engine throughput on the reference scenario (scenarios/chain-5hop.yaml: a 5-hop chain at
 * 2,000 orders/s), for one simulated hour and for a whole trading day, next to a bare heap loop
 * measured in the same run. Targets from the foundation issue: ≥ 1,000,000 simulated orders per
 * wall second, a whole day in < 30 s.
 */

const file = fileURLToPath(new URL('../../scenarios/chain-5hop.yaml', import.meta.url));
const parsed = parseScenario(readFileSync(file, 'utf8'), 'scenarios/chain-5hop.yaml');
if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
const hour = parsed.scenario;
const day: Scenario = { ...hour, window: { start: parseClock('09:10')!, end: parseClock('15:05')! } };

function run(sc: Scenario) {
  const sim = createSimulation(sc);
  const t0 = performance.now();
  sim.runUntil(sc.window.end);
  const wallMs = performance.now() - t0;
  const m = sim.metrics();
  return { wallMs, orders: m.orders.created, events: m.events, p99: m.endToEnd.p99, hash: sim.stateHash() };
}

const fmt = (x: number) =>
  Math.round(x)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');

// Warm the JIT on a short window so the hour measures steady state.
run({ ...hour, window: { start: hour.window.start, end: hour.window.start + 60_000_000 } });

const h = run(hour);
const perOrder = h.events / h.orders;
const base = heapBaseline(h.events, 64);
const floor = drawFloor(h.events);
const engineEps = h.events / (h.wallMs / 1000);
const baseEps = base.events / (base.wallMs / 1000);
const floorEps = floor.events / (floor.wallMs / 1000);
const d = run(day);
const ordersPerS = h.orders / (h.wallMs / 1000);

console.log('engine benchmark: scenarios/chain-5hop.yaml (terminal → counter → risk → gateway → SSE, 2,000 orders/s)');
console.log('');
console.log('case                          wall s   sim orders   events        orders/s    events/s   ev/order');
console.log(
  `one simulated hour      ${(h.wallMs / 1000).toFixed(2).padStart(12)} ${fmt(h.orders).padStart(12)} ${fmt(h.events).padStart(11)} ${fmt(ordersPerS).padStart(14)} ${fmt(engineEps).padStart(11)} ${perOrder.toFixed(2).padStart(10)}`,
);
console.log(
  `whole day 09:10–15:05   ${(d.wallMs / 1000).toFixed(2).padStart(12)} ${fmt(d.orders).padStart(12)} ${fmt(d.events).padStart(11)} ${fmt(d.orders / (d.wallMs / 1000)).padStart(14)} ${fmt(d.events / (d.wallMs / 1000)).padStart(11)} ${(d.events / d.orders).toFixed(2).padStart(10)}`,
);
console.log(
  `bare heap loop (baseline) ${(base.wallMs / 1000).toFixed(2).padStart(10)} ${''.padStart(12)} ${fmt(base.events).padStart(11)} ${fmt(baseEps / perOrder).padStart(14)} ${fmt(baseEps).padStart(11)}`,
);
console.log(
  `floor: event list + one draw ${(floor.wallMs / 1000).toFixed(2).padStart(8)} ${''.padStart(12)} ${fmt(floor.events).padStart(11)} ${fmt(floorEps / perOrder).padStart(14)} ${fmt(floorEps).padStart(11)}`,
);
console.log('');
console.log(`engine / bare heap loop: ${(engineEps / baseEps).toFixed(3)} of the events per second (the rest is the model's work per event)`);
console.log(
  `engine / floor (what a one-event-per-hop engine with no model could do): ${(engineEps / floorEps).toFixed(3)}; the floor allows ${fmt(floorEps / perOrder)} orders/s at ${perOrder.toFixed(2)} events per order`,
);
console.log(`target ≥ 1,000,000 orders/s: ${fmt(ordersPerS)} → ${ordersPerS >= 1_000_000 ? 'met' : 'NOT met'}`);
console.log(`target whole day < 30 s: ${(d.wallMs / 1000).toFixed(1)} s → ${d.wallMs < 30_000 ? 'met' : 'NOT met'}`);
console.log(`state hash after the hour ${h.hash}, after the day ${d.hash}; end-to-end p99 ${(h.p99 / 1000).toFixed(2)} ms`);
