import { describe, expect, it } from 'vitest';
import { loadLibraryScenario, Operator } from './operator.ts';
import type { Scenario } from '@twinlab/shared/scenario/schema';

/**
 * The shadow's own night clearing (engine/clearing.ts): Monday's SZ settlement file carries cash
 * dividend records for 000858 that the new OMS's clearing does not map. Intraday the books agree;
 * after clearing they differ by the dividend; fixing the mapping and rerunning the new system's
 * clearing from its checkpoint makes them agree again.
 */
function scenario(): Scenario {
  const sc = structuredClone(loadLibraryScenario('oms-dual-run-fee-rule'));
  sc.window.end = 19 * 3600e6; // Monday only, with Monday's two settlement files
  sc.files = sc.files.slice(0, 2);
  sc.night!.settlement = sc.night!.settlement.slice(0, 2);
  const node = sc.nodes.find((n) => n.id === 'oms-new')!;
  delete node.fees; // no fee-rule break: only the clearing one
  node.config = { ...node.config, 'clearing.cashDividend': 'skip' };
  sc.night!.settlement[1]!.dividends = [{ symbol: '000858', per10Shares: 3000 }]; // 每10股派30元, in fen
  return sc;
}

describe('first night clearing on the new system: an unmapped cash dividend', () => {
  it('intraday is clean, the post-clearing reconciliation shows the dividend, fix + rerun make it clean', () => {
    const op = new Operator(scenario()).at('15:00');
    op.input('ops', { type: 'reconcile' });
    expect(op.sim.cutover().recon!.last).toMatchObject({ checkpoint: 'intraday', total: 0 });
    op.at('18:05').input('ops', { type: 'reconcile' });
    const post = op.sim.cutover().recon!.last!;
    expect(post.checkpoint).toBe('post_clearing');
    expect(post.byCause.corporate_action).toBeGreaterThan(0);
    expect(post.total).toBe(post.byCause.corporate_action);
    expect(op.timeline('file').join('\n')).toMatch(/oms-new clearing of sz-1: \d+ records of business type cash dividend/);
    expect(op.sim.audit().cashBreaks).toEqual([]); // the primary's books account for the dividend
    expect(op.sim.cutover().recon!.days.at(-1)!.breaks).toBeGreaterThan(0); // the day is judged on its post-clearing check

    const snap = op.fork();
    expect(snap.sim.stateHash()).toBe(op.sim.stateHash());

    op.input('oms', { type: 'rerun_clearing', node: 'oms-new', from: 'checkpoint' });
    expect(op.timeline('refused').at(-1)).toMatch(/still does not map cash dividends/);
    op.input('oms', { type: 'set_config', node: 'oms-new', key: 'clearing.cashDividend', value: 'post' });
    op.input('oms', { type: 'rerun_clearing', node: 'oms-new', from: 'checkpoint' });
    op.input('ops', { type: 'reconcile' });
    expect(op.sim.cutover().recon!.last).toMatchObject({ checkpoint: 'post_clearing', total: 0 });

    // From the start it posts the file it had skipped, then posts it again: the dividend twice.
    snap.input('oms', { type: 'set_config', node: 'oms-new', key: 'clearing.cashDividend', value: 'post' });
    snap.input('oms', { type: 'rerun_clearing', node: 'oms-new', from: 'checkpoint' });
    snap.input('oms', { type: 'rerun_clearing', node: 'oms-new', from: 'checkpoint' });
    expect(snap.timeline('refused').at(-1)).toMatch(/no settlement file with skipped records/);
  });
});
