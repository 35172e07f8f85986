import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSimulation, parseClock, parseScenario, type Scenario } from '../src/index.ts';

/**
 * How long a simulated weekend takes: scenarios/friday-to-monday.yaml from Friday 15:00 (the
 * close) to Monday 09:30 (the open), with the night's clearing, two closed days and Monday's
 * opening call, the SZ file re-sent and the batch rerun from its checkpoint on Friday evening. Next
 * to it, in the same run, the scenario's last half hour of Friday trading as a one-day baseline.
 * BENCH_SCALE (default 1) multiplies accounts and the order rate; use e.g. 0.1 for a smoke run.
 */

const file = fileURLToPath(new URL('../../scenarios/friday-to-monday.yaml', import.meta.url));
const parsed = parseScenario(readFileSync(file, 'utf8'), 'scenarios/friday-to-monday.yaml');
if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
const scale = Number(process.env['BENCH_SCALE'] ?? '1');
const at = (c: string) => parseClock(c)!;
const sized: Scenario = {
  ...parsed.scenario,
  accounts: { ...parsed.scenario.accounts, count: Math.max(10, Math.round(parsed.scenario.accounts.count * scale)) },
  load: { ...parsed.scenario.load, ordersPerSecond: parsed.scenario.load.ordersPerSecond * scale },
};
const weekend: Scenario = { ...sized, window: { start: at('15:00'), end: at('D+3 09:30') } };
const friday: Scenario = { ...sized, window: { start: at('14:30'), end: at('15:00') } };

function run(sc: Scenario, fix: boolean) {
  const sim = createSimulation(sc);
  const t0 = performance.now();
  if (fix) {
    sim.runUntil(at('17:05'));
    sim.apply({ seq: 0, at: at('17:05'), actor: 'bench', command: { type: 'request_resend', file: 'sz-settle' } });
    sim.runUntil(at('17:30'));
    sim.apply({ seq: 1, at: at('17:30'), actor: 'bench', command: { type: 'rerun_clearing', from: 'checkpoint' } });
  }
  sim.runUntil(sc.window.end);
  const wallMs = performance.now() - t0;
  const m = sim.metrics();
  return { wallMs, orders: m.orders.created, events: m.events, hash: sim.stateHash(), refused: m.market.rejects.other };
}

const fmt = (x: number) =>
  Math.round(x)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
run({ ...friday, window: { start: at('14:30'), end: at('14:35') } }, false); // warm the JIT

const base = run(friday, false);
const w = run(weekend, true);
console.log(`weekend benchmark: scenarios/friday-to-monday.yaml at scale ${scale} (${fmt(sized.accounts.count)} accounts, ${sized.load.ordersPerSecond} orders/s)`);
console.log('');
console.log('case                                   wall s   sim orders      events   sim h / wall s');
console.log(
  `Friday 14:30–15:00 (one-day baseline) ${(base.wallMs / 1000).toFixed(2).padStart(7)} ${fmt(base.orders).padStart(12)} ${fmt(base.events).padStart(11)} ${(0.5 / (base.wallMs / 1000)).toFixed(1).padStart(16)}`,
);
console.log(
  `weekend Fri 15:00 → Mon 09:30         ${(w.wallMs / 1000).toFixed(2).padStart(7)} ${fmt(w.orders).padStart(12)} ${fmt(w.events).padStart(11)} ${(66.5 / (w.wallMs / 1000)).toFixed(1).padStart(16)}`,
);
console.log('');
console.log(`weekend / Friday half hour: ${(w.wallMs / base.wallMs).toFixed(2)}× the wall time for 133× the simulated time; Monday refusals before the open: ${fmt(w.refused)}; state hash ${w.hash}`);
