import { describe, expect, it } from 'vitest';
import { loadLibraryScenario, Operator } from './operator.ts';

const sc = loadLibraryScenario('oms-dual-run-fee-rule');

/** The team takes its roles on Monday morning. */
function team(): Operator {
  return new Operator(sc).at('09:40').claim('alice', 'ops').claim('carol', 'ops').claim('bob', 'oms').claim('lena', 'lead');
}

/** Reconcile and classify Monday's breaks rightly (every one is a funds break of the fee rule). */
function classified(op: Operator): Operator {
  op.doStep('alice', 'recon-1');
  op.input('alice', { type: 'classify_break', field: 'funds', as: 'fee_rule' });
  return op.doStep('alice', 'classify').signoff('lena', 'classify');
}

// Monday after the close, breaks classified, nothing fixed yet: the runs below branch from here.
let monday: Operator | undefined;
const mondayEvening = () => (monday ??= classified(team()).at('16:00')).fork();

/** Fix the fee rule, re-run, reconcile again: what the team does on the evening it chooses. */
function fix(op: Operator): Operator {
  op.doStep('bob', 'fix-fee-rule');
  return op.doStep('alice', 'recon-2').signoff('carol', 'recon-2').signoff('lena', 'recon-2');
}

// Fixed on Monday evening, then Tuesday and Wednesday reconcile clean; Wednesday 17:45, clearing posted.
let wednesday: Operator | undefined;
function wednesdayNight(): Operator {
  wednesday ??= (() => {
    const op = fix(mondayEvening());
    op.input('alice', { type: 'step_start', step: 'clean-days' });
    return op.at('D+2 17:45').input('alice', { type: 'step_done', step: 'clean-days' });
  })();
  return wednesday.fork();
}

describe('oms-dual-run-fee-rule: three days of dual-run before switching an OMS', () => {
  it("Monday's breaks are per-account raw differences the engine explains by the per-fill minimum commission", () => {
    const op = team().doStep('alice', 'recon-1');
    const last = op.sim.cutover().recon!.last!;
    expect(last.byCause.fee_rule).toBeGreaterThan(10);
    expect(last.byCause.unexplained).toBe(0);
    const funds = last.mismatches.filter((x) => x.field === 'funds');
    expect(funds.length).toBeGreaterThan(10);
    for (const x of funds) {
      expect(x.cause).toBe('fee_rule');
      expect(x.detail).toMatch(/minimum commission applied per fill by oms-new, per order by o32/);
      expect(x.legacy - x.shadow).toBe(x.amount); // the new OMS charged the fund exactly this much more
    }
    expect(op.sim.cutover().recon!.unclassified).toBe(funds.length);
  });

  it('a wrong classification is graded wrong against the engine\u2019s cause, and stays counted after a correction', () => {
    const op = team().doStep('alice', 'recon-1');
    const breaks = op.sim.cutover().recon!.last!.mismatches.filter((x) => x.field === 'funds').length;
    op.input('alice', { type: 'classify_break', field: 'funds', as: 'timing' });
    let r = op.sim.cutover().recon!;
    expect([r.classified, r.misclassified, r.unclassified]).toEqual([breaks, breaks, 0]);
    expect(op.timeline('input').at(-1)).toBe(`${breaks} break(s) classified as timing`); // the trainee's line does not say it was wrong
    op.doStep('alice', 'classify');
    expect(op.step('classify').verified).toBe('failed');
    op.input('alice', { type: 'classify_break', account: r.last!.mismatches[0]!.account, field: 'funds', as: 'fee_rule' });
    r = op.sim.cutover().recon!;
    expect([r.classified, r.misclassified]).toEqual([breaks + 1, breaks]);
    expect(r.classes.find((c) => c.account === r.last!.mismatches[0]!.account)).toMatchObject({ as: 'fee_rule', cause: 'fee_rule', actor: 'alice' });
    op.input('alice', { type: 'classify_break', account: 59, field: 'orders', as: 'fee_rule' });
    expect(op.timeline('refused').at(-1)).toMatch(/lists no break of account 59 in orders/);
  });

  it('never fixed: three days with breaks, no clean day, not switchable; switching anyway is a wrong decision', () => {
    const op = mondayEvening().at('D+2 17:45');
    const r = op.sim.cutover().recon!;
    expect(r.days.map((d) => [d.date, d.breaks > 0])).toEqual([
      ['2026-03-02', true],
      ['2026-03-03', true],
      ['2026-03-04', true],
    ]);
    expect(r.cleanDays).toBe(0);
    expect(op.sim.cutover().switchable).toBe(false);
    op.input('lena', { type: 'switch_primary', to: 'new' });
    expect(op.sim.cutover().switchedDirty).toBe(1);
    expect(op.timeline('wrong_decision').at(-1)).toMatch(/WITH DIRTY EVIDENCE: \d+ open reconciliation breaks .*; only 0 of 2 consecutive clean days/);
  });

  it('fixed on Tuesday evening: only Wednesday is clean, one of two, and the gate criteria fail', () => {
    const op = mondayEvening().at('D+1 16:00');
    fix(op).at('D+2 17:45');
    const r = op.sim.cutover().recon!;
    expect(r.days.map((d) => d.breaks === 0)).toEqual([false, false, true]);
    expect(r.cleanDays).toBe(1);
    expect(op.sim.cutover().switchable).toBe(false);
    op.input('alice', { type: 'step_start', step: 'clean-days' }).input('alice', { type: 'step_done', step: 'clean-days' });
    expect(op.step('clean-days').verified).toBe('failed');
  });

  it('a switch is refused mid-session and before the night\u2019s clearing has posted: it happens at a day boundary', () => {
    const op = team().at('10:30');
    op.input('lena', { type: 'switch_primary', to: 'new' });
    expect(op.timeline('refused').at(-1)).toMatch(/^switch_primary refused: mid-session; switch at a day boundary/);
    expect(op.sim.cutover().primary).toBe('legacy');
    const evening = mondayEvening(); // 16:00: the close has passed, the settlement files have not been posted
    evening.input('lena', { type: 'switch_primary', to: 'new' });
    expect(evening.timeline('refused').at(-1)).toMatch(/night's clearing has not finished/);
    expect(evening.sim.cutover()).toMatchObject({ primary: 'legacy', switchedDirty: 0 });
  });

  it('the happy path: fixed Monday, clean Tuesday and Wednesday, switch Wednesday night, Thursday and its night clean on the new OMS', () => {
    const op = wednesdayNight();
    expect(op.sim.cutover().recon!.days.map((d) => d.breaks === 0)).toEqual([false, true, true]);
    expect(op.sim.cutover()).toMatchObject({ switchable: true, recon: { cleanDays: 2 } });
    op.decide('lena', 'switch-gate', 'go', 'two consecutive clean days, clearing posted');
    expect(op.step('switch-gate')).toMatchObject({ decision: 'go', wrong: false, verified: 'passed' });
    op.doStep('bob', 'switch');
    op.input('alice', { type: 'step_start', step: 'watch' }).at('D+3 19:00').input('alice', { type: 'step_done', step: 'watch' });
    const rb = op.sim.cutover().runbook!;
    expect(rb.steps.filter((s) => s.path === 'forward').map((s) => [s.id, s.status, s.verified])).toEqual([
      ['recon-1', 'done', 'passed'],
      ['classify', 'done', 'passed'],
      ['fix-fee-rule', 'done', 'passed'],
      ['recon-2', 'done', 'passed'],
      ['clean-days', 'done', 'passed'],
      ['switch-gate', 'done', 'passed'],
      ['switch', 'done', 'passed'],
      ['watch', 'done', 'passed'],
    ]);
    expect(rb.complete && !rb.overdue).toBe(true);
    const c = op.sim.cutover();
    expect(c).toMatchObject({ primary: 'new', switchedDirty: 0, recon: { cleanDays: 3, misclassified: 0 } });
    expect(c.recon!.days.at(-1)!.date).toBe('2026-03-05');
    expect(op.node('oms-new').processed).toBeGreaterThan(10_000); // Thursday's flow went through the new OMS
    expect(op.sim.engineValue('night.doublePosted')).toBe(0);
    expect(op.sim.metrics().orders.failed).toBe(0);
    expect(c.halted).toBeNull();
  });

  it('the rollback waits for the day boundary too, and restores the legacy path with books that balance', () => {
    const op = wednesdayNight();
    op.decide('lena', 'switch-gate', 'go', 'clean').doStep('bob', 'switch').at('D+3 10:30');
    op.input('lena', { type: 'switch_primary', to: 'legacy' });
    expect(op.timeline('refused').at(-1)).toMatch(/^switch_primary refused: mid-session/);
    expect(op.sim.cutover().primary).toBe('new');
    op.at('D+3 17:45').input('lena', { type: 'start_rollback', reason: 'traders report slow acks on the new OMS' });
    op.doStep('bob', 'switch-back');
    expect(op.step('switch-back')).toMatchObject({ status: 'done', verified: 'passed' });
    expect(op.sim.cutover().runbook!.complete).toBe(true);
    const audit = op.sim.audit();
    expect(audit.cashBreaks).toEqual([]);
    expect(audit.ordersInFlight).toBe(audit.ordersInFlightByCount);
    expect(op.sim.cutover().primary).toBe('legacy');
  });

  it('over days the same inputs give the same state hash, and a snapshot restored at night goes on identically', () => {
    const night = mondayEvening().at('20:00');
    const restored = night.fork();
    night.at('D+1 20:00');
    restored.at('D+1 20:00');
    expect(restored.sim.stateHash()).toBe(night.sim.stateHash());
    const fresh = classified(team()).at('D+1 20:00');
    expect(fresh.sim.stateHash()).toBe(night.sim.stateHash());
    fresh.input('alice', { type: 'classify_break', account: 0, as: 'unexplained' });
    expect(fresh.sim.stateHash()).not.toBe(night.sim.stateHash()); // the hash sees a classification
  });
});
