import { describe, expect, it } from 'vitest';
import { loadLibraryScenario, Operator } from './operator.ts';

const sc = loadLibraryScenario('weekend-counter-cutover');

/** Friday night and Saturday as the team runs them: stop after clearing, back up, convert, check, joint tests. */
function throughSaturday(clean: boolean): Operator {
  const op = new Operator(sc).at('17:00').claim('he', 'counter').claim('dai', 'dba').claim('lena', 'lead');
  op.input('he', { type: 'step_start', step: 'stop-legacy' });
  expect(op.timeline('refused').at(-1)).toMatch(/stop-legacy: precondition does not hold: night.ready is false/); // Friday's clearing is not done yet
  op.at('18:30').doStep('he', 'stop-legacy').doStep('dai', 'backup').signoff('he', 'backup');
  op.doStep('dai', 'convert').doStep('dai', 'full-check');
  if (clean) op.doStep('dai', 'clean').doStep('dai', 'recheck');
  op.doStep('he', 'params').doStep('he', 'joint-exchange').doStep('he', 'joint-csdc').doStep('he', 'joint-bank');
  return op;
}

describe('weekend-counter-cutover: the cutover weekend on E2 timeline', () => {
  it('the happy path: stop after Friday clearing, convert and check by Saturday, go on Sunday, Monday opens on the new counter', () => {
    const op = throughSaturday(true);
    expect(op.step('recheck')).toMatchObject({ status: 'done', verified: 'passed' });
    expect(op.sim.now).toBeLessThan(sc.runbook!.window.start + 86_400_000_000 + 3_600_000_000); // the weekend's work is done by Saturday 19:30
    op.at('D+2 10:00').decide('lena', 'go-no-go', 'go', 'full check clean, joint tests passed');
    expect(op.step('go-no-go')).toMatchObject({ wrong: false });
    op.doStep('he', 'switch').at('D+3 08:30').doStep('he', 'monday-check');
    expect(op.step('monday-check')).toMatchObject({ status: 'done', verified: 'passed' });
    const rb = op.sim.cutover().runbook!;
    expect(rb.complete && !rb.overdue).toBe(true);
    op.at('D+3 09:45');
    expect(op.node('counter-new').processed).toBeGreaterThan(3000); // Monday's open through the new counter
    expect(op.sim.metrics().orders.failed).toBe(0);
    expect(op.sim.cutover().halted).toBeNull();
  });

  it('a go on Sunday before the broken records are cleaned is a wrong decision; the rollback restores the legacy counter, nothing lost', () => {
    const op = throughSaturday(false).at('D+2 10:00');
    op.decide('lena', 'go-no-go', 'go', 'joint tests passed');
    expect(op.step('go-no-go')).toMatchObject({ wrong: true });
    op.doStep('he', 'switch');
    op.input('lena', { type: 'start_rollback', reason: 'the full check found broken positions that were never cleaned' });
    op.doStep('he', 'switch-back').doStep('dai', 'restart-legacy').signoff('he', 'restart-legacy').signoff('lena', 'restart-legacy');
    op.at('D+3 08:30').doStep('he', 'legacy-open-check');
    expect(op.step('legacy-open-check')).toMatchObject({ status: 'done', verified: 'passed' });
    op.at('D+3 09:45');
    expect(op.node('counter').processed).toBeGreaterThan(3000); // Monday opens on the legacy version
    expect(op.sim.metrics().orders.failed).toBe(0);
    expect(op.sim.cutover().halted).toBeNull();
  });
});
