import { describe, expect, it } from 'vitest';
import { createSimulation } from '../engine/simulation.ts';
import { broker, clock } from '../engine/test-scenario.ts';
import { parseClock } from '../scenario/units.ts';
import { evaluatePredicate, metricPaths, metricsView, parsePredicate, PredicateSyntaxError, PredicateText, unknownPaths, type PredicateView } from './index.ts';
import { AUDIT_PATHS, cutoverReportView, simulationView } from './view.ts';
import { cutoverView } from '../engine/cutover-checks.ts';
import type { Model } from '../engine/compile.ts';
import type { SimState } from '../engine/state.ts';
import type { Simulation } from '../engine/api.ts';
import { cutoverPaths } from '../scenario/cutover.ts';
import { formatScenarioError, parseScenario } from '../scenario/parse.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Command } from '../scenario/command.ts';
import { readRepoFile } from '../../scripts/repo-files.mjs';

const view =
  (values: Record<string, number | string | boolean>): PredicateView =>
  (p) =>
    values[p];
const check = (src: string, values: Record<string, number | string | boolean>) => evaluatePredicate(parsePredicate(src), view(values));

describe('checks written by authors', () => {
  it('reads durations as µs and times of day as µs since midnight', () => {
    expect(check('e2e.p99 < 50ms', { 'e2e.p99': 49_999 }).ok).toBe(true);
    expect(check('e2e.p99 < 50ms', { 'e2e.p99': 50_000 }).ok).toBe(false);
    expect(check('time >= 9:30 and time < 10:00:30', { time: clock('09:45') }).ok).toBe(true);
    expect(check('time >= 09:30', { time: clock('09:29:59') }).ok).toBe(false);
  });

  it('combines with and, or, not and parentheses, and as usual binds tighter than or', () => {
    const v = { 'orders.lost': 0, 'node.gw-sh.state': 'down', 'link.a--b.connected': true };
    expect(check('orders.lost == 0 or node.gw-sh.state == "up" and orders.lost > 5', v).ok).toBe(true);
    expect(check('(orders.lost == 0 or node.gw-sh.state == "up") and orders.lost > 5', v).ok).toBe(false);
    expect(check('not node.gw-sh.state == "up"', v).ok).toBe(true);
    expect(check('link.a--b.connected', v).ok).toBe(true);
    expect(check('link.a--b.connected and not link.a--b.connected', v).ok).toBe(false);
  });

  it('says which comparisons failed, with the values seen', () => {
    const r = check('orders.lost == 0 and e2e.p99 < 50ms and node.gw-sh.state == "up"', { 'orders.lost': 3, 'e2e.p99': 10, 'node.gw-sh.state': 'down' });
    expect(r.ok).toBe(false);
    expect(r.failures).toEqual(['orders.lost is 3, wanted == 0', 'node.gw-sh.state is "down", wanted == "up"']);
    expect(check('node.nope.lost == 0', {}).failures).toEqual(['unknown metric "node.nope.lost"']);
  });

  it('points at the column of a syntax error', () => {
    const col = (src: string) => {
      try {
        parsePredicate(src);
      } catch (e) {
        return e instanceof PredicateSyntaxError ? [e.column, e.message] : e;
      }
      return 'parsed';
    };
    expect(col('orders.lost = 0')).toEqual([13, 'column 13: write == to compare']);
    expect(col('orders.lost == 0 and')).toEqual([21, 'column 21: expression ends too early']);
    expect(col('(orders.lost == 0')).toEqual([18, 'column 18: expected ")"']);
    expect(col('1 < 2')).toEqual([1, 'column 1: compare a metric, not two values']);
    expect(col('e2e.p99 < "50ms')).toEqual([11, 'column 11: string is not closed']);
  });

  it('refuses a bad check in a schema with the column inside it', () => {
    const r = PredicateText.safeParse('orders.lost >> 0');
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe('bad check "orders.lost >> 0": column 14: expected a metric or a value, found ">"');
  });
});

describe('checks over a running simulation', () => {
  const sc = broker((s) => {
    s.load.bursts = [];
  });

  it('reads the engine metrics by path and sees a crash', () => {
    const sim = createSimulation(sc, { seed: 3 });
    sim.runUntil(clock('09:40'));
    const healthy = metricsView(sim.metrics());
    expect(evaluatePredicate(parsePredicate('orders.created > 1000 and throughput > 10 and node.counter.state == "up"'), healthy)).toEqual({ ok: true, failures: [] });
    sim.apply({ seq: 0, at: clock('09:40'), actor: 'lead', command: { type: 'inject_fault', fault: { id: 'f', kind: 'crash', target: 'counter' } } });
    sim.runUntil(clock('09:41'));
    const crashed = metricsView(sim.metrics());
    const r = evaluatePredicate(parsePredicate('node.counter.state == "up" and orders.failed == 0 and orders.state.failed == orders.failed'), crashed);
    expect(r.ok).toBe(false);
    expect(r.failures[0]).toBe('node.counter.state is "down", wanted == "up"');
    expect(r.failures[1]).toMatch(/^orders\.failed is [1-9]\d*, wanted == 0$/); // submissions to the dead counter fail back
    expect(r.failures).toHaveLength(2); // orders.state.<name> reads the per-state counts
    // A stalled counter drains throughput to zero within the window.
    sim.runUntil(clock('09:42'));
    expect(metricsView(sim.metrics())('throughput')).toBe(0);
  });

  it('finds misspelt paths before the run, with a suggestion', () => {
    const known = new Set(metricPaths(sc));
    expect(unknownPaths(parsePredicate('node.gw-sh.queueDepth == 0 and node.gw_sh.queuedepth == 0 and recon.mismatches == 0'), known, ['recon.'])).toEqual([
      { path: 'node.gw_sh.queuedepth', suggestion: 'node.gw-sh.queueDepth' },
    ]);
  });

  it('lets other parts add namespaces', () => {
    const sim = createSimulation(sc, { seed: 3 });
    sim.runUntil(clock('09:31'));
    const v = metricsView(sim.metrics(), (p) => (p === 'recon.mismatches' ? 2 : undefined));
    expect(evaluatePredicate(parsePredicate('recon.mismatches == 0'), v).failures).toEqual(['recon.mismatches is 2, wanted == 0']);
  });
});

describe('cutover and audit paths on a running simulation', () => {
  const library = (name: string): Scenario => {
    const r = parseScenario(readRepoFile(`scenarios/${name}.yaml`), `scenarios/${name}.yaml`);
    if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
    return r.scenario;
  };
  const at = (t: string) => parseClock(t)!; // "D+2 09:00" too
  /** Apply inputs at a time of day, as stamped session commands, in order. */
  const script = (sim: Simulation, inputs: [string, string, Command][]) => {
    let seq = 0;
    for (const [t, actor, command] of inputs) {
      sim.runUntil(at(t));
      sim.apply({ seq: seq++, at: at(t), actor, command });
    }
  };
  /**
   * Every cutover path of the scenario as the drill view reads it from the report, next to what the
   * engine's own checks (verify, criteria, stop conditions) read from its state. The engine keeps
   * model and state private; the test looks inside only to hold the two readings together.
   */
  const agree = (sc: Scenario, sim: Simulation) => {
    const inner = sim as unknown as { model?: Model; state?: SimState };
    expect(inner.model, 'the simulation keeps its model and state as `model` and `state`').toBeDefined();
    const engine = cutoverView(inner.model!, inner.state!);
    const drill = simulationView(sim);
    const paths = [...cutoverPaths(sc)].filter((p) => !p.startsWith('node.') && !p.startsWith('link.') && !p.startsWith('e2e.') && !p.startsWith('orders.') && !p.startsWith('reports.'));
    expect(paths.length).toBeGreaterThan(10);
    for (const p of paths) expect(drill(p), p).toEqual(engine(p));
  };

  it("reads runbook.*, gate.*, cutover.* and migration.* as the runbook's own checks do, through a no-go and a rollback", () => {
    const sc = library('weekend-counter-upgrade');
    const sim = createSimulation(sc);
    const view = () => simulationView(sim);
    expect(view()('gate.go-no-go.decision')).toBe('pending');
    expect(view()('cutover.primary')).toBe('legacy');
    expect(view()('migration.migrated')).toBe(false);
    script(sim, [
      ['18:30', 'dan', { type: 'claim_role', role: 'dba' }],
      ['18:30', 'cindy', { type: 'claim_role', role: 'counter' }],
      ['18:30', 'eve', { type: 'claim_role', role: 'counter' }],
      ['18:30', 'lena', { type: 'claim_role', role: 'lead' }],
      ['18:31', 'cindy', { type: 'step_start', step: 'stop-legacy' }],
      ['18:44', 'cindy', { type: 'step_done', step: 'stop-legacy' }],
      ['18:45', 'dan', { type: 'step_start', step: 'backup' }],
      ['20:45', 'dan', { type: 'step_done', step: 'backup' }],
      ['20:46', 'cindy', { type: 'step_signoff', step: 'backup' }],
      ['20:47', 'dan', { type: 'step_start', step: 'convert' }],
    ]);
    sim.runUntil(at('21:00'));
    expect(view()('runbook.backup.status')).toBe('done');
    expect(view()('runbook.stop-legacy.overrun')).toBe(8 * 60_000_000); // 13 minutes against 5 expected
    expect(view()('runbook.convert.status')).toBe('running');
    expect(view()('runbook.done')).toBe(2);
    agree(sc, sim);
    script(sim, [
      ['D+1 02:47', 'dan', { type: 'step_done', step: 'convert' }],
      ['D+1 02:48', 'dan', { type: 'step_start', step: 'totals-check' }],
      ['D+1 02:48', 'cindy', { type: 'step_start', step: 'params' }],
      ['D+1 03:48', 'dan', { type: 'step_done', step: 'totals-check' }],
      ['D+1 03:48', 'cindy', { type: 'step_done', step: 'params' }],
      ['D+1 03:49', 'dan', { type: 'step_start', step: 'clean' }],
      ['D+1 03:50', 'cindy', { type: 'step_start', step: 'joint-exchange' }],
      ['D+1 03:50', 'eve', { type: 'step_start', step: 'joint-csdc' }],
      ['D+1 05:49', 'dan', { type: 'step_done', step: 'clean' }],
      ['D+1 05:50', 'dan', { type: 'step_start', step: 'totals-recheck' }],
      ['D+1 05:50', 'eve', { type: 'step_done', step: 'joint-csdc' }],
      ['D+1 05:51', 'eve', { type: 'step_start', step: 'joint-bank' }],
      ['D+1 06:50', 'dan', { type: 'step_done', step: 'totals-recheck' }],
      ['D+1 06:50', 'cindy', { type: 'step_done', step: 'joint-exchange' }],
      ['D+1 06:51', 'dan', { type: 'step_start', step: 'full-check' }],
      ['D+1 07:51', 'eve', { type: 'step_done', step: 'joint-bank' }],
      ['D+1 10:51', 'dan', { type: 'step_done', step: 'full-check' }],
      ['D+2 09:00', 'lena', { type: 'gate_decision', gate: 'go-no-go', decision: 'no_go', reason: 'the full check finds fee templates, permissions and bank links wrong' }],
    ]);
    sim.runUntil(at('D+2 09:01'));
    const v = view();
    expect([v('gate.go-no-go.decision'), v('runbook.mode'), v('runbook.complete'), v('runbook.wrongDecisions')]).toEqual(['no_go', 'rollback', false, 0]);
    expect(v('migration.dirty')).toBeGreaterThan(0);
    expect([v('migration.skipped'), v('migration.classBroken'), v('migration.fullChecks')]).toEqual([v('migration.dirty'), 0, 1]);
    expect(v('runbook.switch-back.status')).toBe('skipped');
    agree(sc, sim);
    script(sim, [
      ['D+2 09:05', 'dan', { type: 'step_start', step: 'restart-legacy' }],
      ['D+2 13:05', 'dan', { type: 'step_done', step: 'restart-legacy' }],
      ['D+2 13:06', 'eve', { type: 'step_signoff', step: 'restart-legacy' }],
      ['D+2 13:06', 'lena', { type: 'step_signoff', step: 'restart-legacy' }],
      ['D+3 08:00', 'cindy', { type: 'step_start', step: 'legacy-open-check' }],
      ['D+3 08:15', 'cindy', { type: 'step_done', step: 'legacy-open-check' }],
    ]);
    sim.runUntil(at('D+3 08:16'));
    expect([view()('runbook.complete'), view()('runbook.overdue'), view()('runbook.slack')]).toEqual([true, false, at('D+3 09:00') - at('D+3 08:15')]);
    agree(sc, sim);
  });

  it('reads recon.*, file.* and resync.missing as the engine does', () => {
    const dual = library('oms-dual-run-fee-rule');
    const a = createSimulation(dual);
    expect(simulationView(a)('recon.mismatches')).toBe(-1); // never reconciled: never "clean"
    a.runUntil(clock('10:01')); // reconciled every 30 minutes from 09:30
    expect(simulationView(a)('recon.rounds')).toBeGreaterThan(0);
    expect([simulationView(a)('recon.cleanDays'), simulationView(a)('recon.unclassified'), simulationView(a)('cutover.switchable')]).toEqual([0, 60, false]);
    agree(dual, a);
    const night = library('night-clearing-late-file');
    const b = createSimulation(night);
    b.runUntil(clock('18:31'));
    expect([simulationView(b)('file.sh-settle.arrived'), simulationView(b)('file.sz-settle.arrived'), simulationView(b)('file.sz-settle.valid')]).toEqual([true, true, false]);
    agree(night, b);
    const gw = library('gateway-disconnect-resync');
    const c = createSimulation(gw);
    c.runUntil(clock('10:06'));
    expect(simulationView(c)('resync.missing')).toBeGreaterThan(0);
    agree(gw, c);
  });

  it('adds audit.* and reads the report and the audit only when a check asks for them', () => {
    const sim = createSimulation(
      broker((s) => void (s.load.bursts = [])),
      { seed: 3 },
    );
    sim.runUntil(clock('09:35'));
    const calls = { cutover: 0, audit: 0 };
    const counted: Simulation = Object.assign(Object.create(sim) as Simulation, {
      metrics: () => sim.metrics(),
      cutover: () => (calls.cutover++, sim.cutover()),
      audit: () => (calls.audit++, sim.audit()),
    });
    const v = simulationView(counted, (p) => (p === 'drill.hintsUsed' ? 0 : undefined));
    expect(evaluatePredicate(parsePredicate('orders.created > 0 and throughput > 0 and drill.hintsUsed == 0'), v).ok).toBe(true);
    expect(calls).toEqual({ cutover: 0, audit: 0 });
    expect(AUDIT_PATHS.map((p) => v(p))).toEqual([0, 0, expect.any(Number)]);
    expect(v('resync.missing')).toEqual(expect.any(Number));
    expect(v('guard.halted')).toBe(false);
    expect(v('runbook.mode')).toBeUndefined(); // no runbook in this scenario
    expect(v('audit.nope')).toBeUndefined();
    expect(calls).toEqual({ cutover: 1, audit: 1 });
  });

  it('leaves unknown paths unknown, so a check names them', () => {
    const report = createSimulation(library('weekend-counter-upgrade')).cutover();
    const v = cutoverReportView(report);
    expect(['gate.switch.decision', 'gate.go-no-go', 'runbook.nope.status', 'runbook.backup.nope', 'migration.records.x', 'cutover.x', 'file.x.arrived', 'recon.mismatches'].map(v)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(evaluatePredicate(parsePredicate('gate.go-nogo.decision == "no_go"'), v).failures).toEqual(['unknown metric "gate.go-nogo.decision"']);
  });
});
