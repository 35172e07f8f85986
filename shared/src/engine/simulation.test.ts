import { describe, expect, it } from 'vitest';
import { broker, clock } from './test-scenario.ts';
import { createSimulation, restoreSimulation } from './simulation.ts';
import type { Simulation } from './api.ts';

const CHECKPOINTS = ['09:20', '09:26', '09:31', '10:00', '11:45', '13:30', '14:58', '15:05'].map(clock);

function hashesAt(sim: Simulation, times = CHECKPOINTS): string[] {
  return times.map((t) => {
    sim.runUntil(t);
    return sim.stateHash();
  });
}

describe('determinism', () => {
  const sc = broker();

  it('the same scenario and seed give the same state hash at every checkpoint', () => {
    expect(hashesAt(createSimulation(sc, { seed: 42 }))).toEqual(hashesAt(createSimulation(sc, { seed: 42 })));
  });

  it('a different seed gives a different run', () => {
    const a = hashesAt(createSimulation(sc, { seed: 42 }));
    const b = hashesAt(createSimulation(sc, { seed: 43 }));
    a.forEach((h, i) => expect(h).not.toBe(b[i]));
    const ma = createSimulation(sc, { seed: 42 });
    const mb = createSimulation(sc, { seed: 43 });
    ma.runUntil(clock('10:00'));
    mb.runUntil(clock('10:00'));
    expect(ma.metrics().orders.created).not.toBe(mb.metrics().orders.created);
  });

  it('stepping in small slices reaches the same hash as one long run', () => {
    const whole = createSimulation(sc, { seed: 5 });
    whole.runUntil(clock('10:00'));
    const sliced = createSimulation(sc, { seed: 5 });
    for (let t = sc.window.start; t < clock('10:00'); t += 333_333) sliced.runUntil(t);
    sliced.runUntil(clock('10:00'));
    expect(sliced.stateHash()).toBe(whole.stateHash());
  });

  it('snapshot and restore mid-run continue bit for bit, also through structuredClone', () => {
    const straight = createSimulation(sc, { seed: 9 });
    const expected = hashesAt(straight);
    const first = createSimulation(sc, { seed: 9 });
    first.runUntil(clock('09:31'));
    const snap = structuredClone(first.snapshot());
    first.runUntil(clock('11:00')); // the original goes on; the snapshot must not share its arrays
    const restored = restoreSimulation(sc, snap);
    expect(restored.now).toBe(clock('09:31'));
    expect(restored.stateHash()).toBe(expected[2]);
    expect(hashesAt(restored, CHECKPOINTS.slice(3))).toEqual(expected.slice(3));
  });

  it('refuses a snapshot of another scenario', () => {
    const sim = createSimulation(sc);
    sim.runUntil(clock('09:31'));
    const other = broker((s) => void (s.load.ordersPerSecond = 201));
    expect(() => restoreSimulation(other, sim.snapshot())).toThrow(/different scenario/);
  });
});

describe('accounting', () => {
  it('every order is in exactly one counter state at every checkpoint, and the audit recounts them', () => {
    const sim = createSimulation(
      broker((s) => {
        s.faults = [
          { at: '10:05', kind: 'partition', target: 'gw-sh--sse', duration: '90s' },
          { at: '10:30', kind: 'crash', target: 'risk', duration: '20s' },
        ];
      }),
      { seed: 3 },
    );
    for (const t of CHECKPOINTS) {
      sim.runUntil(t);
      const { orders } = sim.metrics();
      const audit = sim.audit();
      expect(Object.values(orders.states).reduce((a, b) => a + b, 0)).toBe(orders.created);
      expect(audit.ordersWithoutState).toBe(0);
      expect(audit.stateCountDrift).toBe(0); // open states counted record by record
      expect(audit.ordersInFlight).toBe(orders.inFlight);
      expect(audit.cashBreaks).toEqual([]);
      expect(audit.negativePositions).toBe(0);
    }
    const { orders } = sim.metrics();
    expect(orders.settled).toBeGreaterThan(1000); // the cut line left orders in doubt; the logon resync settled them
    expect(orders.backlogSent).toBeGreaterThan(100); // held while risk was down, sent when it came back
    expect(orders.failed).toBe(0); // nothing was lost before the counter committed it
    expect(orders.rejected).toBeGreaterThan(0);
    expect(orders.filled).toBeGreaterThan(0);
    expect(orders.expired).toBeGreaterThan(0);
    // After the close every order is final, except those the line's loss left in doubt: only a resync settles them.
    expect(orders.inFlight).toBeGreaterThan(0);
    expect(orders.inFlight).toBeLessThanOrEqual(orders.inDoubt);
    sim.apply({ seq: 0, at: sim.now, actor: 'ops', command: { type: 'resync_reports', node: 'gw-sh' } });
    sim.runUntil(sim.now + 1_000_000); // the replayed reports travel back to the counter
    expect(sim.metrics().orders).toMatchObject({ inFlight: 0, inDoubt: 0 });
  });
});
