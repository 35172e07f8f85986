import { describe, expect, it } from 'vitest';
import { broker, clock } from './test-scenario.ts';
import { createSimulation } from './simulation.ts';

/**
 * The 09:25 uncross fills thousands of orders at one instant. Their trade reports come back
 * through a counter whose waiting room holds 100 messages: they must wait (report lag, 回报延迟),
 * not vanish, because the exchange keeps every report in its ReportIndex sequence (docs/domain.md C2).
 */
describe('a report burst shows as report lag, not lost reports (issue 15)', () => {
  const sc = broker((s) => {
    const counter = s.nodes.find((n) => n.id === 'counter')!;
    counter.queueLimit = 100;
    counter.reportServiceTime = { dist: 'const', value: '2ms' }; // 2 servers: 1,000 reports/s
    for (const l of s.links ?? []) delete l.loss; // nothing lost on the wire: only the waiting room is tested
    s.load.ordersPerSecond = 20;
    s.load.bursts = [];
    s.load.cancelRatio = 0; // only orders meet the counter's limit on the way in
  });

  it('every report of the uncross reaches the counter books, in ReportIndex order, after a lag', () => {
    const sim = createSimulation(sc, { seed: 3 });
    sim.runUntil(clock('09:24:59'));
    expect(sim.metrics().reports.lag).toBe(0);
    sim.runUntil(clock('09:25:01'));
    const burst = sim.metrics();
    expect(burst.orders.filled).toBeGreaterThan(500); // more reports than the waiting room holds
    expect(burst.reports.backlog).toBeGreaterThan(100);
    expect(burst.reports.lag).toBeGreaterThan(0);
    sim.runUntil(clock('09:29:00'));
    const after = sim.metrics();
    expect(after.reports.lost).toBe(0);
    expect(after.reports.gaps).toBe(0);
    expect(after.reports.backlog).toBe(0);
    expect(after.reports.lag).toBe(0);
    const audit = sim.audit();
    expect(audit.booksBehindExchange).toBe(0); // every order traded at 09:25 is filled on the counter's books
    expect(audit.reportGaps).toBe(0);
    expect(after.orders.states.filled + after.orders.states.partial).toBeGreaterThanOrEqual(burst.orders.filled);
  });

  it('client orders reaching the counter while reports fill its waiting room are still refused', () => {
    const sim = createSimulation(sc, { seed: 3 });
    const counterRejected = () => sim.metrics().nodes.find((n) => n.id === 'counter')!.rejected;
    sim.runUntil(clock('09:24:59'));
    const [orders0, counter0] = [sim.metrics().orders.rejected, counterRejected()];
    sim.runUntil(clock('09:25:03'));
    const refused = counterRejected() - counter0;
    expect(refused).toBeGreaterThan(0);
    // Every refusal at the counter is a client order's (the counter's 废单), none a report's.
    expect(refused).toBeLessThanOrEqual(sim.metrics().orders.rejected - orders0);
  });
});
