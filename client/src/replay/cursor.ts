import type { Simulation } from '@twinlab/shared/engine/api';
import type { ReplayIndex } from '@twinlab/shared/replay/index-builder';
import { advanceTo } from '@twinlab/shared/session/replay';

/**
 * Where the replay stands. Playing forward continues the run it has (cheap); a jump back, or far
 * ahead past a snapshot, restores from the index. Either way commands are applied by the
 * stepper replaySession uses (advanceTo), so every position has the recorded run's state.
 */
export class ReplayCursor {
  private sim: Simulation | null = null;
  private applied = 0;

  constructor(private readonly index: ReplayIndex) {}

  at(t: number): Simulation {
    const target = Math.min(Math.max(t, this.index.snapshotTimes[0]!), this.index.end);
    const nextSnapshot = this.index.snapshotTimes.find((s) => this.sim !== null && s > this.sim.now && s <= target);
    if (!this.sim || target < this.sim.now || nextSnapshot !== undefined) {
      this.sim = this.index.seek(target);
      this.applied = this.index.commands.filter((c) => c.at <= target).length;
      return this.sim;
    }
    this.applied = advanceTo(this.sim, this.index.commands, this.applied, target);
    return this.sim;
  }
}
