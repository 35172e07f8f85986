// Quick probe for engine work: 10 simulated minutes of the benchmark chain.
import { readFileSync } from 'node:fs';
import { createSimulation, parseScenario } from '../src/index.ts';
const p = parseScenario(readFileSync(new URL('../../scenarios/chain-5hop.yaml', import.meta.url), 'utf8'));
if (!p.ok) throw new Error('bad scenario');
const sc = { ...p.scenario, window: { start: p.scenario.window.start, end: p.scenario.window.start + 600_000_000 } };
createSimulation(sc).runUntil(sc.window.start + 30_000_000);
const sim = createSimulation(sc);
const t0 = performance.now();
sim.runUntil(sc.window.end);
const dt = performance.now() - t0;
const m = sim.metrics();
console.log(
  `${Math.round(m.orders.created / (dt / 1000))} orders/s, ${Math.round(m.events / (dt / 1000))} events/s, ${(m.events / m.orders.created).toFixed(2)} ev/order, rejected ${m.orders.rejected}, hash ${sim.stateHash()}`,
);
