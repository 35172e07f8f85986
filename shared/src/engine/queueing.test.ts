import { describe, expect, it } from 'vitest';
import { Scenario, type ScenarioInput } from '../scenario/schema.ts';
import { createSimulation } from './simulation.ts';

/**
 * Ground truth from queueing theory (docs/design.md, ground truth): the engine's stations must reproduce the
 * analytic mean sojourn time of M/M/1, M/M/c (Erlang C) and a tandem of them (Jackson) within 1%.
 */

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

/** Mean time in an M/M/c station, µs: Erlang C waiting plus service. */
function mmcSojourn(lambdaPerS: number, meanServiceUs: number, c: number): number {
  const mu = 1_000_000 / meanServiceUs;
  const a = lambdaPerS / mu;
  const top = (a ** c / factorial(c)) * (c / (c - a));
  let sum = 0;
  for (let k = 0; k < c; k++) sum += a ** k / factorial(k);
  const erlangC = top / (sum + top);
  return (erlangC / (c * mu - lambdaPerS)) * 1_000_000 + meanServiceUs;
}

function network(lambda: number, stations: { servers: number; meanUs: number }[], end = '10:30'): Scenario {
  const ids = stations.map((_, i) => `station-${i + 1}`);
  const input: ScenarioInput = {
    schemaVersion: 2,
    id: 'queueing-check',
    title: 'Jackson network',
    window: { start: '09:30', end },
    regions: [{ id: 'lab' }],
    nodes: stations.map((st, i) => ({ id: ids[i]!, kind: 'bus', region: 'lab', servers: st.servers, serviceTime: { dist: 'exp', mean: st.meanUs }, queueLimit: 1_000_000 })),
    links: ids.slice(1).map((id, i) => ({ from: ids[i]!, to: id, latency: 0 })),
    routes: [{ id: 'flow', path: ids }],
    instruments: [{ symbol: '600000', market: 'SSE', price: '10.00' }],
    load: { ordersPerSecond: lambda, cancelRatio: 0 },
  };
  return Scenario.parse(input);
}

function measuredSojourn(sc: Scenario, seed = 7) {
  const sim = createSimulation(sc, { seed });
  sim.runUntil(sc.window.end);
  const m = sim.metrics();
  return { endToEnd: m.endToEnd.mean, perNode: m.nodes.map((n) => m.nodes.length && n.sojourn.mean), count: m.endToEnd.count, orders: m.orders };
}

describe('queueing ground truth', () => {
  it('an M/M/1 station matches 1/(μ−λ) within 1%', () => {
    const r = measuredSojourn(network(500, [{ servers: 1, meanUs: 1000 }]));
    const expected = mmcSojourn(500, 1000, 1); // 2000 µs
    expect(expected).toBeCloseTo(2000, 6);
    expect(r.count).toBeGreaterThan(1_700_000);
    expect(Math.abs(r.endToEnd - expected) / expected).toBeLessThan(0.01);
  });

  it('an M/M/4 station matches Erlang C within 1%', () => {
    const r = measuredSojourn(network(3000, [{ servers: 4, meanUs: 1000 }], '09:50'));
    const expected = mmcSojourn(3000, 1000, 4); // ≈ 1509.4 µs
    expect(Math.abs(r.endToEnd - expected) / expected).toBeLessThan(0.01);
  });

  it('a tandem of M/M/1, M/M/2 and M/M/1 matches the Jackson sum within 1%', () => {
    const stations = [
      { servers: 1, meanUs: 500 },
      { servers: 2, meanUs: 1000 },
      { servers: 1, meanUs: 700 },
    ];
    const lambda = 800;
    const r = measuredSojourn(network(lambda, stations));
    const expected = stations.reduce((sum, st) => sum + mmcSojourn(lambda, st.meanUs, st.servers), 0);
    expect(Math.abs(r.endToEnd - expected) / expected).toBeLessThan(0.01);
    stations.forEach((st, i) => {
      const e = mmcSojourn(lambda, st.meanUs, st.servers);
      expect(Math.abs(r.perNode[i]! - e) / e).toBeLessThan(0.02);
    });
  });

  it('every order is accounted for: finished or still inside the network', () => {
    const r = measuredSojourn(network(900, [{ servers: 1, meanUs: 1000 }], '09:35'));
    expect(r.orders.inFlight).toBeGreaterThan(0); // ρ = 0.9: a queue is standing at the end
    expect(r.orders.done + r.orders.inFlight).toBe(r.orders.created);
    expect(r.orders.failed + r.orders.rejected).toBe(0);
  });
});
