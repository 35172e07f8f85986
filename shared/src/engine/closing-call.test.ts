import { describe, expect, it } from 'vitest';
import { Scenario, type ScenarioInput } from '../scenario/schema.ts';
import { createSimulation } from './simulation.ts';
import { brokerInput, clock } from './test-scenario.ts';

/**
 * The closing call (docs/domain.md C1: 14:57–15:00, orders yes, cancels no, one uncross at 15:00)
 * and an index fund's basket sent into it (fault kind basket, docs/domain.md E3 9).
 */

const BASKET = { id: 'fund', at: '14:57', kind: 'basket', target: 'sh', account: 9, symbol: '600000', ordersPerSecond: 200, duration: '3m' } as const;

function scenario(patch: (s: ScenarioInput) => void = () => {}) {
  const input = brokerInput();
  input.window = { start: '14:55', end: '15:02' };
  input.load.bursts = [];
  input.load.marketableRatio = 0.2; // most orders rest: open orders for cancels to find
  input.accounts!.cash = '1,000,000,000.00'; // funds refuse none of the basket's orders
  patch(input);
  return Scenario.parse(input);
}
let seq = 0;
const stamped = (time: string, command: Parameters<ReturnType<typeof createSimulation>['apply']>[0]['command']) => ({ seq: seq++, at: clock(time), actor: 'ops', command });

describe('the closing call', () => {
  it('counts the orders the exchanges accept in it, from 14:57 to 15:00 only', () => {
    const sim = createSimulation(scenario(), { seed: 5 });
    sim.runUntil(clock('14:56:59'));
    expect(sim.metrics().orders.closingCall).toBe(0); // the continuous auction is not the call
    sim.runUntil(clock('14:58:00'));
    const m = sim.metrics();
    expect(m.phase).toBe('closing_call');
    // 60 actions a second for a minute, a tenth of them cancels.
    expect(m.orders.closingCall).toBeGreaterThan(40 * 60);
    expect(m.orders.closingCall).toBeLessThan(65 * 60);
    sim.runUntil(clock('15:00:00'));
    const atClose = sim.metrics().orders.closingCall;
    sim.runUntil(clock('15:01:30'));
    expect(sim.metrics().orders.closingCall - atClose).toBeLessThan(10); // after 15:00 nothing joins it
  });

  it('refuses every cancel in it: a mass cancel cancels nothing and shows as cancel rejects', () => {
    const sim = createSimulation(scenario(), { seed: 5 });
    sim.runUntil(clock('14:58:00'));
    const before = sim.metrics().orders;
    sim.apply(stamped('14:58:00', { type: 'mass_cancel', scope: 'firm' }));
    sim.runUntil(clock('14:58:05'));
    const after = sim.metrics().orders;
    expect(after.cancelled).toBe(before.cancelled);
    expect(after.cancelRejects - before.cancelRejects).toBeGreaterThan(1000); // the open orders it tried to cancel
  });

  it('takes a fund’s basket, which trades at the 15:00 uncross; a kill switch on the fund keeps it out of the close', () => {
    const calm = createSimulation(scenario(), { seed: 5 });
    const fund = createSimulation(
      scenario((s) => (s.faults = [BASKET])),
      { seed: 5 },
    );
    const killed = createSimulation(
      scenario((s) => (s.faults = [BASKET])),
      { seed: 5 },
    );
    killed.apply(stamped('14:57:30', { type: 'kill_switch', scope: 'account', account: 9, on: true }));
    for (const sim of [calm, fund, killed]) sim.runUntil(clock('14:59:59'));
    expect(fund.metrics().orders.topAccount).toBe(9);
    // 200 orders a second for 3 minutes, less the ones still on their way at 15:00.
    const added = fund.metrics().orders.closingCall - calm.metrics().orders.closingCall;
    expect(added).toBeGreaterThan(35_000);
    expect(added).toBeLessThan(36_100);
    // Killed after 30 s: only those 6,000 made the call, and its cancels there were refused.
    const kept = killed.metrics().orders.closingCall - calm.metrics().orders.closingCall;
    expect(kept).toBeGreaterThan(5_500);
    expect(kept).toBeLessThan(6_500);
    expect(killed.metrics().orders.cancelRejects - calm.metrics().orders.cancelRejects).toBeGreaterThan(5_000);
    const filledAtClose = (sim: typeof fund) => {
      const before = sim.metrics().orders.filled;
      sim.runUntil(clock('15:00:01'));
      return sim.metrics().orders.filled - before;
    };
    expect(filledAtClose(fund) - filledAtClose(calm)).toBeGreaterThan(35_000); // bought at the last price: all cross at the uncross
  });

  it('refuses a basket with the field at fault when its route, account or symbol does not exist', () => {
    const r = Scenario.safeParse({ ...brokerInput(), faults: [{ ...BASKET, target: 'nowhere', account: 900, symbol: '510300' }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['faults.0.target', 'unknown route "nowhere" (routes: sh, sz)'],
      ['faults.0.account', 'account 900 does not exist (accounts 0 to 199)'],
      ['faults.0.symbol', `symbol "510300" is not among the scenario's instruments`],
    ]);
  });
});
