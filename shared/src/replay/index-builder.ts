import type { SimSnapshot, Simulation } from '../engine/api.ts';
import type { StampedCommand } from '../scenario/command.ts';
import type { Scenario } from '../scenario/schema.ts';
import { advanceTo, inSeqOrder, type CreateSimulation } from '../session/replay.ts';
import { clone, deltaBytes, diff, patch, type Delta } from './delta.ts';

export type RestoreSimulation = (scenario: Scenario, snapshot: SimSnapshot) => Simulation;

export interface ReplayOptions {
  /** Take a snapshot once this many engine events have passed since the last: bounds the work of any seek. Default 250,000 (~0.1 s of engine time). */
  eventsPerSnapshot?: number;
  /** Simulated time between checks of the event budget while building. Default 10 s. */
  step?: number;
}

interface Mark {
  /** Simulated time of the snapshot: every command with at ≤ this is applied. */
  at: number;
  /** How many commands (in seq order) the snapshot holds. */
  applied: number;
  /** From the previous mark's state to this one's (the first mark's is from nothing: its whole state). */
  delta: Delta;
}

/**
 * A recorded session, ready to scrub: engine snapshots at intervals over its inputs. Seeking
 * restores the nearest snapshot before the target and runs the rest, calling the engine exactly
 * as replaySession does (advanceTo), so every state it returns is
 * the one a live participant had at that moment, to the state hash.
 */
export class ReplayIndex {
  /** @internal the builder extends marks and end as it goes; everything before end can be sought */
  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    readonly commands: readonly StampedCommand[],
    private reach: number,
    private readonly marks: Mark[],
    private readonly base: SimSnapshot,
    private readonly restore: RestoreSimulation,
  ) {}

  /** How far the index reaches: a seek past it stops here (it grows while a builder is still running). */
  get end(): number {
    return this.reach;
  }

  /** @internal */
  extend(mark: Mark | null, reach: number): void {
    if (mark) this.marks.push(mark);
    this.reach = reach;
  }

  /** Run the session once from its start to `until` (default: the window end), keeping snapshots. */
  static build(
    createSimulation: CreateSimulation,
    restore: RestoreSimulation,
    scenario: Scenario,
    seed: number,
    commands: readonly StampedCommand[],
    until: number = scenario.window.end,
    options: ReplayOptions = {},
  ): ReplayIndex {
    const builder = new ReplayIndexBuilder(createSimulation, restore, scenario, seed, commands, until, options);
    while (!builder.done) builder.advance();
    return builder.index;
  }

  /** Bytes the index keeps: the first state in full, then the deltas. */
  get bytes(): { base: number; deltas: number } {
    return { base: deltaBytes({ k: 'full', v: this.base.state }), deltas: this.marks.reduce((n, m) => n + deltaBytes(m.delta), 0) };
  }

  /** Snapshot times (µs), for a timeline that shows where scrubbing is cheapest. */
  get snapshotTimes(): number[] {
    return this.marks.map((m) => m.at);
  }

  /** The state at simulated time t: every command stamped at or before t applied, events up to t processed. */
  seek(t: number): Simulation {
    const target = Math.max(this.marks[0]!.at, Math.min(t, this.end));
    const mark = this.lastMark((m) => m.at <= target);
    const sim = this.restoreMark(mark);
    advanceTo(sim, this.commands, mark.applied, target);
    return sim;
  }

  /** The state just after the command at index i (seq order) was applied: what every participant had then. */
  afterCommand(i: number): Simulation {
    const c = this.commands[i];
    if (!c) throw new Error(`no command at index ${i}: the session has ${this.commands.length}`);
    const mark = this.lastMark((m) => m.at <= c.at && m.applied <= i);
    const sim = this.restoreMark(mark);
    // Through command i and no further, even if the next one has the same stamp.
    advanceTo(sim, this.commands.slice(0, i + 1), mark.applied, c.at);
    return sim;
  }

  /** The first state with every delta up to the mark applied, handed to the engine to continue from. */
  private restoreMark(mark: Mark): Simulation {
    let state = clone(this.base.state);
    for (const m of this.marks) {
      state = patch(state, m.delta);
      if (m === mark) break;
    }
    return this.restore(this.scenario, { ...this.base, state });
  }

  private lastMark(ok: (m: Mark) => boolean): Mark {
    for (let i = this.marks.length - 1; i >= 0; i--) if (ok(this.marks[i]!)) return this.marks[i]!;
    return this.marks[0]!;
  }
}

/**
 * Builds a replay index a step at a time, so a page can scrub the part already indexed while the
 * rest of a long session is still being run (a four-hour session takes tens of seconds). The
 * marks are the same as one uninterrupted build's.
 */
export class ReplayIndexBuilder {
  readonly index: ReplayIndex;
  private readonly sim: Simulation;
  private readonly ordered: StampedCommand[];
  private readonly budget: number;
  private readonly step: number;
  private prev: unknown;
  private applied = 0;
  private eventsAtMark = 0;
  private t: number;

  constructor(
    createSimulation: CreateSimulation,
    restore: RestoreSimulation,
    scenario: Scenario,
    seed: number,
    commands: readonly StampedCommand[],
    readonly until: number = scenario.window.end,
    options: ReplayOptions = {},
  ) {
    this.budget = options.eventsPerSnapshot ?? 250_000;
    this.step = options.step ?? 10_000_000;
    this.ordered = inSeqOrder(commands);
    this.sim = createSimulation(scenario, { seed });
    const base = this.sim.snapshot();
    this.prev = base.state;
    this.t = this.sim.now;
    this.index = new ReplayIndex(scenario, seed, this.ordered, this.t, [{ at: this.t, applied: 0, delta: { k: 'same' } }], base, restore);
  }

  get done(): boolean {
    return this.t >= this.until;
  }

  /** Run one more step of simulated time (snapshotting when the event budget is spent); returns how far the index reaches. */
  advance(): number {
    if (this.done) return this.t;
    const t = Math.min(this.until, this.t + this.step);
    this.applied = advanceTo(this.sim, this.ordered, this.applied, t);
    this.t = t;
    const events = this.sim.metrics().events;
    let mark: Mark | null = null;
    if (events - this.eventsAtMark >= this.budget) {
      const { state } = this.sim.snapshot();
      mark = { at: t, applied: this.applied, delta: diff(this.prev, state) };
      this.prev = state;
      this.eventsAtMark = events;
    }
    this.index.extend(mark, t);
    return t;
  }
}
