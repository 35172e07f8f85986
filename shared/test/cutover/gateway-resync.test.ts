import { describe, expect, it } from 'vitest';
import { loadLibraryScenario, Operator } from './operator.ts';

const sc = loadLibraryScenario('gateway-disconnect-resync');

describe('gateway-disconnect-resync: report resync after a gateway disconnect', () => {
  it('the happy path: hold the PBU, re-logon, resync, and the books match the exchange again', () => {
    const op = new Operator(sc).at('10:05:20').claim('sun', 'gateway').claim('zhao', 'counter').claim('qian', 'counter');
    op.doStep('sun', 'detect');
    op.input('sun', { type: 'step_start', step: 'relogon' });
    expect(op.timeline('refused').at(-1)).toMatch(/relogon: precondition does not hold: link.gw-sse-1--sse.connected is false, wanted true/);
    op.doStep('zhao', 'hold-pbu');
    // The line is back at 10:06:30; the books are behind the exchange until the resync.
    op.at('10:06:40');
    const before = op.sim.audit();
    expect(before.booksBehindExchange).toBeGreaterThan(0);
    expect(op.sim.cutover().resyncMissing).toBeGreaterThan(0);
    op.doStep('sun', 'relogon');
    op.doStep('sun', 'resync');
    expect(op.step('resync')).toMatchObject({ status: 'done', verified: 'passed' });
    op.doStep('zhao', 'reconcile-orders').signoff('qian', 'reconcile-orders');
    op.doStep('zhao', 'failback');
    const rb = op.sim.cutover().runbook!;
    expect(rb.steps.map((s) => [s.id, s.status])).toEqual([
      ['detect', 'done'],
      ['hold-pbu', 'done'],
      ['relogon', 'done'],
      ['resync', 'done'],
      ['reconcile-orders', 'done'],
      ['failback', 'done'],
    ]);
    expect(rb.complete && rb.rtoMet).toBe(true);
    op.at('10:30');
    const audit = op.sim.audit();
    expect(audit.booksBehindExchange).toBeLessThan(5); // only reports in flight at this instant
    expect(audit.cashBreaks).toEqual([]);
    expect(op.sim.cutover().resyncMissing).toBe(0);
    expect(op.sim.metrics().reports.gaps).toBe(0); // PBU 1 took up again exactly where the exchange was
  });

  it('without the resync the books stay behind the exchange', () => {
    const op = new Operator(sc).at('10:30');
    expect(op.sim.cutover().resyncMissing).toBeGreaterThan(0);
    expect(op.sim.audit().booksBehindExchange).toBeGreaterThan(0);
    expect(op.sim.metrics().reports.gaps).toBeGreaterThan(0); // the next reports on PBU 1 show the hole
  });
});
