import { describe, expect, it } from 'vitest';
import { createSimulation } from '../engine/simulation.ts';
import { formatScenarioError, parseScenario } from '../scenario/parse.ts';
import type { Scenario } from '../scenario/schema.ts';
import { readRepoFile } from '../../scripts/repo-files.mjs';
import { checkPaths, readCheckPath, sourceOf } from './paths.ts';
import { simulationView } from './view.ts';

const library = (name: string): Scenario => {
  const r = parseScenario(readRepoFile(`scenarios/${name}.yaml`), `scenarios/${name}.yaml`);
  if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
  return r.scenario;
};

describe('the check-path table', () => {
  it('reads a value at every path it lets a scenario check, so validation and reading cannot drift apart', () => {
    for (const name of ['oms-dual-run-fee-rule', 'night-clearing-late-file']) {
      const sc = library(name);
      const sim = createSimulation(sc);
      sim.runUntil(sc.window.start + 60_000_000);
      const view = simulationView(sim);
      const paths = checkPaths(sc);
      // Every namespace of the table shows up: metrics, orders/market, cutover and audit.
      for (const p of ['orders.held', 'rejects.insufficient_funds', 'fees.stampDuty', 'bank.in', 'guard.halted', 'resync.missing', 'audit.cashBreaks']) expect(paths, name).toContain(p);
      for (const p of paths) expect(view(p), `${name}: ${p}`).toBeDefined();
    }
  });

  it('offers the paths of the sections a scenario has, and reads nothing outside the table', () => {
    const sc = library('small-broker');
    const paths = checkPaths(sc);
    expect(paths.some((p) => p.startsWith('recon.'))).toBe(false);
    expect(paths).toContain(`node.${sc.nodes[0]!.id}.queueDepth`);
    for (const p of ['reports.backlog', 'reports.lag']) expect(paths).toContain(p); // report lag (回报延迟), issue 15
    const sim = createSimulation(sc);
    const sources = { metrics: () => sim.metrics(), cutover: () => sim.cutover(), audit: () => sim.audit() };
    for (const p of ['orders.nonsense', 'reports.lagg', 'node.nowhere.processed', `node.${sc.nodes[0]!.id}.colour`, 'recon.mismatches', 'weather.rain', 'time.now'])
      expect(readCheckPath(p, sources), p).toBeUndefined();
    expect(sourceOf('runbook.mode')).toBe('cutover');
    expect(sourceOf('audit.cashBreaks')).toBe('audit');
    expect(sourceOf('config.counter.fees.commissionPpm')).toBeUndefined(); // the engine's own
  });
});
