import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/schema.ts';
import type { Simulation } from './api.ts';
import { createSimulation, restoreSimulation } from './simulation.ts';
import { broker, clock } from './test-scenario.ts';

/**
 * The clients' apps resend an order they see unconfirmed (load.resubmitAfter, engine/resubmit.ts;
 * docs/domain.md E3 11, SSE 2024-09-27), and the broker's switch that stops them.
 */

/** From 10:00 SSE serves an order in 500 µs × 40 = 20 ms: 50 a second against ~50 arriving, so confirmations lag. */
const SLOW_SSE = { id: 'sse-slow', at: '10:00', kind: 'slow', target: 'sse', factor: 40, duration: '2m' } as const;

function scenario(patch: (s: ScenarioInput) => void = () => {}) {
  return broker((s) => {
    s.window = { start: '09:59', end: '10:10' };
    s.load.ordersPerSecond = 100;
    s.load.bursts = [];
    s.nodes.find((n) => n.id === 'risk')!.config = {};
    s.links!.find((l) => l.from === 'gw-sh')!.loss = 0; // nothing lost on the line: every order reaches SSE
    s.faults = [SLOW_SSE];
    patch(s);
  });
}
const off = (sim: Simulation, time: string) => sim.apply({ seq: 0, at: clock(time), actor: 'ops', command: { type: 'set_config', node: 'terminals', key: 'clients.resubmit', value: 'off' } });

describe("the clients' apps resending unconfirmed orders", () => {
  it('resend nothing when the scenario gives them no resubmitAfter, however slow SSE is', () => {
    const sim = createSimulation(scenario(), { seed: 5 });
    sim.runUntil(clock('10:03'));
    expect(sim.metrics().orders).toMatchObject({ resubmitted: 0, duplicates: 0 });
  });

  it('resend nothing while SSE confirms in milliseconds', () => {
    const sim = createSimulation(
      scenario((s) => {
        s.faults = [];
        s.load.resubmitAfter = '5s';
      }),
      { seed: 5 },
    );
    sim.runUntil(clock('10:03'));
    expect(sim.metrics().orders.resubmitted).toBe(0);
  });

  it('resend each order unconfirmed after resubmitAfter once, and SSE ends up holding most of them twice', () => {
    const calm = createSimulation(scenario(), { seed: 5 });
    const resending = createSimulation(
      scenario((s) => (s.load.resubmitAfter = '5s')),
      { seed: 5 },
    );
    for (const sim of [calm, resending]) sim.runUntil(clock('10:06')); // SSE recovered at 10:02: everything sent has reached it
    const o = resending.metrics().orders;
    expect(o.resubmitted).toBeGreaterThan(2000);
    // The resends are new orders on top of the same client flow (which draws nothing for them; only
    // whether a live order exists to cancel can differ).
    expect(Math.abs(o.created - o.resubmitted - calm.metrics().orders.created)).toBeLessThan(calm.metrics().orders.created / 200);
    // Once: a resent order is never resent, so at most one copy per original.
    expect(o.resubmitted).toBeLessThanOrEqual(o.created - o.resubmitted);
    expect(o.duplicates).toBeGreaterThan(o.resubmitted * 0.9);
    expect(o.duplicates).toBeLessThanOrEqual(o.resubmitted);
    // The doubled load is what SSE's queue shows.
    const sse = (sim: Simulation) => sim.metrics().nodes.find((n) => n.id === 'sse')!.maxQueueDepth;
    expect(sse(resending)).toBeGreaterThan(2 * sse(calm));
  });

  it('stop resending once the broker turns it off, and are the same run for the same seed', () => {
    const run = () => {
      const sim = createSimulation(
        scenario((s) => (s.load.resubmitAfter = '5s')),
        { seed: 9 },
      );
      off(sim, '10:00:40');
      sim.runUntil(clock('10:00:40'));
      return sim;
    };
    const sim = run();
    const before = sim.metrics().orders.resubmitted;
    expect(before).toBeGreaterThan(0);
    sim.runUntil(clock('10:03'));
    expect(sim.metrics().orders.resubmitted).toBe(before);
    const again = run();
    again.runUntil(clock('10:03'));
    expect(again.stateHash()).toBe(sim.stateHash());
  });

  it('continue from a snapshot as the run it was taken of', () => {
    const sc = scenario((s) => (s.load.resubmitAfter = '5s'));
    const sim = createSimulation(sc, { seed: 5 });
    sim.runUntil(clock('10:00:30'));
    expect(sim.metrics().orders.resubmitted).toBeGreaterThan(0);
    const copy = restoreSimulation(sc, sim.snapshot());
    for (const x of [sim, copy]) x.runUntil(clock('10:02'));
    expect(copy.metrics().orders).toEqual(sim.metrics().orders);
    expect(copy.stateHash()).toBe(sim.stateHash());
  });
});
