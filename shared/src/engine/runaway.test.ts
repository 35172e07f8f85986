import { describe, expect, it } from 'vitest';
import { Scenario, type ScenarioInput } from '../scenario/schema.ts';
import { createSimulation } from './simulation.ts';
import { brokerInput, clock } from './test-scenario.ts';

/** A runaway algorithm (fault kind runaway, docs/domain.md C6 Everbright 2013) and what stops it. */

const RUNAWAY = { id: 'algo', at: '10:00', kind: 'runaway', target: 'sh', account: 7, symbol: '600000', ordersPerSecond: 400, lots: 10 } as const;

function scenario(patch: (s: ScenarioInput) => void = () => {}) {
  const input = brokerInput();
  input.load.bursts = [];
  input.nodes.find((n) => n.id === 'risk')!.config = {}; // the algorithm's 10 lots pass risk
  input.load.marketableRatio = 0.2; // most orders rest: open orders to count
  input.accounts!.cash = '1,000,000,000.00'; // funds refuse none of the algorithm's orders
  patch(input);
  return Scenario.parse(input);
}
let seq = 0;
const stamped = (time: string, command: Parameters<ReturnType<typeof createSimulation>['apply']>[0]['command']) => ({ seq: seq++, at: clock(time), actor: 'ops', command });

describe('a runaway algorithm', () => {
  it('adds its account’s orders at its rate for as long as it lasts', () => {
    const calm = createSimulation(scenario(), { seed: 3 });
    const runaway = createSimulation(
      scenario((s) => (s.faults = [{ ...RUNAWAY, duration: '10s' }])),
      { seed: 3 },
    );
    for (const sim of [calm, runaway]) sim.runUntil(clock('10:00:20'));
    // 400/s for 10 s, one every 2.5 ms; it draws nothing from the client stream, whose cancels only pick among more open orders.
    const added = runaway.metrics().orders.created - calm.metrics().orders.created;
    expect(added).toBeGreaterThan(3900);
    expect(added).toBeLessThan(4100);
  });

  it('tops the counter’s open orders by account, and an account kill switch cuts it until lifted', () => {
    const sim = createSimulation(
      scenario((s) => (s.faults = [RUNAWAY])),
      { seed: 3 },
    );
    sim.runUntil(clock('10:00:05'));
    const before = sim.metrics().orders;
    expect(before.topAccount).toBe(7);
    expect(before.topAccountOpen).toBeGreaterThan(100);

    sim.apply(stamped('10:00:05', { type: 'kill_switch', scope: 'account', account: 7, on: true }));
    sim.runUntil(clock('10:00:10'));
    const killed = sim.metrics().orders;
    expect(killed.topAccount).not.toBe(7); // its open orders were cancelled
    sim.runUntil(clock('10:00:20'));
    // The session is cut: what the algorithm sends no longer arrives (the client flow's own orders from account 7 are refused).
    expect(sim.metrics().orders.created - killed.created).toBeLessThan(2000);
    expect(sim.metrics().orders.killRejects).toBeLessThan(50);

    sim.apply(stamped('10:00:20', { type: 'kill_switch', scope: 'account', account: 7, on: false }));
    const lifted = sim.metrics().orders.created;
    sim.runUntil(clock('10:00:25'));
    expect(sim.metrics().orders.created - lifted).toBeGreaterThan(2000); // the fault is still on: it runs away again
  });

  it('is refused with the field at fault when its route, account or symbol does not exist', () => {
    const r = Scenario.safeParse({ ...brokerInput(), faults: [{ ...RUNAWAY, target: 'nowhere', account: 900, symbol: '510300' }] });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual([
      ['faults.0.target', 'unknown route "nowhere" (routes: sh, sz)'],
      ['faults.0.account', 'account 900 does not exist (accounts 0 to 199)'],
      ['faults.0.symbol', `symbol "510300" is not among the scenario's instruments`],
    ]);
  });
});
