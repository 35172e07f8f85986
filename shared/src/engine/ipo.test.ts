import { describe, expect, it } from 'vitest';
import type { Command } from '../scenario/command.ts';
import type { ScenarioInput } from '../scenario/schema.ts';
import { broker, clock } from './test-scenario.ts';
import { createSimulation, restoreSimulation } from './simulation.ts';
import { compile } from './compile.ts';
import { openingMarketValue, quotaFor } from './ipo-model.ts';
import { quotaOf } from './ipo.ts';
import { Scenario } from '../scenario/schema.ts';
import { brokerInput } from './test-scenario.ts';

let seq = 0;
const stamped = (at: string, command: Command) => ({ seq: seq++, at: clock(at), actor: 'lead', command });

/**
 * The test broker on a subscription day: 200 retail accounts with 2,000-300,000 yuan of cash and
 * 1-4 holdings of 5-60 lots, so quotas range from none to a few thousand shares, and an SSE issue
 * at 20.00 yuan with a cap of 8,000 shares: a full quota of 2,000 shares costs 40,000 yuan.
 */
function subscriptionDay(patch: (s: ScenarioInput) => void = () => {}) {
  return broker((s) => {
    s.load.bursts = [];
    s.nodes.find((n) => n.id === 'risk')!.config = {}; // no order-size limit: subscriptions are thousands of shares
    s.window = { start: '09:25', end: '10:30' };
    s.accounts = {
      count: 200,
      cash: '0.00',
      positionLots: 0,
      classes: [{ class: 'retail', count: 200, cash: { min: '2,000.00', max: '300,000.00' }, holdings: { min: 1, max: 4 }, lots: { min: 5, max: 60 } }],
    };
    s.ipo = { issues: [{ code: '732123', market: 'SSE', price: '20.00', maxPerAccount: 8000, window: { start: '09:30', end: '10:20' }, perSecond: 2, overQuota: 0.2 }] };
    patch(s);
  });
}

describe('subscription quota (docs/domain.md C8)', () => {
  const sc = subscriptionDay((s) => {
    s.ipo!.issues.push({ code: '001299', market: 'SZSE', price: '12.00', maxPerAccount: 6000 });
  });
  const m = compile(sc);
  const [sh, sz] = m.ipo!.issues as [NonNullable<typeof m.ipo>['issues'][0], NonNullable<typeof m.ipo>['issues'][0]];

  it('SSE: 1,000 shares per whole 10,000 yuan of SH market value, none below 10,000, at most the cap', () => {
    expect(quotaFor(sh, 999_999)).toBe(0);
    expect(quotaFor(sh, 1_000_000)).toBe(1000);
    expect(quotaFor(sh, 2_999_999)).toBe(2000);
    expect(quotaFor(sh, 500_000_000)).toBe(8000);
  });

  it('SZSE: 500 shares per whole 5,000 yuan, but nothing below 10,000 yuan either', () => {
    expect(quotaFor(sz, 500_000)).toBe(0);
    expect(quotaFor(sz, 999_999)).toBe(0);
    expect(quotaFor(sz, 1_000_000)).toBe(1000);
    expect(quotaFor(sz, 1_499_999)).toBe(1000);
    expect(quotaFor(sz, 1_500_000)).toBe(1500);
    expect(quotaFor(sz, 500_000_000)).toBe(6000);
  });

  it("an account's quota comes from its opening holdings in that market only, at the previous close", () => {
    const seed = sc.seed;
    let some = 0;
    for (let a = 0; a < 200; a++) {
      const v = openingMarketValue(m.open, m.ipo!, m.instrumentPrevClose, m.instrumentMarket, seed, a, sh.market);
      const q = quotaOf(m, seed, sh, a);
      expect(q % 1000).toBe(0);
      expect(q).toBe(v < 1_000_000 ? 0 : Math.min(8000, Math.floor(v / 1_000_000) * 1000));
      if (q > 0 && quotaOf(m, seed, sz, a) !== q) some++;
    }
    expect(some).toBeGreaterThan(10); // SH and SZ holdings differ, so do the quotas
  });

  it('without account classes every account holds positionLots of every instrument', () => {
    const flat = compile(broker((s) => (s.ipo = { issues: [{ code: '732123', market: 'SSE', price: '20.00', maxPerAccount: 100_000 }] })));
    // 6 SSE instruments (10.50 + 5 × 23.10 yuan) × 20,000 shares = 2,520,000 yuan: 252,000 shares, capped at 100,000
    expect(openingMarketValue(flat.open, flat.ipo!, flat.instrumentPrevClose, flat.instrumentMarket, 1, 7, flat.ipo!.issues[0]!.market)).toBe(20_000 * (1050 + 5 * 2310));
    expect(quotaOf(flat, 1, flat.ipo!.issues[0]!, 7)).toBe(100_000);
  });
});

describe('the ipo section', () => {
  it('refuses a subscription code that is also a traded symbol, and a window that ends before it starts', () => {
    const input = brokerInput();
    input.ipo = { issues: [{ code: '600000', market: 'SSE', price: '20.00', maxPerAccount: 8000, window: { start: '10:00', end: '09:30' } }] };
    const r = Scenario.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['ipo.issues.0.code', 'subscription code "600000" is also an instrument\'s symbol'],
      ['ipo.issues.0.window.end', 'the subscription window ends before it starts'],
    ]);
  });
});

describe('subscription day T at the counter', () => {
  it("today's rule: within the quota every first subscription is taken without cash; above it, repeated or cancelled, refused", () => {
    const sim = createSimulation(subscriptionDay(), { seed: 3 });
    sim.runUntil(clock('10:30'));
    const ipo = sim.metrics().market.ipo!;
    const rejects = sim.metrics().market.rejects;
    expect(ipo.sent + ipo.cancelRefused).toBe(2 * 50 * 60); // 2/s from 09:30 to 10:20, a few of them cancels
    expect(ipo.accepted).toBeGreaterThan(50);
    expect(ipo.accepted).toBeLessThanOrEqual(200); // one per account at most
    expect(ipo.duplicate).toBeGreaterThan(1000); // 6,000 subscriptions from 200 accounts
    expect(ipo.quota).toBeGreaterThan(100);
    expect(ipo.funds).toBe(0);
    expect(ipo.frozen).toBe(0);
    expect(ipo.validRejected).toBe(0);
    expect(ipo.invalidAccepted).toBe(0);
    expect(rejects.ipo_quota).toBe(ipo.quota);
    expect(rejects.ipo_duplicate).toBe(ipo.duplicate);
    expect(ipo.sent).toBe(ipo.accepted + ipo.quota + ipo.duplicate);
    // Clients who come back to cancel their subscription are refused at the counter; it stays 已报.
    expect(ipo.cancelRefused).toBeGreaterThan(100);
    expect(sim.metrics().orders.cancelRejects).toBeGreaterThanOrEqual(ipo.cancelRefused);
    expect(sim.metrics().orders.states.reported).toBeGreaterThanOrEqual(ipo.accepted); // acknowledged, waiting for T+1, none cancelled
    expect(sim.audit().cashBreaks).toEqual([]);
  });

  it('a subscription freezes no cash: clients who could not pay for their quota at T are never asked to', () => {
    const sc = subscriptionDay();
    const m = compile(sc);
    const sim = createSimulation(sc, { seed: 3 });
    sim.runUntil(clock('10:30'));
    let poor = 0;
    for (let a = 0; a < 200; a++) {
      const cash = sim.account(a);
      const q = quotaOf(m, 3, m.ipo!.issues[0]!, a);
      if (q * 2000 > cash.usable + cash.frozen) poor++;
    }
    expect(poor).toBeGreaterThan(20); // many could not have paid at T …
    expect(sim.metrics().market.ipo!.funds).toBe(0); // … and none was asked to
  });

  it('the pre-2016 rule (ipo.freezeAtSubscription) refuses valid subscriptions for cash; set_config off stops it', () => {
    const sim = createSimulation(
      subscriptionDay((s) => {
        s.nodes.find((n) => n.id === 'counter')!.config = { 'ipo.freezeAtSubscription': true };
      }),
      { seed: 3 },
    );
    sim.runUntil(clock('09:50'));
    const before = sim.metrics().market.ipo!;
    expect(before.funds).toBeGreaterThan(20);
    expect(before.validRejected).toBe(before.funds); // above-quota ones are refused first, for the quota
    expect(sim.metrics().market.rejects.insufficient_funds).toBeGreaterThanOrEqual(before.funds);
    expect(before.frozen).toBeGreaterThan(0);
    sim.apply(stamped('09:50', { type: 'set_config', node: 'counter', key: 'ipo.freezeAtSubscription', value: false }));
    sim.runUntil(clock('10:30'));
    const after = sim.metrics().market.ipo!;
    expect(after.funds).toBe(before.funds);
    expect(after.frozen).toBe(before.frozen);
    expect(after.accepted - before.accepted).toBeGreaterThan(20); // those refused for cash try again and are taken
    expect(sim.audit().cashBreaks).toEqual([]);
  });

  it('a subscription refused after the counter (here by risk) does not count: the next one is the first again', () => {
    const sim = createSimulation(
      subscriptionDay((s) => {
        s.nodes.find((n) => n.id === 'risk')!.config = { maxOrderLots: 8 }; // 800 shares: every subscription is larger
      }),
      { seed: 3 },
    );
    sim.runUntil(clock('10:30'));
    const ipo = sim.metrics().market.ipo!;
    expect(ipo.accepted).toBeGreaterThan(1000); // taken at the counter, again and again, refused at risk
    expect(ipo.duplicate).toBe(0);
    expect(ipo.cancelRefused).toBe(0); // nothing live to cancel
    expect(sim.audit().cashBreaks).toEqual([]);
  });

  it('switching the quota check off lets invalid subscriptions through', () => {
    const sim = createSimulation(subscriptionDay(), { seed: 3 });
    sim.apply(stamped('09:30', { type: 'set_config', node: 'counter', key: 'ipo.quotaCheck', value: 'off' }));
    sim.runUntil(clock('10:30'));
    const ipo = sim.metrics().market.ipo!;
    expect(ipo.quota).toBe(0);
    expect(ipo.invalidAccepted).toBeGreaterThan(20);
    expect(ipo.duplicate).toBeGreaterThan(1000); // only the first counts, still
  });

  it('a missing quota file refuses every subscription with its reason until it is imported', () => {
    const sim = createSimulation(
      subscriptionDay((s) => {
        s.startOfDay = { quotaFile: 'missing' };
      }),
      { seed: 3 },
    );
    sim.runUntil(clock('09:45'));
    const m = sim.metrics();
    const ipo = m.market.ipo!;
    expect(ipo.accepted).toBe(0);
    expect(ipo.noQuotaFile).toBe(ipo.sent);
    expect(m.market.rejects.no_quota_file).toBe(ipo.sent);
    expect(ipo.validRejected).toBeGreaterThan(20);
    expect(m.orders.filled).toBeGreaterThan(100); // ordinary orders trade: only subscriptions need the file
    sim.apply(stamped('09:45', { type: 'set_config', node: 'counter', key: 'sod.quotaFile', value: 'loaded' }));
    sim.runUntil(clock('10:30'));
    expect(sim.metrics().market.ipo!.accepted).toBeGreaterThan(50);
    expect(sim.metrics().market.ipo!.noQuotaFile).toBe(ipo.noQuotaFile);
  });

  it('the subscription state is in the snapshot and the state hash', () => {
    const sc = subscriptionDay();
    const a = createSimulation(sc, { seed: 5 });
    a.runUntil(clock('09:40'));
    const snap = a.snapshot();
    const b = restoreSimulation(sc, snap);
    a.runUntil(clock('10:30'));
    b.runUntil(clock('10:30'));
    expect(b.stateHash()).toBe(a.stateHash());
    expect(b.metrics().market.ipo).toEqual(a.metrics().market.ipo);
    // Without the issue the hash is another: the subscriptions are part of the state.
    const plain = createSimulation(
      subscriptionDay((s) => {
        s.ipo!.issues[0]!.perSecond = 0;
      }),
      { seed: 5 },
    );
    plain.runUntil(clock('10:30'));
    expect(plain.stateHash()).not.toBe(a.stateHash());
  });
});

describe('T+1 lottery and T+2 payment', () => {
  // T is Tuesday 2026-03-17: T+1 Wednesday, T+2 Thursday. A thin ordinary flow keeps three days quick.
  const threeDays = (patch: (s: ScenarioInput) => void = () => {}) =>
    subscriptionDay((s) => {
      s.calendar = { date: '2026-03-17' };
      s.window = { start: '09:25', end: 'D+2 16:30' };
      s.load.ordersPerSecond = 2;
      s.ipo!.issues[0]!.winRate = 0.2;
      patch(s);
    });

  it('numbers the valid subscriptions on T+1, and on T+2 the winners pay or give up what their cash does not cover', () => {
    const sim = createSimulation(threeDays(), { seed: 3 });
    sim.runUntil(clock('23:00'));
    const t = sim.metrics().market.ipo!;
    expect(t.numbers).toBe(0);
    sim.runUntil(24 * 3_600_000_000 + clock('18:00:01')); // T+1, after the results
    const t1 = sim.metrics().market.ipo!;
    expect(t1.accepted).toBe(t.accepted);
    expect(t1.numbers).toBeGreaterThanOrEqual(t1.accepted); // at least one number per valid subscription
    expect(t1.winners).toBeGreaterThan(0);
    expect(t1.winners).toBeLessThanOrEqual(t1.accepted);
    expect(t1.wonShares % 1000).toBe(0);
    const rate = t1.wonShares / 1000 / t1.numbers;
    expect(rate).toBeGreaterThan(0.12);
    expect(rate).toBeLessThan(0.28);
    expect(t1.paidShares).toBe(0); // nothing is due before T+2 16:00
    sim.runUntil(2 * 24 * 3_600_000_000 + clock('16:00:01'));
    const t2 = sim.metrics().market.ipo!;
    expect(t2.paidShares + t2.abandonedShares).toBe(t1.wonShares);
    expect(t2.paid).toBe(t2.paidShares * 2000); // 20.00 yuan a share, in fen
    expect(t2.paidShares).toBeGreaterThan(0);
    expect(t2.abandoners).toBeGreaterThan(0); // retail winners with 2,000 yuan cannot pay 20,000
    expect(sim.audit().cashBreaks).toEqual([]);
  });

  it('an invalid subscription the counter let through gets no number', () => {
    const on = createSimulation(threeDays(), { seed: 3 });
    const off = createSimulation(threeDays(), { seed: 3 });
    off.apply(stamped('09:25', { type: 'set_config', node: 'counter', key: 'ipo.quotaCheck', value: 'off' }));
    const after = 24 * 3_600_000_000 + clock('18:00:01');
    on.runUntil(after);
    off.runUntil(after);
    const a = on.metrics().market.ipo!;
    const b = off.metrics().market.ipo!;
    expect(b.invalidAccepted).toBeGreaterThan(20);
    // The same clients subscribe; the invalid ones taken add subscriptions but not a single number.
    expect(b.accepted).toBeGreaterThan(a.accepted);
    expect(b.numbers).toBeLessThanOrEqual(a.numbers);
  });
});
