import { describe, expect, it } from 'vitest';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { scenarioText } from '../../test/support/fixtures.ts';
import { planRun } from './limits.ts';

const parsed = parseScenario(scenarioText('chain-5hop'));
if (!parsed.ok) throw new Error('chain-5hop does not load');
const scenario = parsed.scenario; // 2,000 orders a second, 09:30–10:30
const at = (h: number, m: number) => (h * 3600 + m * 60) * 1_000_000;
const limits = { timeoutMs: 60_000, memoryMb: 256, maxOrders: 1_000_000 };

describe('planning a headless run', () => {
  it('clamps until to the window and says so', () => {
    expect(planRun(scenario, [], at(9, 31), { ...limits, maxOrders: 1e12 })).toEqual({ ok: true, until: at(9, 31), orders: 120_000, heavy: false });
    expect(planRun(scenario, [], 31_536_000_000_000, { ...limits, maxOrders: 1e12 })).toMatchObject({ ok: true, until: at(10, 30), clampedTo: 'the scenario window ends at 10:30:00.000' });
  });

  it('refuses a run over the order limit, counting the load a set_load command raises', () => {
    expect(planRun(scenario, [], at(9, 38), limits)).toMatchObject({ ok: true, heavy: true }); // 960,000 orders
    const surge = [{ seq: 0, at: at(9, 30), actor: 'Lead', command: { type: 'set_load' as const, multiplier: 10 } }];
    const r = planRun(scenario, surge, at(9, 38), limits);
    expect(r).toEqual({
      ok: false,
      error: expect.stringMatching(/^a run to 09:38:00.000 would simulate up to 9,600,000 orders \(2000\/s × 10 for 480 s\), over the limit of 1,000,000 \(TWINLAB_RUN_MAX_ORDERS\)/),
    });
  });

  it('counts only trading sessions: a Friday-to-Monday run is planned by its two afternoons and mornings, not 68 hours', () => {
    const weekend = parseScenario(scenarioText('friday-to-monday'));
    if (!weekend.ok) throw new Error('friday-to-monday does not load');
    const monday = (h: number, m: number) => 3 * 86_400_000_000 + at(h, m);
    // 10 orders a second: Friday 14:30–15:00 (30 min) and Monday 09:15–10:30 less the 11:30 break (75 min).
    expect(planRun(weekend.scenario, [], monday(10, 30), { ...limits, maxOrders: 1e12 })).toMatchObject({ ok: true, orders: 10 * 105 * 60 });
  });
});
