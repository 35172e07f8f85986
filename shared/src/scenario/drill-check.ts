import type { z } from 'zod';
import { parsePredicate, predicatePaths } from '../predicate/parse.ts';
import { engineOnlyPathProblems } from './night.ts';
import { checkPaths, OPEN_PREFIXES } from '../predicate/paths.ts';
import { unknownPaths } from '../predicate/unknown.ts';
import type { Scenario } from './schema.ts';
import { formatClock } from './units.ts';
import type { Drill } from './drill.ts';

/** Paths a drill adds to the engine's metrics (see drillView). */
export const DRILL_PATHS = ['drill.elapsed', 'drill.hintsUsed'] as const;

/** When the drill is judged: [start, end] in µs since midnight. */
export function drillPeriod(sc: Pick<Scenario, 'window'>, drill: Drill): { start: number; end: number } {
  const start = drill.start ?? sc.window.start;
  return { start, end: Math.min(start + drill.timeLimit, sc.window.end) };
}

/**
 * Cross-references of a drill that only the whole scenario can answer: the faults its objectives
 * wait for, the metrics its checks read, times inside the window. Called from the scenario
 * schema, so each problem is reported at its line like any other.
 */
export function checkDrill(sc: Scenario, ctx: z.RefinementCtx): void {
  const drill = sc.drill;
  if (drill === undefined) return;
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path: ['drill', ...path], message });
  const { start, end } = drillPeriod(sc, drill);
  if (drill.start !== undefined && (drill.start < sc.window.start || drill.start >= sc.window.end)) {
    issue(['start'], `the drill starts at ${formatClock(drill.start)}, outside the window ${formatClock(sc.window.start)}–${formatClock(sc.window.end)}`);
  }
  if (start + drill.timeLimit > sc.window.end) issue(['timeLimit'], `the drill would end at ${formatClock(start + drill.timeLimit)}, after the window ends (${formatClock(sc.window.end)})`);
  // The metrics, the cutover namespaces (runbook.*, gate.*, cutover.*, resync.missing, …), audit.* and the engine's own
  // config.*, calendar.*, night.* (checked against the scenario by the runbook's rules): see simulationView.
  const known = new Set(checkPaths(sc));
  const faults = new Set(sc.faults.flatMap((f) => (f.id === undefined ? [] : [f.id])));
  const paths = (path: (string | number)[], text: string) => {
    for (const u of unknownPaths(parsePredicate(text), known, [OPEN_PREFIXES.drill, OPEN_PREFIXES.config, OPEN_PREFIXES.calendar, OPEN_PREFIXES.night])) {
      issue(path, `unknown metric "${u.path}"${u.suggestion ? ` (did you mean "${u.suggestion}"?)` : ''}`);
    }
    for (const bad of engineOnlyPathProblems(predicatePaths(parsePredicate(text)), sc)) issue(path, bad);
  };
  const ids = new Set<string>();
  drill.objectives.forEach((o, i) => {
    if (ids.has(o.id)) issue(['objectives', i, 'id'], `duplicate objective id "${o.id}"`);
    ids.add(o.id);
    paths(['objectives', i, 'check'], o.check);
    if (o.by !== undefined && (o.by <= start || o.by > end)) issue(['objectives', i, 'by'], `${formatClock(o.by)} is outside the drill (${formatClock(start)}–${formatClock(end)})`);
    if (o.from !== undefined && (o.from < start || o.from > end)) issue(['objectives', i, 'from'], `${formatClock(o.from)} is outside the drill (${formatClock(start)}–${formatClock(end)})`);
    const after = o.after;
    if (after && 'fault' in after && !faults.has(after.fault)) {
      issue(['objectives', i, 'after', 'fault'], `no fault with id "${after.fault}" in faults:${faults.size ? ` (ids: ${[...faults].join(', ')})` : ' give the fault an id'}`);
    }
  });
  if (drill.scoring.sla) paths(['scoring', 'sla', 'check'], drill.scoring.sla.check);
  const metric = drill.scoring.rejectedOrders?.metric;
  if (metric !== undefined && !known.has(metric)) issue(['scoring', 'rejectedOrders', 'metric'], `unknown metric "${metric}"`);
  drill.prerequisites.forEach((p, i) => p === sc.id && issue(['prerequisites', i], 'a drill cannot be its own prerequisite'));
  if (drill.objectives.every((o) => o.weight === 0)) issue(['objectives'], 'give at least one objective a weight above 0');
}
