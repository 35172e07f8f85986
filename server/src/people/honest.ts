import type { SessionExport } from '@twinlab/shared/replay/export';
import { EXERCISE_CONTROLS } from '@twinlab/shared/session/roles';

/**
 * An honest attempt is one where the trainee acted: at least one command of their own that works
 * the twin (a restart, a failover, a throttle, a resync, a gate decision…), before the drill's end.
 * Exercise controls (faults, load) do not count: they change the exercise, not its response. An
 * attempt that only watches the clock run is empty, and an empty attempt never earns the model
 * answer, however many came before: otherwise grading an idle session would be a way to read it.
 */
export function actionsOf(exp: Pick<SessionExport, 'commands'>, drillEnd: number): number {
  return exp.commands.filter((c) => !EXERCISE_CONTROLS.includes(c.command.type) && c.at <= drillEnd).length;
}

/**
 * After how many honest attempts the model answer is shown without a pass: the first attempt
 * explores, the second tries a fix after reading the evidence, the third after the hints; past
 * that, more failing teaches less than reading the answer and its reasons.
 */
export const SOLUTION_AFTER_HONEST = 3;

/** Whether this graded attempt may see the model answer. */
export function mayShowSolution(attempt: { passed: boolean; actions: number }, honestAttemptsSoFar: number): boolean {
  if (attempt.actions === 0) return false;
  return attempt.passed || honestAttemptsSoFar >= SOLUTION_AFTER_HONEST;
}
