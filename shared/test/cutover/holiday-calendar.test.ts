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

  it('the fix is the calendar table: opening 10-08 alone leaves 10-01 and the make-up Saturday 10-10 wrong, and the step fails its check', () => {
    const partial = structuredClone(sc);
    const fix = partial.runbook!.steps.find((x) => x.id === 'fix-calendar')!;
    fix.commands = fix.commands.filter((c) => c.type !== 'calendar_set' || c.date === '2026-10-08');
    const op = new Operator(partial).at('09:35').claim('xu', 'ops').claim('he', 'counter').doStep('xu', 'recon').doStep('he', 'fix-calendar');
    expect(op.step('fix-calendar')).toMatchObject({ verified: 'failed' });
    // The whole correction passes: no row differs from the exchanges' 2026 table.
    const full = team().doStep('xu', 'recon').doStep('he', 'fix-calendar');
    expect(full.step('fix-calendar')).toMatchObject({ status: 'done', verified: 'passed' });
    expect(full.timeline('input').filter((x) => x.includes('counter-new calendar:'))).toEqual([
      'counter-new calendar: 2026-10-01 set to closed',
      'counter-new calendar: 2026-10-08 set to trading day',
      'counter-new calendar: 2026-10-10 set to closed',
    ]);
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
