import type { Scenario } from '../scenario/schema.ts';
import type { StampedCommand } from '../scenario/command.ts';
import type { Simulation } from '../engine/api.ts';

export type CreateSimulation = (scenario: Scenario, options: { seed: number }) => Simulation;

/**
 * THE way to compute a session's state at simulated time `until` from its inputs. The server's
 * headless run and every participant's worker call this same function, so they make the same
 * engine calls in the same order and reach the same state hash: for each command in seq order,
 * run to its stamped time, then apply it; then run to `until`. Commands stamped after `until`
 * have not happened yet and are not applied.
 */
export function replaySession(createSimulation: CreateSimulation, scenario: Scenario, seed: number, commands: readonly StampedCommand[], until: number): Simulation {
  const sim = createSimulation(scenario, { seed });
  const ordered = [...commands].sort((a, b) => a.seq - b.seq);
  for (const c of ordered) {
    if (c.at > until) break;
    if (c.at < sim.now) throw new Error(`command seq ${c.seq} is stamped at ${c.at} µs, before the simulation's time ${sim.now} µs: the log is out of time order`);
    sim.runUntil(c.at);
    sim.apply(c);
  }
  if (until > sim.now) sim.runUntil(until);
  return sim;
}
