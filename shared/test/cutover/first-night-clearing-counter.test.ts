import { describe, expect, it } from 'vitest';
import { loadLibraryScenario, Operator } from './operator.ts';

/**
 * The broker-side drill scenarios/drills/first-night-clearing-counter.yaml on the engine: the
 * legacy centralised counter (集中交易) and the new-generation counter (新一代柜台) clear the same
 * CSDC files; Monday's SZ file carries 000333's cash dividend, which the new counter's clearing
 * skips. Intraday the two counters agree; after clearing every holder differs by the dividend;
 * mapping the type and rerunning the new counter's clearing from its checkpoint makes them agree.
 */
describe("first night's clearing on the broker's new counter", () => {
  it('intraday is clean, after clearing every holder of 000333 differs by the dividend, fix + rerun make it clean', () => {
    const op = new Operator(loadLibraryScenario('drills/first-night-clearing-counter')).at('15:00');
    op.input('ops', { type: 'reconcile' });
    expect(op.sim.cutover().recon!.last).toMatchObject({ checkpoint: 'intraday', total: 0 });

    op.at('18:05').input('ops', { type: 'reconcile' });
    const post = op.sim.cutover().recon!.last!;
    expect(post.checkpoint).toBe('post_clearing');
    expect(post.byCause.corporate_action).toBe(400); // all 400 clients hold 000333 at the night
    expect(post.total).toBe(post.byCause.corporate_action);
    expect(op.timeline('file').join('\n')).toMatch(/counter-new clearing of sz-1: 400 records of business type cash dividend/);
    expect(op.sim.audit().cashBreaks).toEqual([]); // the legacy counter, the primary, posted the dividend

    op.input('counter', { type: 'set_config', node: 'counter-new', key: 'clearing.cashDividend', value: 'post' });
    op.input('counter', { type: 'rerun_clearing', node: 'counter-new', from: 'checkpoint' });
    op.input('ops', { type: 'reconcile' });
    expect(op.sim.cutover().recon!.last).toMatchObject({ checkpoint: 'post_clearing', total: 0 });
  });
});
