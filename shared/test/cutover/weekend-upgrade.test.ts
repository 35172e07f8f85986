import { describe, expect, it } from 'vitest';
import { readRepoFile } from '../../scripts/repo-files.mjs';
import { parseScenario } from '../../src/scenario/parse.ts';
import { loadLibraryScenario, Operator } from './operator.ts';

const sc = loadLibraryScenario('weekend-counter-upgrade');

/** Friday night and Saturday: stop after clearing, back up, convert, the totals check finds the margin rule, clean, totals pass, joint tests. */
function toTheTotals(): Operator {
  const op = new Operator(sc).at('17:00').claim('dan', 'dba').claim('cindy', 'counter').claim('eve', 'counter').claim('lena', 'lead');
  op.input('cindy', { type: 'step_start', step: 'stop-legacy' });
  expect(op.timeline('refused').at(-1)).toMatch(/stop-legacy: precondition does not hold: night.ready is false/); // Friday's clearing is not done
  op.at('18:30').doStep('cindy', 'stop-legacy').doStep('dan', 'backup').signoff('cindy', 'backup');
  op.doStep('dan', 'convert').doStep('dan', 'totals-check');
  op.doStep('dan', 'clean').doStep('dan', 'totals-recheck');
  op.doStep('cindy', 'params').doStep('cindy', 'joint-exchange').doStep('eve', 'joint-csdc').doStep('eve', 'joint-bank');
  return op;
}

describe('weekend-counter-upgrade: the conversion traps on the E2 timeline', () => {
  it('the totals check finds every margin account broken by one rule, and after cleaning it passes while the skipped fields stay wrong', () => {
    const op = toTheTotals();
    expect(op.step('totals-check')).toMatchObject({ status: 'done', verified: 'passed' });
    expect(op.timeline('migration')[1]).toMatch(/totals check .* finds \d+ dirty records .*position \d+; 200 of them are margin accounts, every one of that class/);
    expect(op.step('totals-recheck')).toMatchObject({ status: 'done', verified: 'passed' });
    const mig = op.sim.cutover().migration!;
    expect(mig).toMatchObject({ found: 0, classBroken: 0, fullChecks: 0 });
    expect(mig.skipped).toBeGreaterThan(20); // fee templates, permissions, bank links: about 2% of accounts
    expect(mig.dirty).toBe(mig.skipped); // nothing else is left wrong
    expect(op.sim.now).toBeLessThan(sc.runbook!.window.start + 86_400_000_000); // by Saturday night
  });

  it('the happy path: the full check finds the skipped fields, they are fixed, GO on Sunday, Monday opens on the new counter', () => {
    const op = toTheTotals().doStep('dan', 'full-check');
    expect(op.sim.cutover().migration!).toMatchObject({ found: op.sim.cutover().migration!.skipped, unfound: 0, fullChecks: 1 });
    const found = op.timeline('migration').at(-1)!;
    expect(found).toMatch(/^full check .* finds \d+ dirty records/);
    for (const field of ['fee_template', 'permission', 'bank_link']) expect(found).toMatch(new RegExp(`${field} \\d+`));
    op.doStep('dan', 'fix-fields');
    expect(op.step('fix-fields')).toMatchObject({ status: 'done', verified: 'passed' });
    op.at('D+2 10:00').decide('lena', 'go-no-go', 'go', 'full check clean, joint tests passed');
    expect(op.step('go-no-go')).toMatchObject({ decision: 'go', wrong: false, verified: 'passed' });
    op.doStep('cindy', 'switch').at('D+3 08:30').doStep('cindy', 'monday-check');
    expect(op.step('monday-check')).toMatchObject({ status: 'done', verified: 'passed' });
    const rb = op.sim.cutover().runbook!;
    expect(rb.complete && !rb.overdue).toBe(true);
    op.at('D+3 09:45');
    expect(op.node('counter-new').processed).toBeGreaterThan(3000);
    expect(op.sim.metrics().orders.failed).toBe(0);
    expect(op.sim.cutover()).toMatchObject({ halted: null, switchedDirty: 0 });
  });

  it('a GO on Sunday after a totals check that passed is the wrong decision; the 4 h restore still fits before Monday, nothing lost', () => {
    const op = toTheTotals().at('D+2 10:00');
    op.decide('lena', 'go-no-go', 'go', 'totals match, joint tests passed');
    expect(op.step('go-no-go')).toMatchObject({ decision: 'go', wrong: true });
    expect(op.timeline('wrong_decision')[0]).toMatch(/criteria fail: migration.dirty is \d+, wanted == 0/);
    op.doStep('cindy', 'switch');
    expect(op.step('switch').failures).toEqual(['cutover.switchedDirty is 1, wanted == 0']);
    expect(op.timeline('wrong_decision')[1]).toMatch(/WITH DIRTY EVIDENCE: \d+ dirty migrated records/);
    op.input('lena', { type: 'start_rollback', reason: 'the full check was never run: fee templates, permissions and bank links unchecked' });
    op.doStep('cindy', 'switch-back').doStep('dan', 'restart-legacy').signoff('dan', 'restart-legacy');
    expect(op.timeline('refused').at(-1)).toBe('dan did restart-legacy and cannot also sign it off');
    op.signoff('cindy', 'restart-legacy').signoff('lena', 'restart-legacy');
    expect(op.step('restart-legacy')).toMatchObject({ status: 'done', verified: 'passed', expected: 4 * 3_600_000_000 }); // hours, not minutes (E2)
    op.at('D+3 08:30').doStep('cindy', 'legacy-open-check');
    const rb = op.sim.cutover().runbook!;
    expect(rb).toMatchObject({ mode: 'rollback', complete: true, overdue: false });
    op.at('D+3 09:45');
    expect(op.node('counter').processed).toBeGreaterThan(3000); // Monday opens on the legacy version
    expect(op.sim.metrics().orders.failed).toBe(0);
    expect(op.sim.cutover().halted).toBeNull();
    expect(op.sim.audit()).toMatchObject({ cashBreaks: [], negativePositions: 0 });
  });

  it('a GO with the margin accounts still broken puts their short positions in front of clients', () => {
    const op = new Operator(sc).at('18:30').claim('dan', 'dba').claim('cindy', 'counter').claim('lena', 'lead');
    op.doStep('cindy', 'stop-legacy').doStep('dan', 'backup').signoff('cindy', 'backup').doStep('dan', 'convert');
    op.input('cindy', { type: 'switch_primary', to: 'new' });
    expect(op.timeline('wrong_decision').at(-1)).toMatch(/WITH DIRTY EVIDENCE: 2\d\d dirty migrated records/);
    expect(op.sim.cutover().migration!.classBroken).toBe(200);
  });

  it('a broken class the scenario does not have is an error at its field', () => {
    const text = readRepoFile('scenarios/weekend-counter-upgrade.yaml').replace('brokenClass: { class: margin', 'brokenClass: { class: institutional');
    const r = parseScenario(text, 'x.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.path, e.message])).toContainEqual(['migration.brokenClass.class', expect.stringMatching(/no account class "institutional"/)]);
  });
});
