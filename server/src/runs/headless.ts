import type { StampedCommand } from '@twinlab/shared/scenario/command';
import type { ParseScenarioResult } from '@twinlab/shared/scenario/parse';
import { formatScenarioError } from '@twinlab/shared/scenario/parse';
import type { MetricsSummary } from '@twinlab/shared/engine/api';
import { replaySession } from '@twinlab/shared/session/replay';
import type { CreateSimulation } from '@twinlab/shared/session/replay';
import { snapshotBytes, startingPoint, type RestoreSimulation } from './snapshot-run.ts';

/** A session's inputs at one moment: exactly what a participant's browser holds in the document. */
export interface RunInputs {
  scenarioText: string;
  seed: number;
  commands: StampedCommand[];
  until: number;
  /** Start from this encoded snapshot of an earlier run of the same inputs (snapshot-run.ts), not the window's start. */
  from?: Uint8Array;
  /** Also return the state at `until` as an encoded snapshot (for a late joiner). */
  snapshot?: boolean;
}

export interface RunOutput {
  until: number;
  stateHash: string;
  commandsApplied: number;
  metrics: MetricsSummary;
  elapsedMs: number;
  snapshot?: Uint8Array;
}

export type RunResult = { ok: true; output: RunOutput } | { ok: false; error: string };

export interface Engine {
  parseScenario: (text: string, file?: string) => ParseScenarioResult;
  createSimulation: CreateSimulation;
  restoreSimulation?: RestoreSimulation;
}

/** Run the shared engine over a session's inputs, the same way every participant does (replaySession). */
export function runHeadless(engine: Engine, inputs: RunInputs): RunResult {
  const started = performance.now();
  const parsed = engine.parseScenario(inputs.scenarioText, 'session scenario');
  if (!parsed.ok) return { ok: false, error: `the session's scenario does not load: ${parsed.errors.map(formatScenarioError).join('; ')}` };
  try {
    const start = startingPoint(engine.createSimulation, engine.restoreSimulation, parsed.scenario, inputs.commands, inputs.from);
    if (!start.ok) return { ok: false, error: start.error };
    const sim = replaySession(start.create, parsed.scenario, inputs.seed, start.commands, inputs.until);
    return {
      ok: true,
      output: {
        until: sim.now,
        stateHash: sim.stateHash(),
        commandsApplied: inputs.commands.filter((c) => c.at <= inputs.until).length,
        metrics: sim.metrics(),
        elapsedMs: Math.round(performance.now() - started),
        ...(inputs.snapshot ? { snapshot: snapshotBytes(sim, inputs.commands, inputs.until) } : {}),
      },
    };
  } catch (e) {
    return { ok: false, error: `the engine stopped: ${e instanceof Error ? e.message : String(e)}` };
  }
}
