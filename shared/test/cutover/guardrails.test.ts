import { describe, expect, it } from 'vitest';
import { broker } from '../../src/engine/test-scenario.ts';
import { restoreSimulation } from '../../src/engine/simulation.ts';
import { Operator } from './operator.ts';

// The engine's test broker with a stop condition that must hold for a minute: the exchange's queue.
const sc = broker((s) => {
  s.load.bursts = [];
  s.load.ordersPerSecond = 200;
  s.stopConditions = [{ id: 'sse-backlog', when: 'node.sse.queueDepth > 50', for: '1m', message: 'SSE confirmations backed up for a minute' }];
});

describe('stop conditions', () => {
  it('a condition that holds for less than its duration does not halt the run', () => {
    const op = new Operator(sc).at('10:00');
    op.input('lead', { type: 'inject_fault', fault: { id: 'slow-sse', kind: 'slow', target: 'sse', factor: 400, duration: 2_000_000 } });
    op.at('10:05');
    expect(op.sim.cutover().halted).toBeNull();
    expect(op.node('sse').maxQueueDepth).toBeGreaterThan(50); // it did hold, for a while
  });

  it('one that holds for its duration halts the run about then, and says why', () => {
    const op = new Operator(sc).at('10:00');
    op.input('lead', { type: 'inject_fault', fault: { id: 'slow-sse', kind: 'slow', target: 'sse', factor: 400 } });
    op.at('10:05');
    const h = op.sim.cutover().halted!;
    expect(h).toMatchObject({ by: 'stop_condition', id: 'sse-backlog' });
    expect(h.reason).toMatch(/^SSE confirmations backed up for a minute \(node\.sse\.queueDepth > 50: node\.sse\.queueDepth = \d+\)$/);
    const minute = 60_000_000;
    expect(h.at).toBeGreaterThanOrEqual(op.scenario.window.start + 0 + (10 * 60 - (9 * 60 + 10)) * 60_000_000 + minute);
    expect(h.at).toBeLessThan(op.scenario.window.start + (10 * 60 - (9 * 60 + 10)) * 60_000_000 + minute + 30_000_000);
    expect(op.sim.now).toBe(h.at);
  });

  it('snapshot and restore carry the cutover state, the halt included', () => {
    const op = new Operator(sc).at('09:40');
    op.input('lead', { type: 'emergency_stop', reason: 'test the freeze' });
    const back = restoreSimulation(sc, structuredClone(op.sim.snapshot()));
    expect(back.stateHash()).toBe(op.sim.stateHash());
    expect(back.cutover().halted).toEqual(op.sim.cutover().halted);
    expect(back.cutover().halted!.reason).toBe('emergency stop by lead: test the freeze');
  });
});
