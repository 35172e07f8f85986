import { describe, expect, it } from 'vitest';
import { loadLibraryScenario, Operator } from './operator.ts';

const sc = loadLibraryScenario('night-clearing-late-file');

function untilSzFile(): Operator {
  const op = new Operator(sc).at('16:30').claim('zhou', 'clearing').claim('wu', 'bank').claim('he', 'counter').claim('lena', 'lead');
  op.doStep('zhou', 'receive-sh').doStep('zhou', 'clear-sh');
  op.input('zhou', { type: 'step_start', step: 'receive-sz' });
  expect(op.timeline('refused').at(-1)).toMatch(/receive-sz: precondition does not hold: file.sz-settle.arrived is false/);
  op.at('18:31');
  return op.doStep('zhou', 'receive-sz');
}

describe('night-clearing-late-file: a late, corrupt settlement file', () => {
  it('the happy path: hold, re-send, rerun from the checkpoint, initialise before 22:30', () => {
    const op = untilSzFile();
    expect(op.step('receive-sz')).toMatchObject({ status: 'failed', failures: ['file.sz-settle.valid is false, wanted == true'] });
    op.input('zhou', { type: 'step_start', step: 'clear-sz' });
    expect(op.timeline('refused').at(-1)).toBe('clear-sz waits for receive-sz (failed)'); // dependent steps held
    op.doStep('zhou', 'request-resend');
    op.at('19:00').doStep('zhou', 'receive-sz'); // second attempt on the re-sent file
    expect(op.step('receive-sz')).toMatchObject({ status: 'done', verified: 'passed' });
    op.doStep('zhou', 'clear-sz');
    op.doStep('wu', 'bank-recon').signoff('zhou', 'bank-recon');
    op.decide('lena', 'init-gate', 'go', 'both settlement files check out, bank reconciled');
    expect(op.step('init-gate')).toMatchObject({ wrong: false, verified: 'passed' });
    op.doStep('he', 'next-day-init').doStep('he', 'fast-sync');
    const rb = op.sim.cutover().runbook!;
    expect(rb.complete && !rb.overdue).toBe(true);
    expect(rb.slack).toBeGreaterThan(0);
    const clear = rb.steps.find((s) => s.id === 'receive-sz')!;
    expect(clear.plannedStart).toBe(rb.windowStart); // planned at 16:30, done hours later
    expect(op.timeline('file').join('\n')).toMatch(/SZ settlement file, due 17:00\) arrived: control totals DO NOT match[\s\S]*re-sent and arrived: control totals match/);
    expect(op.step('next-day-init')).toMatchObject({ status: 'done', verified: 'passed' }); // the batch did initialise
    expect(op.timeline('file').join('\n')).toMatch(
      /clearing stops at its checkpoint \(1 of 2 files posted\): sz-settle fails its control totals[\s\S]*SZ settlement file, due 17:00\) posted\nnext-day initialisation done/,
    );
    expect(op.timeline('file').filter((x) => x.includes('posted again'))).toEqual([]);
    op.at('23:30');
    expect(op.sim.cutover().halted).toBeNull();
  });

  it('without the rerun the batch stays at its checkpoint and next-day initialisation fails its check', () => {
    const plain = structuredClone(sc);
    plain.runbook!.steps.find((x) => x.id === 'clear-sz')!.commands = [];
    const op = new Operator(plain).at('16:30').claim('zhou', 'clearing').claim('wu', 'bank').claim('he', 'counter').claim('lena', 'lead');
    op.doStep('zhou', 'receive-sh').doStep('zhou', 'clear-sh').at('18:31').doStep('zhou', 'receive-sz').doStep('zhou', 'request-resend');
    op.at('19:00').doStep('zhou', 'receive-sz').doStep('zhou', 'clear-sz');
    op.doStep('wu', 'bank-recon').signoff('zhou', 'bank-recon');
    op.decide('lena', 'init-gate', 'go', 'both settlement files check out, bank reconciled');
    op.doStep('he', 'next-day-init');
    expect(op.step('next-day-init')).toMatchObject({ verified: 'failed' });
    expect(op.step('next-day-init').failures).toContain('night.ready is false, wanted == true');
  });

  it('a rerun from scratch overruns the deadline and the stop condition halts the night', () => {
    const op = untilSzFile().doStep('zhou', 'request-resend');
    op.at('19:00').doStep('zhou', 'receive-sz');
    op.doStep('zhou', 'clear-sz', '4h'); // cleared everything again from scratch
    op.at('23:30');
    const c = op.sim.cutover();
    expect(c.halted).toMatchObject({ by: 'stop_condition', id: 'init-deadline' });
    expect(c.halted!.reason).toContain('next-day initialisation missed the 22:30 deadline; the night bank-transfer window cannot open (runbook.overdue == true: runbook.overdue = true)');
    expect(c.halted!.at).toBe(sc.runbook!.window.deadline + 1_000_000);
  });
});
