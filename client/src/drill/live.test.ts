import { describe, expect, it } from 'vitest';
import { createSimulation } from '@twinlab/shared/engine/simulation';
import { parsePredicate, predicatePaths } from '@twinlab/shared/predicate/parse';
import { metricPaths, simulationView } from '@twinlab/shared/predicate/view';
import { formatScenarioError, parseScenario } from '@twinlab/shared/scenario/parse';
import { listRepoDir, readRepoFile } from '../../../shared/scripts/repo-files.mjs';
import { drillInputs, drillNeeds, sampleOf } from '../app/engine/sample.ts';
import { sampleView } from './live.ts';

const drills = listRepoDir('scenarios/drills').filter((f) => f.endsWith('.yaml'));
// Averaged over the lab's own sample history, not the server's per-second series; drill.* comes from the tracker.
const LIVE_ONLY = (path: string) => path === 'throughput' || path.startsWith('drill.');

describe('the guided panel’s live checks', () => {
  it.each(drills)('%s: read every path its checks use with the values the server grades from', (file) => {
    const r = parseScenario(readRepoFile(`scenarios/drills/${file}`), file);
    if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
    const scenario = r.scenario;
    const drill = scenario.drill!;
    // Every path a check may read: the metrics, and those this drill's checks use (cutover, audit).
    const used = drill.objectives.flatMap((o) => predicatePaths(parsePredicate(o.check)));
    const paths = [...new Set([...metricPaths(scenario), ...used])].filter((p) => !LIVE_ONLY(p));
    const needs = drillNeeds(scenario)!;
    const sim = createSimulation(scenario);
    const start = Math.max(scenario.window.start, drill.start ?? scenario.window.start);
    for (let t = start + 30_000_000; t <= start + 6 * 60_000_000; t += 90_000_000) {
      sim.runUntil(t);
      const sample = sampleOf(sim.metrics(), 0, sim.cutover(), drillInputs(sim, needs));
      const live = sampleView(sample, []);
      const server = simulationView(sim);
      for (const p of paths) {
        expect(live(p), `${p} at ${t}`).toBeDefined();
        expect(live(p), `${p} at ${t}`).toEqual(server(p));
      }
    }
  });

  it('in a drill the sample withholds the reconciliation causes from the trainee, yet its live checks still read them as the server does', () => {
    const r = parseScenario(readRepoFile('scenarios/drills/holiday-calendar-switch.yaml'), 'holiday-calendar-switch.yaml');
    if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
    const sim = createSimulation(r.scenario);
    sim.runUntil(r.scenario.drill!.start! + 5 * 60_000_000);
    expect(sim.cutover().recon!.last!.mismatches.some((x) => x.cause === 'holiday_calendar')).toBe(true);
    const needs = drillNeeds(r.scenario)!;
    const trainee = sampleOf(sim.metrics(), 0, sim.cutover(), drillInputs(sim, needs));
    expect(trainee.cutover!.recon!.last!.mismatches.length).toBeGreaterThan(0);
    expect(JSON.stringify([trainee.cutover!.recon, trainee.cutover!.timeline])).not.toMatch(/holiday_calendar|"cause"|as a holiday/); // the runbook's own check texts are the drill author's
    expect(sampleView(trainee, [])('recon.holiday_calendar')).toBe(simulationView(sim)('recon.holiday_calendar'));
    const lead = sampleOf(sim.metrics(), 0, sim.cutover(), drillInputs(sim, needs), { drill: true, lead: true });
    expect(lead.cutover!.recon!.last!.mismatches[0]!.cause).toBe('holiday_calendar');
  });
});
