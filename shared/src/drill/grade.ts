import { simulationView } from '../predicate/view.ts';
import type { StampedCommand } from '../scenario/command.ts';
import type { Scenario } from '../scenario/schema.ts';
import { advanceTo, inSeqOrder, type CreateSimulation } from '../session/replay.ts';
import type { Drill } from '../scenario/drill.ts';
import { scoreDrill, type DrillScore } from './score.ts';
import { drillView, DrillTracker, type HintUse } from './track.ts';

export interface DrillResult extends DrillScore {
  drillId: string;
  title: string;
  seed: number;
  start: number;
  end: number;
  /** State hash at the drill's end: two graders of the same inputs agree on it. */
  endHash: string;
  samples: number;
  commandsApplied: number;
}

/** The scenario's drill, or an error naming the file's problem. */
export function drillOf(scenario: Scenario): Drill {
  if (!scenario.drill) throw new Error(`scenario ${scenario.id} has no drill: add a drill: section with objectives`);
  return scenario.drill;
}

/**
 * Grade a drill from a session's recorded inputs: run the engine over them with advanceTo, as
 * replaySession does, and evaluate the objectives every
 * sampleEvery of simulated time, plus at each deadline, up to the drill's end.
 */
export function gradeDrill(createSimulation: CreateSimulation, scenario: Scenario, seed: number, commands: readonly StampedCommand[], hints: readonly HintUse[] = []): DrillResult {
  const drill = drillOf(scenario);
  const tracker = new DrillTracker(scenario, drill);
  const ordered = inSeqOrder(commands);
  const sim = createSimulation(scenario, { seed });
  const times = new Set<number>();
  for (let t = tracker.start; t < tracker.end; t += drill.sampleEvery) times.add(t);
  times.add(tracker.end);
  for (const t of tracker.deadlines(ordered)) times.add(t);
  let applied = 0;
  const known: StampedCommand[] = [];
  for (const t of [...times].sort((a, b) => a - b)) {
    const next = advanceTo(sim, ordered, applied, t);
    while (applied < next) known.push(ordered[applied++]!);
    tracker.observe(t, simulationView(sim, drillView(tracker.start, hints, t)), known);
  }
  const score = scoreDrill(drill, tracker, hints);
  return {
    drillId: scenario.id,
    title: drill.title ?? scenario.title,
    seed,
    start: tracker.start,
    end: tracker.end,
    endHash: sim.stateHash(),
    samples: times.size,
    commandsApplied: known.length,
    ...score,
  };
}
