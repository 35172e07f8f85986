import { describe, expect, it } from 'vitest';
import { loadLibraryScenario, Operator } from './operator.ts';

const sc = loadLibraryScenario('weekend-counter-upgrade');

/** Dan is the DBA, Cindy and Eve run the counter, Lena leads. Everything up to the gate. */
function toTheGate(): Operator {
  const op = new Operator(sc).at('06:00').claim('dan', 'dba').claim('cindy', 'counter').claim('eve', 'counter').claim('lena', 'lead');
  op.doStep('dan', 'backup').signoff('cindy', 'backup');
  op.doStep('cindy', 'stop-legacy');
  op.doStep('dan', 'convert');
  // The DBA validates and cleans while the counter team loads parameters and smoke-tests (parallel branches).
  op.input('cindy', { type: 'step_start', step: 'params' });
  op.doStep('dan', 'validate');
  op.input('cindy', { type: 'step_done', step: 'params' });
  op.input('cindy', { type: 'step_start', step: 'smoke' });
  op.doStep('dan', 'clean');
  op.input('cindy', { type: 'step_done', step: 'smoke' });
  op.doStep('dan', 'revalidate');
  return op;
}

describe('weekend-counter-upgrade: a no-go and the rollback', () => {
  it('the validation rounds find dirty records but not all of them, so the gate criteria fail', () => {
    const op = toTheGate();
    const mig = op.sim.cutover().migration!;
    expect(mig.records).toBeGreaterThan(20); // about 2% of 2,000 accounts
    expect(mig.rounds).toBe(2);
    expect(mig.cleaned).toBeGreaterThan(mig.records / 2); // the first round's finds were cleaned
    expect(mig.found).toBeGreaterThan(0); // the second round still finds more
    expect(mig.dirty).toBe(mig.records - mig.cleaned);
    expect(op.step('clean').verified).toBe('passed');
    expect(
      op.sim
        .cutover()
        .runbook!.steps.filter((s) => s.path === 'forward' && s.kind === 'step' && s.status !== 'pending')
        .map((s) => s.id),
    ).toEqual(['backup', 'stop-legacy', 'convert', 'validate', 'clean', 'revalidate', 'params', 'smoke']);
  });

  it('the happy path: no-go, rollback inside the window, Monday opens on the legacy counter with no lost orders', () => {
    const op = toTheGate();
    op.decide('lena', 'go-no-go', 'no_go', 'the second validation round still finds wrong sellable positions');
    const gate = op.step('go-no-go');
    expect(gate).toMatchObject({ decision: 'no_go', wrong: false, verified: 'failed' });
    expect(gate.failures.join()).toMatch(/migration.dirty is \d+, wanted == 0/);
    const rb0 = op.sim.cutover().runbook!;
    expect(rb0.mode).toBe('rollback');
    expect(op.step('switch-back').status).toBe('skipped'); // the clients were never switched
    op.input('cindy', { type: 'step_start', step: 'switch' });
    expect(op.timeline('refused').at(-1)).toMatch(/rolling back: switch is on the forward path/);

    op.doStep('cindy', 'restart-legacy').signoff('cindy', 'restart-legacy');
    expect(op.timeline('refused').at(-1)).toBe('cindy did restart-legacy and cannot also sign it off');
    op.signoff('eve', 'restart-legacy').signoff('lena', 'restart-legacy');
    op.doStep('cindy', 'legacy-open-check');
    const rb = op.sim.cutover().runbook!;
    expect(rb.complete && !rb.overdue && rb.rtoMet).toBe(true);
    expect(rb.slack).toBeGreaterThan(0);
    expect(rb.steps.filter((s) => s.path === 'rollback').map((s) => [s.id, s.status, s.verified])).toEqual([
      ['switch-back', 'skipped', 'unchecked'],
      ['restart-legacy', 'done', 'passed'],
      ['legacy-open-check', 'done', 'passed'],
    ]);

    op.at('10:00');
    const m = op.sim.metrics();
    expect(m.orders.created).toBeGreaterThan(50_000);
    expect(m.orders.failed).toBe(0);
    expect(op.node('counter').processed).toBeGreaterThan(50_000);
    expect(op.node('counter-new').processed).toBe(0);
    expect(op.sim.cutover().halted).toBeNull();
    expect(op.sim.audit()).toMatchObject({ cashBreaks: [], negativePositions: 0 });
  });

  it('a go against failing criteria is recorded as the wrong decision, and the switch as dirty', () => {
    const op = toTheGate();
    op.decide('lena', 'go-no-go', 'go', 'we are behind schedule; clean the rest on Monday');
    expect(op.step('go-no-go')).toMatchObject({ decision: 'go', wrong: true });
    expect(op.timeline('wrong_decision')[0]).toMatch(/decides GO at go-no-go: .* \(criteria fail: migration.dirty is \d+, wanted == 0\) — WRONG DECISION/);
    op.doStep('cindy', 'switch');
    expect(op.step('switch')).toMatchObject({ status: 'failed', verified: 'failed' });
    expect(op.step('switch').failures).toEqual(['cutover.switchedDirty is 1, wanted == 0']);
    expect(op.timeline('wrong_decision')[1]).toMatch(/WITH DIRTY EVIDENCE: \d+ dirty migrated records/);
    // Monday: the wrong sellable quantities reach the clients on the new counter.
    op.at('10:00');
    expect(op.node('counter-new').rejected).toBeGreaterThan(0);
  });
});
