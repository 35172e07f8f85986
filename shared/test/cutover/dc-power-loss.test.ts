import { describe, expect, it } from 'vitest';
import { loadLibraryScenario, Operator } from './operator.ts';

const sc = loadLibraryScenario('dc-power-loss-failover');

function respond(): Operator {
  const op = new Operator(sc).at('10:07:30').claim('wang', 'duty').claim('li', 'dba').claim('zhao', 'counter').claim('sun', 'gateway').claim('lena', 'lead');
  op.doStep('wang', 'declare');
  op.input('li', { type: 'step_start', step: 'failover-db' }); // in parallel with the counter
  op.doStep('zhao', 'failover-counter');
  op.input('li', { type: 'step_done', step: 'failover-db' });
  op.doStep('sun', 'resync');
  op.doStep('wang', 'reopen').signoff('lena', 'reopen');
  return op;
}

describe('dc-power-loss-failover: primary data centre power loss during trading', () => {
  it('the happy path: fail over, resync, reopen inside the 20-minute RTO with books matching the exchange', () => {
    const op = respond();
    const rb = op.sim.cutover().runbook!;
    expect(rb.steps.map((s) => [s.id, s.status, s.verified])).toEqual([
      ['declare', 'done', 'unchecked'],
      ['failover-db', 'done', 'unchecked'],
      ['failover-counter', 'done', 'passed'],
      ['resync', 'done', 'passed'],
      ['reopen', 'done', 'passed'],
    ]);
    expect(rb.complete && rb.rtoMet && !rb.overdue).toBe(true);
    expect(rb.elapsed).toBeLessThan(20 * 60_000_000);
    expect(op.timeline('resync').join('\n')).toMatch(/gw-s\w+ resyncs [1-9]\d* missed reports from the exchange/);
    op.at('10:45');
    expect(op.sim.cutover().halted).toBeNull();
    expect(op.node('counter-dr').processed).toBeGreaterThan(50_000);
    // The ledger took every fill the exchange reported: funds conserved, nothing left unposted.
    expect(op.sim.audit()).toMatchObject({ cashBreaks: [], negativePositions: 0 });
    expect(op.sim.cutover().resyncMissing).toBe(0);
    // The database stayed up: promoting its standby was a switchover, and the replication tail was not lost.
    expect(op.sim.metrics().dr).toMatchObject({ lag: 8000, unapplied: 0, lostOrders: 0, missing: 0, incidentClass: 'none' });
  });

  it('without a response the stop condition halts the run and says why', () => {
    const op = new Operator(sc).at('10:45');
    const c = op.sim.cutover();
    expect(c.halted).toMatchObject({ by: 'stop_condition', id: 'major-incident' });
    expect(c.halted!.reason).toMatch(/over 30,000 client submissions failed; .* \(orders.failed > 30000: orders.failed = 300\d\d\)$/);
    expect(c.timeline.at(-1)).toMatchObject({ kind: 'halt', actor: 'guardrail' });
    // Frozen where it stopped: time and state no longer move.
    expect(op.sim.now).toBe(c.halted!.at);
    const hash = op.sim.stateHash();
    op.at('10:50');
    expect(op.sim.stateHash()).toBe(hash);
    expect(c.halted!.at).toBeGreaterThan(sc.runbook!.window.start + 8 * 60_000_000);
    expect(c.halted!.at).toBeLessThan(sc.runbook!.window.start + 10 * 60_000_000);
  });

  it('the lead\u2019s emergency stop ends every active fault and freezes the run', () => {
    const op = new Operator(sc).at('10:08');
    op.input('lena', { type: 'inject_fault', fault: { id: 'sz-line-loss', kind: 'loss', target: 'gw-szse--szse', loss: 0.2 } });
    expect(op.sim.metrics().nodes.find((n) => n.id === 'counter')!.state).toBe('down');
    op.input('lena', { type: 'emergency_stop', reason: 'wrong machine room powered down in the rehearsal' });
    const c = op.sim.cutover();
    expect(c.halted).toMatchObject({ by: 'emergency_stop', id: 'lena' });
    expect(c.timeline.filter((e) => e.kind === 'fault_ended').map((e) => e.text)).toEqual(['emergency stop ends fault ups-power-loss', 'emergency stop ends fault sz-line-loss']);
    expect(c.timeline.at(-1)).toMatchObject({ kind: 'emergency_stop', actor: 'lena', text: 'emergency stop by lena: wrong machine room powered down in the rehearsal' });
    const m = op.sim.metrics();
    expect(m.nodes.find((n) => n.id === 'counter')!.state).toBe('up'); // the crash ended with the stop
    expect(m.links.find((l) => l.id === 'gw-szse--szse')!.connected).toBe(true);
    const now = op.sim.now;
    op.at('10:30');
    expect(op.sim.now).toBe(now);
  });
});
