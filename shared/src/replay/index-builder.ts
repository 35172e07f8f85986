import type { SimSnapshot, Simulation } from '../engine/api.ts';
import type { StampedCommand } from '../scenario/faults.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { CreateSimulation } from '../session/replay.ts';
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
 * as replaySession does (run to each command's stamp, apply it), so every state it returns is
 * the one a live participant had at that moment, to the state hash.
 */
export class ReplayIndex {
  private constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    readonly commands: readonly StampedCommand[],
    readonly end: number,
    private readonly marks: Mark[],
    private readonly base: SimSnapshot,
    private readonly restore: RestoreSimulation,
  ) {}

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
    const budget = options.eventsPerSnapshot ?? 250_000;
    const step = options.step ?? 10_000_000;
    const ordered = [...commands].sort((a, b) => a.seq - b.seq);
    const sim = createSimulation(scenario, { seed });
    const base = sim.snapshot();
    const marks: Mark[] = [{ at: sim.now, applied: 0, delta: { k: 'same' } }];
    let prev = base.state;
    let applied = 0;
    let eventsAtMark = 0;
    for (let t = sim.now; t < until; ) {
      t = Math.min(until, t + step);
      applied = applyUpTo(sim, ordered, applied, t);
      if (t > sim.now) sim.runUntil(t);
      const events = sim.metrics().events;
      if (events - eventsAtMark >= budget) {
        const { state } = sim.snapshot();
        marks.push({ at: t, applied, delta: diff(prev, state) });
        prev = state;
        eventsAtMark = events;
      }
    }
    return new ReplayIndex(scenario, seed, ordered, until, marks, base, restore);
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
    applyUpTo(sim, this.commands, mark.applied, target);
    if (target > sim.now) sim.runUntil(target);
    return sim;
  }

  /** The state just after the command at index i (seq order) was applied: what every participant had then. */
  afterCommand(i: number): Simulation {
    const c = this.commands[i];
    if (!c) throw new Error(`no command at index ${i}: the session has ${this.commands.length}`);
    const mark = this.lastMark((m) => m.at <= c.at && m.applied <= i);
    const sim = this.restoreMark(mark);
    for (let k = mark.applied; k <= i; k++) {
      const next = this.commands[k]!;
      sim.runUntil(next.at);
      sim.apply(next);
    }
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

/** Apply commands from index `from` whose stamp is ≤ t, each after running to its stamp; returns the next index. */
function applyUpTo(sim: Simulation, commands: readonly StampedCommand[], from: number, t: number): number {
  let i = from;
  while (i < commands.length && commands[i]!.at <= t) {
    const c = commands[i++]!;
    if (c.at < sim.now) throw new Error(`command seq ${c.seq} is stamped at ${c.at} µs, before the simulation's time ${sim.now} µs: the log is out of time order`);
    sim.runUntil(c.at);
    sim.apply(c);
  }
  return i;
}
