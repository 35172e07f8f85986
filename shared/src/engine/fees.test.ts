import { describe, expect, it } from 'vitest';
import { FEE, fillFees, type FeeView } from './fees.ts';
import { broker, clock } from './test-scenario.ts';
import { createSimulation } from './simulation.ts';

const SSE = 0;
const SZSE = 1;
const retail: FeeView = { ppm: 250, minimum: 500, perFill: false, stampPpm: 500, itemised: false, transferPpb: 10_000, handlingPpb: 34_100, regulatoryPpb: 20_000 };
const fund: FeeView = { ...retail, minimum: 0, itemised: true };

function fees(view: FeeView, sell: boolean, market: number, amount: number) {
  const out = new Float64Array(5);
  const total = fillFees(view, sell, market, amount, amount, 0, out);
  return { commission: out[FEE.COMMISSION], stamp: out[FEE.STAMP], transfer: out[FEE.TRANSFER], handling: out[FEE.HANDLING], regulatory: out[FEE.REGULATORY], total };
}

describe('fees to the fen (each item rounded half up on its own)', () => {
  it('SSE, retail: buy 1,000 × 10.50 = 10,500.00 yuan', () => {
    // commission 0.025% = 2.625 → the 5.00 minimum; transfer 0.001% = 0.105 → 0.11; no exchange fees of its own
    expect(fees(retail, false, SSE, 1_050_000)).toEqual({ commission: 500, stamp: 0, transfer: 11, handling: 0, regulatory: 0, total: 511 });
  });

  it('SSE, retail: sell 1,000 × 10.50 pays stamp duty 0.05% = 5.25 on top', () => {
    expect(fees(retail, true, SSE, 1_050_000)).toEqual({ commission: 500, stamp: 525, transfer: 11, handling: 0, regulatory: 0, total: 1036 });
  });

  it('SZSE, retail: buy 300 × 8.88 = 2,664.00 yuan', () => {
    // transfer 0.02664 → 0.03
    expect(fees(retail, false, SZSE, 266_400)).toEqual({ commission: 500, stamp: 0, transfer: 3, handling: 0, regulatory: 0, total: 503 });
  });

  it('SZSE, institutional (O32): buy 100,000 × 20.00 = 2,000,000.00 yuan, exchange fees itemised, no minimum', () => {
    // commission 500.00; handling 0.00341% = 68.20; regulatory 0.002% = 40.00; transfer 0.001% = 20.00
    expect(fees(fund, false, SZSE, 200_000_000)).toEqual({ commission: 50_000, stamp: 0, transfer: 2000, handling: 6820, regulatory: 4000, total: 62_820 });
  });

  it('SSE, institutional: sell 3,300 × 15.15 = 49,995.00 yuan; a small fill pays no minimum', () => {
    // commission 12.49875 → 12.50; stamp 24.9975 → 25.00; transfer 0.49995 → 0.50; handling 1.7048 → 1.70; regulatory 0.9999 → 1.00
    expect(fees(fund, true, SSE, 4_999_500)).toEqual({ commission: 1250, stamp: 2500, transfer: 50, handling: 170, regulatory: 100, total: 4070 });
  });

  it('per_order: partial fills pay the minimum once, as a running difference', () => {
    const out = new Float64Array(5);
    const first = fillFees(retail, false, SSE, 100_000, 100_000, 0, out);
    const c1 = out[FEE.COMMISSION]!;
    fillFees(retail, false, SSE, 100_000, 200_000, c1, out);
    expect([c1, out[FEE.COMMISSION]]).toEqual([500, 0]);
    expect(first).toBe(501);
  });
});

describe('the books post every item and keep sell proceeds out of withdrawable cash', () => {
  it('transfer fees are charged on both sides, firm-wide totals add up, and the audit balances', () => {
    const sim = createSimulation(
      broker((s) => void (s.load.bursts = [])),
      { seed: 8 },
    );
    sim.runUntil(clock('10:30'));
    const f = sim.metrics().market.fees;
    expect(f.transferFee).toBeGreaterThan(0);
    expect(f.handlingFee).toBe(0); // retail: folded into commission
    expect(f.stampDuty).toBeGreaterThan(0);
    expect(sim.audit().cashBreaks).toEqual([]);
  });

  it('an institutional fee rule itemises handling and regulatory fees', () => {
    const sim = createSimulation(
      broker((s) => void (s.fees = { accountClass: 'institutional', minimumCommission: '0.00' })),
      { seed: 8 },
    );
    sim.runUntil(clock('10:00'));
    const f = sim.metrics().market.fees;
    expect(f.handlingFee).toBeGreaterThan(0);
    expect(f.regulatoryFee).toBeGreaterThan(0);
    expect(sim.audit().cashBreaks).toEqual([]);
  });

  it('sell proceeds are usable at once but not withdrawable', () => {
    const sim = createSimulation(
      broker((s) => void (s.load.buyRatio = 0)),
      { seed: 8 },
    );
    sim.runUntil(clock('10:30'));
    const a = sim.account(0); // the busiest account (Zipf)
    expect(a.usable).toBeGreaterThan(200_000_000); // 2,000,000.00 opening plus what it sold
    expect(a.withdrawable).toBe(200_000_000);
    expect(() => sim.account(10_000)).toThrow('not one of the scenario');
  });
});
