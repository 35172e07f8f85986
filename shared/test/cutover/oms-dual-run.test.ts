import { describe, expect, it } from 'vitest';
import { loadLibraryScenario, Operator } from './operator.ts';

const sc = loadLibraryScenario('oms-dual-run-fee-rule');

/** The team takes its roles at the start of the window. */
function team(): Operator {
  return new Operator(sc).at('09:40').claim('alice', 'ops').claim('carol', 'ops').claim('bob', 'oms').claim('lena', 'lead');
}

/** Reconcile, classify, fix the fee rule, re-run, reconcile clean: the path to a justified go. */
function toTheGate(op: Operator): Operator {
  op.doStep('alice', 'recon-1');
  op.doStep('alice', 'classify').signoff('lena', 'classify');
  op.doStep('bob', 'fix-fee-rule');
  op.doStep('alice', 'recon-2').signoff('carol', 'recon-2').signoff('lena', 'recon-2');
  return op;
}

describe('oms-dual-run-fee-rule: dual-run before switching an OMS', () => {
  it('reconciliation finds the per-fill minimum commission as the cause of every break', () => {
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
  });

  it('the happy path: fix, re-run, reconcile clean, go, switch, every verification passes', () => {
    const op = toTheGate(team());
    expect(op.step('recon-2')).toMatchObject({ status: 'done', verified: 'passed', signoffs: ['carol', 'lena'] });
    op.decide('lena', 'switch-gate', 'go', 'two reconciliations, fee rule fixed, no unexplained breaks');
    expect(op.step('switch-gate')).toMatchObject({ decision: 'go', wrong: false, verified: 'passed' });
    op.doStep('bob', 'switch').doStep('alice', 'watch');
    const rb = op.sim.cutover().runbook!;
    expect(rb.steps.filter((s) => s.path === 'forward').map((s) => [s.id, s.status, s.verified])).toEqual([
      ['recon-1', 'done', 'passed'],
      ['classify', 'done', 'passed'],
      ['fix-fee-rule', 'done', 'passed'],
      ['recon-2', 'done', 'passed'],
      ['switch-gate', 'done', 'passed'],
      ['switch', 'done', 'passed'],
      ['watch', 'done', 'passed'],
    ]);
    expect(rb.complete && !rb.overdue && rb.rtoMet).toBe(true);
    expect(op.sim.cutover().switchedDirty).toBe(0);
    // After the switch the new OMS carries the flow and the books still agree with O32's shadow.
    op.at('11:00').input('alice', { type: 'reconcile' });
    const after = op.sim.cutover().recon!.last!;
    expect(after.total - after.byCause.timing).toBe(0);
    expect(op.node('oms-new').processed).toBeGreaterThan(5000);
    expect(op.sim.metrics().orders.failed).toBe(0);
    expect(op.sim.cutover().halted).toBeNull();
  });

  it('switching with a dirty reconciliation is detected and recorded as a wrong decision', () => {
    const op = team().doStep('alice', 'recon-1');
    op.input('lena', { type: 'switch_primary', to: 'new' });
    const c = op.sim.cutover();
    expect(c.primary).toBe('new');
    expect(c.switchedDirty).toBe(1);
    expect(op.timeline('wrong_decision').join('\n')).toMatch(/primary switched to oms-new \(new\) WITH DIRTY EVIDENCE: \d+ open reconciliation breaks/);
  });

  it('a step whose precondition fails is refused, and a step cannot start before its predecessors', () => {
    const op = team();
    op.input('bob', { type: 'step_start', step: 'fix-fee-rule' });
    expect(op.step('fix-fee-rule').status).toBe('pending');
    expect(op.timeline('refused').at(-1)).toBe('fix-fee-rule waits for classify (pending)');
    op.input('mallory', { type: 'step_start', step: 'recon-1' });
    expect(op.timeline('refused').at(-1)).toBe('recon-1 is owned by the ops role, which mallory has not claimed');
    op.doStep('alice', 'classify');
    expect(op.step('classify').status).toBe('pending');
  });

  it('the rollback restores the legacy path with no lost orders', () => {
    const op = toTheGate(team());
    op.decide('lena', 'switch-gate', 'go', 'clean');
    op.doStep('bob', 'switch');
    op.wait('3m');
    const onNew = op.node('oms-new').processed;
    expect(onNew).toBeGreaterThan(500);
    op.input('lena', { type: 'start_rollback', reason: 'traders report slow acks on the new OMS' });
    expect(op.sim.cutover().runbook!.mode).toBe('rollback');
    expect(op.step('switch-back').status).toBe('pending');
    op.doStep('bob', 'switch-back');
    expect(op.step('switch-back')).toMatchObject({ status: 'done', verified: 'passed' });
    expect(op.sim.cutover().runbook!.complete).toBe(true);
    const legacyBefore = op.node('o32').processed;
    const newAfterRollback = op.node('oms-new').processed;
    op.at('11:35');
    const m = op.sim.metrics();
    expect(m.orders.failed).toBe(0);
    expect(op.node('o32').processed - legacyBefore).toBeGreaterThan(5000);
    expect(op.node('oms-new').processed - newAfterRollback).toBeLessThan(50); // only reports of its own orders
    const audit = op.sim.audit();
    expect(audit.cashBreaks).toEqual([]);
    expect(audit.ordersInFlight).toBe(audit.ordersInFlightByCount);
    expect(op.sim.cutover().primary).toBe('legacy');
  });

  it('the same inputs give the same state hash, and the hash sees the runbook', () => {
    const a = toTheGate(team());
    const b = toTheGate(team());
    expect(a.sim.stateHash()).toBe(b.sim.stateHash());
    b.input('lena', { type: 'claim_role', role: 'ops' });
    expect(a.sim.stateHash()).not.toBe(b.sim.stateHash());
  });
});
