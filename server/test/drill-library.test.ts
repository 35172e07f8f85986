import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatClock, parseClock } from '@twinlab/shared/scenario/units';
import { formatScenarioError } from '@twinlab/shared/scenario/parse';
import { parseSolution } from '@twinlab/shared/drill/solution';
import type { DrillResult } from '@twinlab/shared/drill/grade';
import type { Diagnosis } from '@twinlab/shared/diagnose/finding';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { api } from './support/clients.ts';

/**
 * Every drill of the library, graded through the server as a trainee plays it: the model answer
 * scores 100, doing nothing fails, and the tempting wrong fix (the one the business would
 * penalise) fails or scores low. Then the lab's diagnosis of a session, and who may see it.
 */

const root = joinPath(import.meta.dirname, '../..');
const at = (c: string) => parseClock(c)!;
type Step = [string, Record<string, unknown>];

function answerOf(drill: string): Step[] {
  const r = parseSolution(readFileSync(joinPath(root, 'scenarios/drills/solutions', `${drill}.yaml`), 'utf8'), `${drill}.yaml`);
  if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
  return r.value.steps.map((st) => [formatClock(st.at).replace(/\.\d{3}$/, ''), st.command]);
}

const upgrade = () => {
  const steps = answerOf('weekend-upgrade-no-go');
  // Up to the gate without the full check: the totals check passed, and the gate does not wait for the full one.
  return steps
    .slice(
      0,
      steps.findIndex(([, c]) => c['type'] === 'gate_decision'),
    )
    .filter(([, c]) => c['step'] !== 'full-check');
};

/** db-failover-lag's failover without the reconciliation of the tail. */
const failoverOnly = (): Step[] => answerOf('db-failover-lag').filter(([, c]) => c['type'] === 'failover');

/** first-night-clearing after Monday night: reconcile after Tuesday's and Wednesday's clearing, then switch. */
const laterNightsThenSwitch: Step[] = [
  ['D+1 18:05:00', { type: 'reconcile' }],
  ['D+2 18:05:00', { type: 'reconcile' }],
  ['D+2 18:10:00', { type: 'switch_primary', to: 'new' }],
];

/** The tempting wrong fix of each drill: what a trainee who acts before diagnosing does. */
const WRONG: Record<string, { why: string; steps: () => Step[] }> = {
  'gateway-crash': { why: 'restarts late and lets the stale backlog go out', steps: () => [['10:04:50', { type: 'restart_node', node: 'gw-sse' }]] },
  'dr-failover': { why: 'restarts the dark counter instead of failing over', steps: () => [['10:07:30', { type: 'restart_node', node: 'counter' }]] },
  'db-failover-lag': {
    why: 'fails over, then marks the orders the books lost 废单 instead of reconciling them against the exchange',
    steps: () => [...failoverOnly(), ['10:08:00', { type: 'mark_invalid', node: 'gw-sse' }], ['10:08:00', { type: 'mark_invalid', node: 'gw-szse' }]],
  },
  'opening-surge': { why: 'throttles retail flow below capacity', steps: () => [['09:30:05', { type: 'throttle', node: 'counter', ordersPerSecond: 320 }]] },
  'gateway-resync': {
    why: 'marks the in-doubt orders 废单 instead of resyncing',
    steps: () => [
      ['10:05:20', { type: 'failover', node: 'gw-sse-1', to: 'gw-sse-2' }],
      ['10:06:40', { type: 'mark_invalid', node: 'gw-sse-1' }],
      ['10:07:30', { type: 'failback', node: 'gw-sse-1' }],
    ],
  },
  'sod-file-missing': { why: 'restarts the counter', steps: () => [['09:16:00', { type: 'restart_node', node: 'counter' }]] },
  'weekend-upgrade-no-go': {
    why: 'says go on Sunday after a totals check that passed, and switches',
    steps: () => [
      ...upgrade(),
      ['D+2 09:00:00', { type: 'gate_decision', gate: 'go-no-go', decision: 'go', reason: 'totals match; joint tests passed' }],
      ['D+2 09:05:00', { type: 'step_start', step: 'switch' }],
    ],
  },
  'restart-in-doubt': {
    why: 'restarts, then marks the in-doubt orders 废单 without a resync',
    steps: () => [
      ['10:03:30', { type: 'restart_node', node: 'gw-sse' }],
      ['10:04:00', { type: 'mark_invalid', node: 'gw-sse' }],
    ],
  },
  'holiday-calendar-switch': { why: 'switches on schedule without reading the breaks', steps: () => [['09:40:00', { type: 'switch_primary', to: 'new' }]] },
  'bank-transfer-line': { why: 'restarts the bank front end, which is up', steps: () => [['10:01:45', { type: 'restart_node', node: 'bank' }]] },
  'stale-market-data': { why: 'restarts the feed handler, which is up', steps: () => [['10:02:30', { type: 'restart_node', node: 'md' }]] },
  'runaway-algo-kill-switch': { why: 'pulls the firm-wide kill switch', steps: () => [['09:31:40', { type: 'kill_switch', scope: 'firm' }]] },
  'index-rebalance-close': {
    why: "kill switches the index fund's legitimate basket, which then misses the close",
    steps: () => [['14:57:10', { type: 'kill_switch', scope: 'account', account: 1688 }]],
  },
  'night-clearing-overrun': {
    why: 'asks for the re-send, then reruns the night from the start, posting the SH file twice',
    steps: () => [
      ['18:35:00', { type: 'request_resend', file: 'sz-settle' }],
      ['19:00:00', { type: 'rerun_clearing', from: 'start' }],
    ],
  },
  'first-night-clearing': {
    why: 'trusts the clean intraday reconciliations and switches on Wednesday night without reconciling after clearing',
    steps: () => [
      ['15:05:00', { type: 'reconcile' }],
      ['D+1 15:05:00', { type: 'reconcile' }],
      ['D+2 15:05:00', { type: 'reconcile' }],
      ['D+2 18:10:00', { type: 'switch_primary', to: 'new' }],
    ],
  },
  'ipo-subscription-day': {
    why: 'sees subscriptions refused and switches the quota check off, letting invalid above-quota subscriptions through',
    steps: () => [['09:31:30', { type: 'set_config', node: 'counter', key: 'ipo.quotaCheck', value: 'off' }]],
  },
  'first-night-clearing-counter': {
    why: 'trusts the clean intraday reconciliations of the two counters and switches the clients on Wednesday night without reconciling after clearing',
    steps: () => [
      ['15:05:00', { type: 'reconcile' }],
      ['D+1 15:05:00', { type: 'reconcile' }],
      ['D+2 15:05:00', { type: 'reconcile' }],
      ['D+2 18:10:00', { type: 'switch_primary', to: 'new' }],
    ],
  },
  'exchange-slow-confirm': {
    why: 'fails the counter over, which is not the bottleneck, while the apps keep resending',
    steps: () => [['09:31:45', { type: 'failover', node: 'counter', to: 'counter-2' }]],
  },
};

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess();
}, 60_000);
afterAll(async () => server?.dispose());

interface Started {
  id: string;
  token: string;
}
const call = <T = Record<string, unknown>>(s: Started, path: string, body?: unknown) =>
  api<T>(server.url, `/api/sessions/${s.id}/${path}`, { token: s.token, ...(body === undefined ? {} : { body }) });
async function startDrill(drill: string, trainee: string): Promise<Started> {
  const r = await api<{ session: { id: string }; token: string }>(server.url, `/api/drills/${drill}/sessions`, { body: { trainee } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.session.id, token: r.body.token };
}
/** Seek to each time and submit the command there, as a trainee in the lab would. */
async function perform(s: Started, steps: Step[]): Promise<void> {
  for (const [clock, command] of steps) {
    expect((await call(s, 'clock', { action: 'seek', to: at(clock) })).status).toBe(200);
    const r = await call(s, 'commands', command);
    expect(r.status, `${clock} ${JSON.stringify(command)}: ${JSON.stringify(r.body)}`).toBe(201);
  }
}
const grade = async (s: Started) => {
  const r = await call<{ result: DrillResult }>(s, 'drill/grade', {});
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.result;
};

describe('the drill library through the server', () => {
  it('lists every drill, each with a tempting wrong fix in this test', async () => {
    const r = await api<{ drills: { id: string }[]; problems: string[] }>(server.url, '/api/drills');
    expect(r.body.problems).toEqual([]);
    expect(r.body.drills.map((d) => d.id).sort()).toEqual(Object.keys(WRONG).sort());
  });

  it('holiday-calendar-switch: correcting only today leaves 10-01 wrong in the table, and the calendar objective is missed', async () => {
    const half = await startDrill('holiday-calendar-switch', '只改今天 小半');
    await perform(half, [
      ['09:40:00', { type: 'calendar_set', node: 'counter-new', date: '2026-10-08', trading: true }],
      ['09:40:00', { type: 'rerun_shadow' }],
      ['09:55:00', { type: 'switch_primary', to: 'new' }],
    ]);
    const r = await grade(half);
    expect(
      r.objectives.find((o) => o.id === 'calendar-fixed'),
      JSON.stringify(r.objectives),
    ).not.toMatchObject({ status: 'met' });
    expect(r.score).toBeLessThan(100);
  });

  it.each(Object.keys(WRONG))(
    '%s: the model answer scores 100, doing nothing fails, the tempting wrong fix fails or scores low',
    async (drill) => {
      const good = await startDrill(drill, `${drill} 小优`);
      await perform(good, answerOf(drill));
      const passed = await grade(good);
      expect(passed, JSON.stringify(passed.objectives)).toMatchObject({ drillId: drill, score: 100, passed: true, penalties: [] });

      const idle = await grade(await startDrill(drill, `${drill} 小闲`));
      expect(idle.passed).toBe(false);
      expect(idle.score).toBeLessThan(70);

      const wrong = await startDrill(drill, `${drill} 小急`);
      await perform(wrong, WRONG[drill]!.steps());
      const tempted = await grade(wrong);
      expect(tempted.passed, `${WRONG[drill]!.why}: ${JSON.stringify(tempted.objectives)}`).toBe(false);
      expect(tempted.score).toBeLessThan(passed.score);
    },
    120_000,
  );

  it('db-failover-lag: failing over and reopening without reconciling the tail fails, with the orders still missing from the books', async () => {
    const s = await startDrill('db-failover-lag', '小快');
    await perform(s, failoverOnly());
    const r = await grade(s);
    expect(r.passed, JSON.stringify(r.objectives)).toBe(false);
    expect(r.objectives.find((o) => o.id === 'tail-reconciled')).not.toMatchObject({ status: 'met' });
    expect(r.objectives.find((o) => o.id === 'rto')).toMatchObject({ status: 'met' });
  }, 120_000);

  it('holiday-calendar-switch: a trainee who classifies the calendar breaks as a fee rule is graded down by the server', async () => {
    const s = await startDrill('holiday-calendar-switch', '归错 小误');
    await perform(
      s,
      answerOf('holiday-calendar-switch').map(([clock, c]): Step => [clock, c['type'] === 'classify_break' ? { ...c, as: 'fee_rule' } : c]),
    );
    const r = await grade(s);
    const p = r.penalties.find((x) => x.kind === 'classification');
    expect(p, JSON.stringify(r.penalties)).toMatchObject({ points: 40 });
    expect(p!.values['wrong']).toBeGreaterThanOrEqual(40);
    expect(r.objectives.every((o) => o.status === 'met')).toBe(true); // right in everything but the classification
    expect(r).toMatchObject({ score: 60, passed: false });
  }, 120_000);

  it('night-clearing-overrun: a rerun from the start meets the deadline but posts SH twice and fails', async () => {
    const s = await startDrill('night-clearing-overrun', '从头 小重');
    await perform(s, WRONG['night-clearing-overrun']!.steps());
    const r = await grade(s);
    expect(r.objectives.find((o) => o.id === 'next-day-ready')).toMatchObject({ status: 'met' });
    expect(r.objectives.find((o) => o.id === 'no-double-posting')).not.toMatchObject({ status: 'met' });
    expect(r.passed, JSON.stringify(r.objectives)).toBe(false);
  }, 120_000);

  it('night-clearing-overrun: a rerun from the checkpoint before the re-send stops again on the bad file', async () => {
    const s = await startDrill('night-clearing-overrun', '急跑 小快');
    await perform(s, [['18:35:00', { type: 'rerun_clearing', from: 'checkpoint' }]]);
    const r = await grade(s);
    expect(r.objectives.find((o) => o.id === 'next-day-ready')).not.toMatchObject({ status: 'met' });
    expect(r.passed).toBe(false);
  }, 120_000);

  for (const [drill, who] of [
    ['first-night-clearing', '小'],
    ['first-night-clearing-counter', '柜台'],
  ] as const) {
    it(`${drill}: calling the dividend break timing is graded wrong, and the switch on it is dirty`, async () => {
      const s = await startDrill(drill, `${who} 时点`);
      await perform(s, [['18:05:00', { type: 'reconcile' }], ['18:10:00', { type: 'classify_break', as: 'timing' }], ...laterNightsThenSwitch]);
      const r = await grade(s);
      expect(r.objectives.find((o) => o.id === 'found-after-clearing')).toMatchObject({ status: 'missed' });
      expect(r.objectives.find((o) => o.id === 'no-dirty-switch')).toMatchObject({ status: 'missed' });
      expect(r.passed).toBe(false);
    }, 180_000);

    it(`${drill}: copying the legacy books over the new ones hides the break but leaves the mapping unfixed`, async () => {
      const s = await startDrill(drill, `${who} 覆盖`);
      await perform(s, [
        ['18:05:00', { type: 'reconcile' }],
        ['18:10:00', { type: 'classify_break', as: 'corporate_action' }],
        ['18:15:00', { type: 'rerun_shadow' }],
        ['18:20:00', { type: 'reconcile' }],
        ...laterNightsThenSwitch,
      ]);
      const r = await grade(s);
      expect(r.objectives.find((o) => o.id === 'found-after-clearing')).toMatchObject({ status: 'met' });
      expect(r.objectives.find((o) => o.id === 'books-agree')).toMatchObject({ status: 'missed' });
      expect(r.passed).toBe(false);
    }, 180_000);
  }

  it('ipo-subscription-day: re-importing the quota file, which was there, changes nothing and fails', async () => {
    const s = await startDrill('ipo-subscription-day', '重导 小额');
    await perform(s, [['09:31:30', { type: 'set_config', node: 'counter', key: 'sod.quotaFile', value: 'loaded' }]]);
    const r = await grade(s);
    expect(
      r.objectives.find((o) => o.id === 'valid-taken'),
      JSON.stringify(r.objectives),
    ).toMatchObject({ status: 'missed' });
    expect(r.objectives.find((o) => o.id === 'invalid-refused')).toMatchObject({ status: 'met' });
    expect(r.penalties.find((p) => p.kind === 'rejected_orders')).toMatchObject({ points: 40 });
    expect(r.passed).toBe(false);
  }, 120_000);

  it('ipo-subscription-day: switching the freeze off and the quota check off as well lets invalid subscriptions through and fails', async () => {
    const s = await startDrill('ipo-subscription-day', '全放 小宽');
    await perform(s, [...answerOf('ipo-subscription-day'), ['09:32:00', { type: 'set_config', node: 'counter', key: 'ipo.quotaCheck', value: 'off' }]]);
    const r = await grade(s);
    expect(
      r.objectives.find((o) => o.id === 'valid-taken'),
      JSON.stringify(r.objectives),
    ).toMatchObject({ status: 'met' });
    expect(r.objectives.find((o) => o.id === 'invalid-refused')).toMatchObject({ status: 'missed' });
    expect(r.passed).toBe(false);
  }, 120_000);

  it('opening-surge: the throttle pays for the clients it turned away', async () => {
    const s = await startDrill('opening-surge', '小限');
    await perform(s, WRONG['opening-surge']!.steps());
    const r = await grade(s);
    expect(r.reasons).toContain('missed: 不拒客户委托：柜台拒单少于 500 笔 (Clients are not turned away: fewer than 500 orders refused at the counters)');
    const refused = r.penalties.find((p) => p.kind === 'rejected_orders')!;
    expect(refused.points).toBe(40);
    expect(r.rejectedOrders).toBeGreaterThan(50_000);
  }, 120_000);
  it('runaway-algo-kill-switch: a kill switch on the PBU the retail clients share stops the algorithm but fails', async () => {
    const s = await startDrill('runaway-algo-kill-switch', '小停');
    await perform(s, [['09:31:40', { type: 'kill_switch', scope: 'pbu', pbu: 'pbu-2' }]]);
    const r = await grade(s);
    expect(r.objectives.find((o) => o.id === 'algo-stopped')).toMatchObject({ status: 'met' });
    expect(r.passed, JSON.stringify(r.objectives)).toBe(false);
    expect(r.reasons).toContain('missed: 拒单总数少于 20,000 笔 (Fewer than 20,000 orders refused in all)');
  }, 120_000);
  it('index-rebalance-close: a throttle refuses the clients and a mass cancel is refused in the call; both miss the close', async () => {
    const throttled = await startDrill('index-rebalance-close', '小限');
    await perform(throttled, [['14:57:10', { type: 'throttle', node: 'counter', ordersPerSecond: 350 }]]);
    const t = await grade(throttled);
    expect(t.passed, JSON.stringify(t.objectives)).toBe(false);
    expect(t.objectives.find((o) => o.id === 'basket-in-close')).not.toMatchObject({ status: 'met' });
    expect(t.penalties.find((p) => p.kind === 'rejected_orders')).toMatchObject({ points: 40 });

    const cancelled = await startDrill('index-rebalance-close', '小撤');
    await perform(cancelled, [['14:57:10', { type: 'mass_cancel', scope: 'firm' }]]);
    const c = await grade(cancelled);
    expect(c.passed, JSON.stringify(c.objectives)).toBe(false);
    expect(c.objectives.find((o) => o.id === 'none-late')).not.toMatchObject({ status: 'met' });
    expect(c.score).toBeLessThan(20);
  }, 120_000);
  it('exchange-slow-confirm: a throttle at the counter stops the resends too, but refuses the clients and fails', async () => {
    const s = await startDrill('exchange-slow-confirm', '小限');
    await perform(s, [['09:30:40', { type: 'throttle', node: 'counter', ordersPerSecond: 180 }]]);
    const r = await grade(s);
    expect(r.passed, JSON.stringify(r.objectives)).toBe(false);
    expect(r.objectives.find((o) => o.id === 'few-duplicates')).toMatchObject({ status: 'met' });
    expect(r.objectives.find((o) => o.id === 'clients-served')).not.toMatchObject({ status: 'met' });
    expect(r.penalties.find((p) => p.kind === 'rejected_orders')!.points).toBe(40);
  }, 120_000);
});

describe('the diagnosis of a session', () => {
  it('names the fee rule in a dual-run session with its line, and its reconciliation breaks', async () => {
    const created = await api<{ session: { id: string }; token: string }>(server.url, '/api/sessions', {
      body: { scenarioYaml: readFileSync(joinPath(root, 'scenarios/oms-dual-run-fee-rule.yaml'), 'utf8'), leadName: '王工' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const s = { id: created.body.session.id, token: created.body.token };
    await perform(s, [['09:50:00', { type: 'reconcile' }]]);
    const r = await call<Diagnosis & { until: number }>(s, 'diagnose?until=09:51');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const fee = r.body.findings.find((f) => f.kind === 'fee_rule')!;
    expect(fee).toMatchObject({ severity: 'error', status: 'open', at: { line: 57, path: 'nodes[2].fees.minimumApplies' } });
    expect(fee.evidence.find((e) => e.key === 'reconBreaks')!.params['n']).toBeGreaterThan(0);
    expect(r.body.until).toBe(at('09:51'));
  }, 120_000);

  it("in a drill, is the lead's tool: refused to the trainee until the drill is graded", async () => {
    const s = await startDrill('sod-file-missing', '小诊');
    const before = await call<{ error: string }>(s, 'diagnose');
    expect(before.status).toBe(403);
    expect(before.body.error).toMatch(/training lead's tool/);
    await perform(s, answerOf('sod-file-missing'));
    await grade(s);
    const after = await call<Diagnosis>(s, 'diagnose?until=09:20');
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    expect(after.body.findings.find((f) => f.kind === 'price_limits')).toMatchObject({ status: 'fixed', at: { path: 'startOfDay.securitiesFile' } });
  }, 120_000);
});
