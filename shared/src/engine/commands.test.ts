import { describe, expect, it } from 'vitest';
import type { Command } from '../scenario/command.ts';
import { broker, clock } from './test-scenario.ts';
import { createSimulation } from './simulation.ts';

const sc = broker((s) => {
  s.load.ordersPerSecond = 100;
  s.load.bursts = [];
  // No pre-open flow: the SSE counter sends what it held 09:25-09:30 at the open, and that surge
  // would dominate the day's mean sojourn the slowdown test compares with.
  s.load.profile = { ...s.load.profile, pre_open: 0 };
});
let seq = 0;
const stamped = (at: string, command: Command) => ({ seq: seq++, at: clock(at), actor: 'lead', command });

function node(sim: ReturnType<typeof createSimulation>, id: string) {
  return sim.metrics().nodes.find((n) => n.id === id)!;
}

describe('operator commands and faults', () => {
  it('a crash stops the flow at its stamped time; failover to the DR counter brings it back', () => {
    const sim = createSimulation(sc, { seed: 11 });
    sim.runUntil(clock('10:00'));
    sim.apply(stamped('10:00', { type: 'inject_fault', fault: { id: 'power', kind: 'crash', target: 'counter' } }));
    sim.runUntil(clock('10:00:00.000001'));
    expect(node(sim, 'counter').state).toBe('down');
    const before = sim.metrics().orders;
    sim.runUntil(clock('10:01'));
    const during = sim.metrics().orders;
    expect(during.failed - before.failed).toBeGreaterThan(1000); // every submission of that minute fails back to the client: the counter never had it
    expect(during.filled - before.filled).toBeLessThan(50); // only what was past the counter still fills

    sim.apply(stamped('10:01', { type: 'failover', node: 'counter', to: 'counter-dr' }));
    sim.runUntil(clock('10:02'));
    const after = sim.metrics().orders;
    expect(after.failed - during.failed).toBeLessThan(10);
    expect(after.filled - during.filled).toBeGreaterThan(1000);
    expect(node(sim, 'counter-dr').processed).toBeGreaterThan(1000);
  });

  it('a command stamped in the past of the run is refused with the times', () => {
    const sim = createSimulation(sc);
    sim.runUntil(clock('10:00'));
    expect(() => sim.apply(stamped('09:59', { type: 'drain_node', node: 'risk' }))).toThrow(/before the simulation's now/);
    expect(() => sim.apply(stamped('10:00', { type: 'drain_node', node: 'nope' }))).toThrow(/unknown node "nope"/);
  });

  it('draining a node rejects new orders until it resumes', () => {
    const sim = createSimulation(sc, { seed: 2 });
    sim.apply(stamped('10:00', { type: 'drain_node', node: 'risk' }));
    sim.apply(stamped('10:01', { type: 'resume_node', node: 'risk' }));
    sim.runUntil(clock('10:00'));
    const r0 = node(sim, 'risk').rejected;
    sim.runUntil(clock('10:01'));
    const r1 = node(sim, 'risk').rejected;
    sim.runUntil(clock('10:02'));
    const normalMinute = node(sim, 'risk').rejected - r1; // only its lot limit rejects
    expect(r1 - r0).toBeGreaterThan(5 * normalMinute);
  });

  it('a slowdown raises the node latency and clearing it restores it', () => {
    const sim = createSimulation(sc, { seed: 4 });
    sim.runUntil(clock('10:00'));
    const normal = node(sim, 'sse').sojourn.mean;
    sim.apply(stamped('10:00', { type: 'inject_fault', fault: { id: 'slow-sse', kind: 'slow', target: 'sse', factor: 20 } }));
    sim.runUntil(clock('10:05'));
    expect(node(sim, 'sse').state).toBe('degraded');
    expect(node(sim, 'sse').sojourn.mean).toBeGreaterThan(normal * 2);
    sim.apply(stamped('10:05', { type: 'clear_fault', faultId: 'slow-sse' }));
    sim.runUntil(clock('10:05:01'));
    expect(node(sim, 'sse').state).toBe('up');
  });

  it('a link partition loses the orders on it and leaves a report gap nobody hides', () => {
    const sim = createSimulation(sc, { seed: 8 });
    sim.apply(stamped('10:05', { type: 'inject_fault', fault: { kind: 'partition', target: 'gw-sh--sse', duration: 90_000_000 } }));
    sim.runUntil(clock('10:10'));
    const link = sim.metrics().links.find((l) => l.id === 'gw-sh--sse')!;
    expect(link.connected).toBe(true); // healed after 90 s
    expect(link.lost).toBeGreaterThan(1000);
    expect(sim.metrics().reports.gaps).toBeGreaterThan(0); // the gateway saw ReportIndex jump
    expect(sim.audit().cashBreaks).toEqual([]);
  });

  it('the same commands at the same stamps give the same state hash', () => {
    const run = () => {
      seq = 100; // the log is part of the state: same seq, same stamps
      const sim = createSimulation(sc, { seed: 21 });
      sim.apply(stamped('10:00', { type: 'throttle', node: 'counter', ordersPerSecond: 50 }));
      sim.apply(stamped('10:02', { type: 'set_load', multiplier: 2 }));
      sim.runUntil(clock('10:05'));
      return sim.stateHash();
    };
    expect(run()).toBe(run());
  });
});
