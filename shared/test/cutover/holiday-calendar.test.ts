import { describe, expect, it } from 'vitest';
import { loadLibraryScenario, Operator } from './operator.ts';

const sc = loadLibraryScenario('holiday-calendar-misconfig');

const team = () => new Operator(sc).at('09:35').claim('xu', 'ops').claim('he', 'counter').claim('lena', 'lead');

describe('holiday-calendar-misconfig: a shifted holiday calendar in the new counter', () => {
  it('every break is a holiday-calendar break, named with the date', () => {
    const op = team().doStep('xu', 'recon');
    const last = op.sim.cutover().recon!.last!;
    expect(last.byCause.holiday_calendar).toBeGreaterThan(1000);
    expect(last.byCause.unexplained).toBe(0);
    expect(last.byCause.fee_rule).toBe(0);
    const orders = last.mismatches.find((x) => x.field === 'orders')!;
    expect(orders).toMatchObject({ cause: 'holiday_calendar', shadow: 0 });
    expect(last.mismatches.find((x) => x.field === 'funds')!.detail).toBe('the counter-new calendar has 2026-10-08 as a holiday');
  });

  it('the happy path: correct the calendar, re-run, reconcile clean, go, switch', () => {
    const op = team().doStep('xu', 'recon');
    op.doStep('he', 'fix-calendar');
    op.doStep('xu', 'recon-2').signoff('lena', 'recon-2');
    expect(op.step('recon-2')).toMatchObject({ status: 'done', verified: 'passed' });
    op.decide('lena', 'switch-gate', 'go', 'calendar matches the SSE/SZSE notice; reconciliation clean');
    op.doStep('he', 'switch');
    expect(op.step('switch')).toMatchObject({ status: 'done', verified: 'passed' });
    expect(op.sim.cutover().runbook!.complete).toBe(true);
    const rejected = op.node('counter-new').rejected;
    op.at('10:45');
    expect(op.node('counter-new').processed).toBeGreaterThan(20_000);
    expect(op.node('counter-new').rejected - rejected).toBeLessThan(100); // ordinary refusals only
    expect(op.sim.metrics().orders.failed).toBe(0);
  });

  it('switching before the calendar is fixed is a wrong decision and the new counter refuses the market', () => {
    const op = team().doStep('xu', 'recon');
    op.input('lena', { type: 'switch_primary', to: 'new' });
    expect(op.sim.cutover().switchedDirty).toBe(1);
    op.wait('1m');
    const n = op.node('counter-new');
    expect(n.rejected).toBeGreaterThan(1500); // every order of that minute
    expect(op.timeline('wrong_decision')[0]).toMatch(/primary switched to counter-new \(new\) WITH DIRTY EVIDENCE: \d+ open reconciliation breaks/);
  });
});
