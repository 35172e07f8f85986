import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { StampedCommand } from '@twinlab/shared/scenario/command';
import type { Simulation, SimSnapshot } from '@twinlab/shared/engine/api';
import { createSimulation, restoreSimulation } from '@twinlab/shared/engine/index';
import { packClone, storedBytes } from '@twinlab/shared/engine/snapshot';
import { advanceTo, inSeqOrder } from '@twinlab/shared/session/replay';
import { latestValid, planSync, type SnapshotMark } from './sync-plan.ts';

export interface RunnerOptions {
  /** Simulated µs per engine step: the worker never runs further than this between checks. */
  stepUs: number;
  /** Keep a snapshot every this many simulated µs. */
  snapshotEveryUs: number;
  /** Snapshots kept at most. */
  keepSnapshots: number;
  /**
   * And at most this many bytes of them (compact: engine/snapshot.ts packClone). At a real client's
   * size one is a couple of hundred MB, so the oldest go first, and one that alone would pass the
   * budget is not taken. Issue 15 gives the browser worker 1 GiB in all.
   */
  snapshotBudgetBytes: number;
}

const DEFAULTS: RunnerOptions = { stepUs: 100_000, snapshotEveryUs: 300_000_000, keepSnapshots: 3, snapshotBudgetBytes: 256 * 2 ** 20 };

/**
 * A participant's run of the session: the same engine calls as replaySession (shared/session/replay.ts:
 * its advanceTo), made step by step as the shared clock advances, with snapshots to roll back to when the log
 * brings a command stamped in the past. Pure: the worker drives it, and tests drive it in Node.
 */
export class SessionRun {
  sim: Simulation;
  private log: StampedCommand[] = [];
  private applied = 0;
  private snapshots: { mark: SnapshotMark; snap: SimSnapshot; bytes: number }[] = [];
  private nextSnapshotAt: number;
  readonly options: RunnerOptions;
  rollbacks = 0;
  /** Bumped whenever history is rewritten, so metric readers can drop what they derived from it. */
  epoch = 0;

  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    options: Partial<RunnerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.sim = createSimulation(scenario, { seed });
    this.nextSnapshotAt = this.sim.now + this.options.snapshotEveryUs;
  }

  get now(): number {
    return this.sim.now;
  }

  get appliedCount(): number {
    return this.applied;
  }

  /** The command log changed (a new stamped entry, or a resync). Returns why it rolled back, if it did. */
  setLog(log: readonly StampedCommand[]): string | null {
    const ordered = inSeqOrder(log);
    const plan = planSync(
      this.log.slice(0, this.applied),
      ordered,
      this.sim.now,
      this.snapshots.map((s) => s.mark),
    );
    this.log = ordered;
    if (plan.kind === 'continue') return null;
    this.restore(plan.snapshot);
    return plan.reason;
  }

  /**
   * The shared clock is behind this run (a pause landed before the time this participant had
   * reached with its estimate of the server's clock): go back to a snapshot at or before `target`.
   */
  rewind(target: number): boolean {
    if (target >= this.sim.now) return false;
    this.restore(
      latestValid(
        this.log,
        this.applied,
        this.snapshots.map((s) => s.mark),
        target,
      ),
    );
    return true;
  }

  private restore(mark: SnapshotMark | null): void {
    this.rollbacks++;
    this.epoch++;
    const found = mark ? this.snapshots.find((s) => s.mark === mark) : undefined;
    if (found) {
      this.sim = restoreSimulation(this.scenario, found.snap);
      this.applied = found.mark.applied;
      this.snapshots = this.snapshots.filter((s) => s.mark.time <= found.mark.time && s.mark.applied <= found.mark.applied);
    } else {
      this.sim = createSimulation(this.scenario, { seed: this.seed });
      this.applied = 0;
      this.snapshots = [];
    }
    this.nextSnapshotAt = this.sim.now + this.options.snapshotEveryUs;
  }

  /**
   * Run towards `target`, applying log entries at their stamps. Stops early when `shouldYield`
   * says so (the worker keeps answering messages); returns true once `target` is reached.
   */
  advance(target: number, shouldYield: () => boolean = () => false): boolean {
    const sim = this.sim;
    // Entries stamped exactly at the time reached are applied (as replaySession does before the
    // hash is read), so every snapshot and every return has them.
    this.applied = advanceTo(sim, this.log, this.applied, sim.now);
    while (sim.now < target) {
      const stepEnd = Math.min(target, sim.now + this.options.stepUs, this.nextSnapshotAt);
      this.applied = advanceTo(sim, this.log, this.applied, stepEnd);
      // A halted run (emergency stop) stays where it stopped, but later entries still enter the
      // log as replaySession enters them.
      if (sim.now < stepEnd) {
        this.applied = advanceTo(sim, this.log, this.applied, target);
        break;
      }
      if (sim.now >= this.nextSnapshotAt) this.takeSnapshot();
      if (shouldYield()) break;
    }
    return sim.now >= target;
  }

  private takeSnapshot(): void {
    this.nextSnapshotAt = this.sim.now + this.options.snapshotEveryUs;
    const budget = this.options.snapshotBudgetBytes;
    const need = this.sim.compactSnapshotBytes();
    // Over the budget on its own (the pools at a real client's open): skip it and keep the older ones.
    if (need > budget) return;
    // Room first: holding the old ones while the new one is made would raise the peak.
    while (this.snapshots.length > 0 && (this.snapshots.length >= this.options.keepSnapshots || this.keptBytes + need > budget)) this.snapshots.shift();
    this.snapshots.push({ mark: { time: this.sim.now, applied: this.applied }, snap: this.sim.compactSnapshot(), bytes: need });
  }

  /** Bytes the kept snapshots hold. */
  get keptBytes(): number {
    let n = 0;
    for (const s of this.snapshots) n += s.bytes;
    return n;
  }

  /**
   * A snapshot copies the whole state (tens of MB at mid-day, hundreds of ms), so the worker
   * spaces them by wall time: at high speed, further apart in simulated time.
   */
  setSnapshotInterval(us: number): void {
    if (us === this.options.snapshotEveryUs) return;
    const last = this.snapshots.at(-1)?.mark.time ?? this.sim.now;
    this.options.snapshotEveryUs = us;
    this.nextSnapshotAt = Math.max(this.sim.now, last + us);
  }

  /** Go on from a snapshot made elsewhere (the server's, for a late joiner: late-join.ts), kept as the first rollback point. */
  startFrom(sim: Simulation, snap: SimSnapshot, mark: SnapshotMark, log: readonly StampedCommand[]): void {
    this.sim = sim;
    this.log = [...log].sort((a, b) => a.seq - b.seq);
    this.applied = mark.applied;
    const kept = { ...snap, state: packClone(snap.state) }; // the server's, full size: kept compact like the worker's own
    this.snapshots = [{ mark, snap: kept, bytes: storedBytes(kept.state) }];
    this.epoch++;
    this.nextSnapshotAt = sim.now + this.options.snapshotEveryUs;
  }

  get snapshotMarks(): SnapshotMark[] {
    return this.snapshots.map((s) => s.mark);
  }
}
