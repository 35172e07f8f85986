import { createSimulation } from '../engine/simulation.ts';
import { formatScenarioError, parseScenario } from '../scenario/parse.ts';
import type { SessionExport } from '../replay/export.ts';
import { gradeDrill, type DrillResult } from './grade.ts';

export type GradeOutcome = { ok: true; result: DrillResult } | { ok: false; error: string };

/** Grade a recorded session from its export: the same computation the server runs for the result page. */
export function gradeSessionExport(exp: SessionExport): GradeOutcome {
  const parsed = parseScenario(exp.scenarioText, `session ${exp.session.id} scenario`);
  if (!parsed.ok) return { ok: false, error: `the session's scenario does not load: ${parsed.errors.map(formatScenarioError).join('; ')}` };
  if (!parsed.scenario.drill) return { ok: false, error: `scenario ${parsed.scenario.id} is not a drill (it has no drill: section), so there is nothing to grade` };
  try {
    return { ok: true, result: gradeDrill(createSimulation, parsed.scenario, exp.seed, exp.commands, exp.hints) };
  } catch (e) {
    return { ok: false, error: `the engine stopped: ${e instanceof Error ? e.message : String(e)}` };
  }
}
