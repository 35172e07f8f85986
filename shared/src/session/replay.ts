import type { Scenario } from '../scenario/schema.ts';
import type { StampedCommand } from '../scenario/command.ts';
import type { Simulation } from '../engine/api.ts';

export type CreateSimulation = (scenario: Scenario, options: { seed: number }) => Simulation;

/** What the stepper needs of a simulation. */
export type Steppable = Pick<Simulation, 'now' | 'runUntil' | 'apply'>;

/** A session's commands in the order they are applied: by seq, the order the server stamped them. */
export function inSeqOrder(commands: readonly StampedCommand[]): StampedCommand[] {
  return [...commands].sort((a, b) => a.seq - b.seq);
}

/**
 * THE rule of a session's run, the one loop every host uses (headless run, grader, report
 * sampler, replay index, a participant's worker, the replay cursor): starting at commands[from]
 * (seq order), run to each command stamped at or before `t` and apply it, then run to `t`.
 * A command stamped at exactly `t` is applied, so it runs before t's traffic. Returns the index of
 * the first command not applied. A command stamped before the simulation's time means the log is
 * out of time order: that is an error, never a silent late apply.
 */
export function advanceTo(sim: Steppable, commands: readonly StampedCommand[], from: number, t: number): number {
  let i = from;
  for (let c = commands[i]; c !== undefined && c.at <= t; c = commands[++i]) {
    if (c.at < sim.now) throw new Error(`command seq ${c.seq} is stamped at ${c.at} µs, before the simulation's time ${sim.now} µs: the log is out of time order`);
    sim.runUntil(c.at);
    sim.apply(c);
  }
  if (t > sim.now) sim.runUntil(t);
  return i;
}

/**
 * THE way to compute a session's state at simulated time `until` from its inputs. The server's
 * headless run and every participant's worker make the same engine calls in the same order
 * (advanceTo) and reach the same state hash. Commands stamped after `until` have not happened yet
 * and are not applied.
 */
export function replaySession(createSimulation: CreateSimulation, scenario: Scenario, seed: number, commands: readonly StampedCommand[], until: number): Simulation {
  const sim = createSimulation(scenario, { seed });
  advanceTo(sim, inSeqOrder(commands), 0, until);
  return sim;
}
