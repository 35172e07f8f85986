import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { StampedCommand } from '@twinlab/shared/scenario/command';
import type { Simulation, SimSnapshot } from '@twinlab/shared/engine/api';
import { decodeSnapshot, encodeSnapshot } from '@twinlab/shared/engine/snapshot-wire';
import type { CreateSimulation } from '@twinlab/shared/session/replay';

export type RestoreSimulation = (scenario: Scenario, snapshot: SimSnapshot) => Simulation;

/** The commands in seq order that a run to `until` applies (replaySession's rule: stamped at or before it). */
export function appliedBy(commands: readonly StampedCommand[], until: number): { applied: number; lastSeq: number } {
  const ordered = [...commands].sort((a, b) => a.seq - b.seq);
  let applied = 0;
  while (applied < ordered.length && ordered[applied]!.at <= until) applied++;
  return { applied, lastSeq: applied ? ordered[applied - 1]!.seq : -1 };
}

export type StartingPoint = { ok: true; create: CreateSimulation; commands: readonly StampedCommand[] } | { ok: false; error: string };

/**
 * Where a headless run starts: at the window's start, or from an encoded snapshot of an earlier
 * run of the same session (the snapshot cache), with the commands that snapshot did not apply yet.
 * Either way the run then makes replaySession's calls, so it reaches the same state.
 */
export function startingPoint(create: CreateSimulation, restore: RestoreSimulation | undefined, scenario: Scenario, commands: readonly StampedCommand[], from: Uint8Array | undefined): StartingPoint {
  if (!from) return { ok: true, create, commands };
  if (!restore) return { ok: false, error: 'this engine cannot restore snapshots' };
  const decoded = decodeSnapshot(from);
  if (!decoded.ok) return { ok: false, error: decoded.error };
  const sim = restore(scenario, decoded.snapshot);
  const rest = [...commands].sort((a, b) => a.seq - b.seq).slice(decoded.meta.applied);
  return { ok: true, create: () => sim, commands: rest };
}

/** The run's state as bytes for a late joiner, with what it needs to check them. */
export function snapshotBytes(sim: Simulation, commands: readonly StampedCommand[], until: number): Uint8Array {
  return encodeSnapshot(sim.snapshot(), { time: sim.now, ...appliedBy(commands, until), stateHash: sim.stateHash() });
}
