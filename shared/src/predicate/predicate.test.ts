import { describe, expect, it } from 'vitest';
import { createSimulation } from '../engine/simulation.ts';
import { broker, clock } from '../engine/test-scenario.ts';
import { evaluatePredicate, metricPaths, metricsView, parsePredicate, PredicateSyntaxError, PredicateText, unknownPaths, type PredicateView } from './index.ts';

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
    const r = evaluatePredicate(parsePredicate('node.counter.state == "up" and orders.lost == 0'), crashed);
    expect(r.ok).toBe(false);
    expect(r.failures[0]).toBe('node.counter.state is "down", wanted == "up"');
    expect(r.failures[1]).toMatch(/^orders\.lost is \d+, wanted == 0$/);
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
