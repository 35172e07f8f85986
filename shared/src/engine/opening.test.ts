import { describe, expect, it } from 'vitest';
import { broker, clock } from './test-scenario.ts';
import { createSimulation } from './simulation.ts';

describe('the opening call auction (docs/domain.md E1)', () => {
  const sc = broker((s) => void (s.load.bursts = []));

  it('uncrosses once, at 09:25: no fill before, fills right after', () => {
    const sim = createSimulation(sc, { seed: 2 });
    sim.runUntil(clock('09:24:59'));
    expect(sim.metrics().orders.filled).toBe(0);
    expect(sim.metrics().orders.created).toBeGreaterThan(1000);
    sim.runUntil(clock('09:25:01'));
    expect(sim.metrics().orders.filled).toBeGreaterThan(100);
  });

  it('09:25-09:30: the SSE counter holds orders and cancels, then sends them at 09:30', () => {
    const sim = createSimulation(sc, { seed: 2 });
    sim.runUntil(clock('09:25:05'));
    const sse0 = sim.metrics().nodes.find((n) => n.id === 'sse')!.processed;
    sim.runUntil(clock('09:29:59'));
    const m = sim.metrics();
    expect(m.market.held).toBeGreaterThan(300);
    expect(m.nodes.find((n) => n.id === 'sse')!.processed).toBe(sse0);
    expect(m.nodes.find((n) => n.id === 'szse')!.processed).toBeGreaterThan(0);
    sim.runUntil(clock('09:30:05'));
    expect(sim.metrics().market.held).toBe(0);
    expect(sim.metrics().nodes.find((n) => n.id === 'sse')!.processed).toBeGreaterThan(sse0 + m.market.held / 2);
    expect(sim.audit().cashBreaks).toEqual([]);
  });

  it('orders the SSE counter holds survive its crash and go out when it is back', () => {
    const sim = createSimulation(
      broker((s) => {
        s.load.bursts = [];
        s.faults = [{ kind: 'crash', target: 'counter', at: '09:29', duration: '3m' }];
      }),
      { seed: 2 },
    );
    sim.runUntil(clock('09:29:01')); // the counter is down: nothing new reaches it
    const held = sim.metrics().market.held;
    expect(held).toBeGreaterThan(300);
    sim.runUntil(clock('09:31:59'));
    expect(sim.metrics().market.held).toBe(held); // 09:30 came while the counter was down
    sim.runUntil(clock('09:32:01'));
    expect(sim.metrics().market.held).toBe(0);
  });

  it('09:25-09:30: SZSE takes cancels and carries them out at 09:30 instead of refusing them', () => {
    const cancels = (pre: number) => {
      const sim = createSimulation(
        broker((s) => {
          s.load.bursts = [];
          s.load.cancelRatio = 0.5;
          s.load.profile = { opening_call: 0, opening_call_locked: 0, pre_open: pre };
          s.instruments = [{ symbol: '000001', price: '11.20' }];
        }),
        { seed: 5 },
      );
      sim.runUntil(clock('09:29:59'));
      const before = sim.metrics().orders.cancelled;
      sim.runUntil(clock('09:30:01'));
      return { before, after: sim.metrics().orders.cancelled };
    };
    const r = cancels(1);
    expect(r.before).toBe(0);
    expect(r.after).toBeGreaterThan(10);
  });

  it('09:20-09:25 still refuses cancels', () => {
    const sim = createSimulation(
      broker((s) => {
        s.load.bursts = [];
        s.load.cancelRatio = 0.5;
        s.load.profile = { opening_call: 0, opening_call_locked: 1, pre_open: 0 };
      }),
      { seed: 5 },
    );
    sim.runUntil(clock('09:24:59'));
    const m = sim.metrics();
    expect(m.orders.cancelled).toBe(0);
    expect(m.orders.created).toBeGreaterThan(100);
  });
});
