import { describe, expect, it } from 'vitest';
import type { Command } from '../scenario/command.ts';
import type { ScenarioInput } from '../scenario/schema.ts';
import { broker, clock } from './test-scenario.ts';
import { createSimulation } from './simulation.ts';

let seq = 0;
const stamped = (at: string, command: Command) => ({ seq: seq++, at: clock(at), actor: 'lead', command });

/** The test broker with a market-data feed and a depository bank linked to its counter. */
function withFeedAndBank(s: ScenarioInput) {
  s.load.bursts = [];
  s.regions.push({ id: 'bank-site', kind: 'bank' });
  s.nodes.push({ id: 'md', kind: 'market_data', region: 'dc' }, { id: 'bank', kind: 'bank', region: 'bank-site' });
  s.links!.push({ from: 'md', to: 'counter', latency: '100us' }, { from: 'bank', to: 'counter', latency: '2ms' });
}

describe('start-of-day securities / price-limit file', () => {
  it('missing: the counter rejects every order with the reason until an operator imports it', () => {
    const sim = createSimulation(
      broker((s) => {
        s.load.bursts = [];
        s.startOfDay = { securitiesFile: 'missing' };
      }),
      { seed: 1 },
    );
    sim.runUntil(clock('09:45'));
    const m = sim.metrics();
    expect(m.orders.filled).toBe(0);
    expect(m.market.rejects.no_sod_file).toBe(m.orders.rejected);
    expect(m.orders.rejected).toBe(m.orders.created);
    sim.apply(stamped('09:45', { type: 'set_config', node: 'counter', key: 'sod.securitiesFile', value: 'loaded' }));
    sim.runUntil(clock('10:00'));
    expect(sim.metrics().orders.filled).toBeGreaterThan(0);
    expect(sim.metrics().market.rejects.no_sod_file).toBe(m.market.rejects.no_sod_file);
  });
});

describe('market data', () => {
  it('a crashed feed makes the counter reject priced orders; quotes back, orders flow again', () => {
    const sim = createSimulation(broker(withFeedAndBank), { seed: 1 });
    sim.runUntil(clock('10:00'));
    expect(sim.metrics().market.rejects.no_quotes).toBe(0);
    sim.apply(stamped('10:00', { type: 'inject_fault', fault: { id: 'md-down', kind: 'crash', target: 'md', duration: 60_000_000 } }));
    sim.runUntil(clock('10:01'));
    const during = sim.metrics().market.rejects.no_quotes;
    expect(during).toBeGreaterThan(1000);
    sim.runUntil(clock('10:02'));
    expect(sim.metrics().market.rejects.no_quotes).toBe(during);
  });

  it('a stale feed with onStale: hold keeps orders at the counter, and they go when quotes are fresh', () => {
    const sim = createSimulation(
      broker((s) => {
        withFeedAndBank(s);
        s.marketData = { onStale: 'hold' };
      }),
      { seed: 1 },
    );
    sim.runUntil(clock('10:00'));
    sim.apply(stamped('10:00', { type: 'inject_fault', fault: { id: 'stale', kind: 'stale_feed', target: 'md' } }));
    sim.runUntil(clock('10:00:30'));
    const m = sim.metrics();
    expect(m.market.rejects.no_quotes).toBe(0);
    expect(m.market.held).toBeGreaterThan(500);
    sim.apply(stamped('10:00:30', { type: 'clear_fault', faultId: 'stale' }));
    sim.runUntil(clock('10:00:31'));
    expect(sim.metrics().market.held).toBe(0);
    sim.runUntil(clock('10:05'));
    expect(sim.audit().cashBreaks).toEqual([]);
    expect(sim.audit().ordersInFlight).toBe(sim.audit().ordersInFlightByCount);
  });

  it('a stale feed failed over to its standby: the counter reads the standby, and what it held goes out', () => {
    const sim = createSimulation(
      broker((s) => {
        withFeedAndBank(s);
        s.marketData = { onStale: 'hold' };
        s.nodes.push({ id: 'md-2', kind: 'market_data', region: 'dc', standbyFor: 'md' });
        s.links!.push({ from: 'md-2', to: 'counter', latency: '300us' });
      }),
      { seed: 1 },
    );
    sim.runUntil(clock('10:00'));
    sim.apply(stamped('10:00', { type: 'inject_fault', fault: { id: 'stale', kind: 'stale_feed', target: 'md' } }));
    sim.runUntil(clock('10:00:30'));
    expect(sim.metrics().market.held).toBeGreaterThan(500);
    // A restart of the feed handler changes nothing: it is up, its source is stale.
    sim.apply(stamped('10:00:30', { type: 'restart_node', node: 'md' }));
    sim.runUntil(clock('10:00:31'));
    expect(sim.metrics().market.held).toBeGreaterThan(500);
    sim.apply(stamped('10:00:31', { type: 'failover', node: 'md', to: 'md-2' }));
    sim.runUntil(clock('10:00:32'));
    expect(sim.metrics().market.held).toBe(0);
    const filled = sim.metrics().orders.filled;
    sim.runUntil(clock('10:02'));
    expect(sim.metrics().orders.filled).toBeGreaterThan(filled);
    expect(sim.metrics().market.rejects.no_quotes).toBe(0);
  });
});

describe('bank-securities transfers', () => {
  const sc = broker((s) => {
    withFeedAndBank(s);
    s.window = { start: '08:30', end: '16:30' };
    s.bank = { transfersPerMinute: 60 };
  });

  it('refused before 09:00, done in the window, failed while the bank is down; cash stays accounted for', () => {
    const sim = createSimulation(sc, { seed: 4 });
    sim.runUntil(clock('09:00'));
    const early = sim.metrics().market.bank;
    expect(early.refusedWindow).toBeGreaterThan(10);
    expect(early.in + early.out).toBe(0);
    sim.runUntil(clock('10:00'));
    const open = sim.metrics().market.bank;
    expect(open.in + open.out).toBeGreaterThan(3000);
    expect(open.refusedWindow).toBe(early.refusedWindow);
    sim.apply(stamped('10:00', { type: 'inject_fault', fault: { kind: 'crash', target: 'bank', duration: 300_000_000 } }));
    sim.runUntil(clock('10:05'));
    const down = sim.metrics().market.bank;
    expect(down.failed).toBeGreaterThan(200);
    expect(down.in + down.out).toBe(open.in + open.out);
    expect(sim.audit().cashBreaks).toEqual([]);
  });

  it('moves out only withdrawable cash: a transfer larger than it is refused', () => {
    const sim = createSimulation(
      broker((s) => {
        withFeedAndBank(s);
        s.bank = { transfersPerMinute: 60, outRatio: 1, amount: '2,500,000.00' }; // more than the 2,000,000.00 each account opens with
      }),
      { seed: 4 },
    );
    sim.runUntil(clock('09:40'));
    const b = sim.metrics().market.bank;
    expect(b.insufficient).toBeGreaterThan(100);
    expect(b.out).toBe(0);
  });

  it('refused after 16:00 and all day on a closed day', () => {
    const sim = createSimulation(sc, { seed: 4 });
    sim.runUntil(clock('16:00'));
    const at4 = sim.metrics().market.bank;
    sim.runUntil(clock('16:10'));
    expect(sim.metrics().market.bank.refusedWindow).toBeGreaterThan(at4.refusedWindow + 300);
    const saturday = createSimulation(
      broker((s) => {
        withFeedAndBank(s);
        s.calendar = { date: '2026-03-07' };
        s.bank = { transfersPerMinute: 60 };
      }),
      { seed: 4 },
    );
    saturday.runUntil(clock('11:00'));
    const b = saturday.metrics().market.bank;
    expect(b.in + b.out).toBe(0);
    expect(b.refusedWindow).toBeGreaterThan(1000);
  });
});

describe('drill checks read the reasons', () => {
  it('a cut bank line fails transfers; failing the bank over to its backup line brings them back', () => {
    const sim = createSimulation(
      broker((s) => {
        withFeedAndBank(s);
        s.bank = { transfersPerMinute: 60 };
        s.nodes.push({ id: 'bank-2', kind: 'bank', region: 'bank-site', standbyFor: 'bank' });
        s.links!.push({ from: 'bank-2', to: 'counter', latency: '4ms' });
      }),
      { seed: 1 },
    );
    sim.runUntil(clock('10:00'));
    sim.apply(stamped('10:00', { type: 'inject_fault', fault: { id: 'cut', kind: 'partition', target: 'bank--counter' } }));
    sim.runUntil(clock('10:02'));
    const cut = sim.metrics().market.bank;
    expect(cut.failed).toBeGreaterThan(60);
    sim.apply(stamped('10:02', { type: 'failover', node: 'bank', to: 'bank-2' }));
    sim.runUntil(clock('10:05'));
    const after = sim.metrics().market.bank;
    expect(after.failed).toBe(cut.failed);
    expect(after.in + after.out).toBeGreaterThan(cut.in + cut.out + 100);
    expect(sim.audit().cashBreaks).toEqual([]);
  });

  it('rejects.<reason>, fees.<item>, bank.<count> and orders.held are check paths', async () => {
    const { metricsView, metricPaths } = await import('../predicate/view.ts');
    const { evaluatePredicate, parsePredicate } = await import('../predicate/index.ts');
    const sc = broker((s) => {
      s.load.bursts = [];
      s.startOfDay = { securitiesFile: 'missing' };
    });
    const sim = createSimulation(sc, { seed: 1 });
    sim.runUntil(clock('09:35'));
    const view = metricsView(sim.metrics());
    expect(evaluatePredicate(parsePredicate('rejects.no_sod_file > 0 and rejects.no_sod_file == orders.rejected'), view).ok).toBe(true);
    expect(evaluatePredicate(parsePredicate('fees.transferFee == 0 and orders.held == 0 and bank.failed == 0'), view).ok).toBe(true);
    expect(metricPaths(sc)).toContain('rejects.no_quotes');
  });
});
