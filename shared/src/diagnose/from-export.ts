import { createSimulation } from '../engine/simulation.ts';
import { simulationView } from '../predicate/view.ts';
import type { SessionExport } from '../replay/export.ts';
import { parseScenario } from '../scenario/parse.ts';
import { replaySession } from '../session/replay.ts';
import { simTimeAt } from '../session/clock.ts';
import { diagnoseSession } from './diagnose.ts';
import type { Diagnosis } from './finding.ts';

export type DiagnoseOutcome = { ok: true; diagnosis: Diagnosis & { until: number } } | { ok: false; error: string };

/**
 * Diagnose a recorded session: replay it to `until` (default: where its clock stood when exported,
 * else the window's end) and read the evidence from that run. A file that does not load is
 * reported in the diagnosis (errors), not as a failure.
 */
export function diagnoseSessionExport(exp: SessionExport, until?: number, wallMs = exp.exportedAt): DiagnoseOutcome {
  const file = `session ${exp.session.id} scenario`;
  const parsed = parseScenario(exp.scenarioText, file);
  if (!parsed.ok) return { ok: true, diagnosis: { ...diagnoseSession(exp.scenarioText, file, { commands: exp.commands, view: () => undefined }), until: until ?? 0 } };
  const sc = parsed.scenario;
  const at = Math.min(sc.window.end, Math.max(sc.window.start, until ?? (exp.clock ? simTimeAt(exp.clock, wallMs) : sc.window.end)));
  try {
    const sim = replaySession(createSimulation, sc, exp.seed, exp.commands, at);
    return { ok: true, diagnosis: { ...diagnoseSession(exp.scenarioText, file, { commands: exp.commands.filter((c) => c.at <= at), view: simulationView(sim) }), until: at } };
  } catch (e) {
    return { ok: false, error: `the engine stopped: ${e instanceof Error ? e.message : String(e)}` };
  }
}
