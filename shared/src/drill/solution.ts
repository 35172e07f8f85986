import { z } from 'zod';
import { Command, type StampedCommand } from '../scenario/command.ts';
import { parseYamlFile, type ParseYamlResult } from '../scenario/parse.ts';
import { ClockTime, Id } from '../scenario/units.ts';

/**
 * A drill's model answer: what a trainee who knows the drill does, and when. It lives beside the
 * drill (scenarios/drills/solutions/<drill>.yaml), not in it, because a trainee may read the
 * drill's scenario while playing. The tests hold every drill to it (it must score full marks),
 * and the result page shows it once the trainee has been graded.
 */
export const SolutionStep = z
  .object({
    at: ClockTime.meta({ description: 'Simulated time of day the command is given.' }),
    command: Command,
    why: z.string().min(1).optional().meta({ description: 'Why now and why this, as the trainee reads it after the drill.' }),
  })
  .strict();
export type SolutionStep = z.output<typeof SolutionStep>;

export const DrillSolution = z
  .object({
    schemaVersion: z.literal(1),
    drill: Id.meta({ description: 'The drill (scenario id) this answers.' }),
    steps: z.array(SolutionStep).min(1),
  })
  .strict()
  .superRefine((v, ctx) => {
    v.steps.forEach((s, i) => {
      if (i > 0 && s.at < v.steps[i - 1]!.at) ctx.addIssue({ code: 'custom', path: ['steps', i, 'at'], message: 'steps are in time order: this one comes before the step above it' });
    });
  });
export type DrillSolution = z.output<typeof DrillSolution>;

export function parseSolution(text: string, file: string): ParseYamlResult<DrillSolution> {
  return parseYamlFile(text, file, DrillSolution);
}

/** The model answer as the session log a trainee would have made: one command per step, in order. */
export function solutionCommands(solution: DrillSolution, actor = 'model answer'): StampedCommand[] {
  return solution.steps.map((s, seq) => ({ seq, at: s.at, actor, command: s.command }));
}
