import { readRepoFile } from '../../scripts/repo-files.mjs';
import { createSimulation, restoreSimulation } from '../../src/engine/simulation.ts';
import type { Simulation } from '../../src/engine/api.ts';
import type { StepView } from '../../src/engine/cutover-report.ts';
import { formatScenarioError, parseScenario } from '../../src/scenario/parse.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import type { Command } from '../../src/scenario/command.ts';
import { parseClock, parseDuration } from '../../src/scenario/units.ts';

export function loadLibraryScenario(name: string): Scenario {
  const r = parseScenario(readRepoFile(`scenarios/${name}.yaml`), `scenarios/${name}.yaml`);
  if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
  return r.scenario;
}

const time = (t: string | number) =>
  typeof t === 'number'
    ? t
    : (parseClock(t) ??
      (() => {
        throw new Error(`bad time ${t}`);
      })());

/**
 * A scripted operator: drives a simulation with the same stamped inputs participants submit in a
 * session (claim a role, start a step, report it done, sign off, decide, switch…), in time order.
 */
export class Operator {
  readonly sim: Simulation;
  private seq = 0;

  constructor(
    readonly scenario: Scenario,
    seed?: number,
    sim?: Simulation,
  ) {
    this.sim = sim ?? createSimulation(scenario, seed === undefined ? {} : { seed });
  }

  /** Another operator going on from this one's state (a snapshot restored), for runs that branch. */
  fork(): Operator {
    const op = new Operator(this.scenario, undefined, restoreSimulation(this.scenario, this.sim.snapshot()));
    op.seq = this.seq;
    return op;
  }

  /** Let the simulation run to a time of day. */
  at(t: string | number): this {
    this.sim.runUntil(time(t));
    return this;
  }

  /** Let simulated time pass. */
  wait(d: string): this {
    this.sim.runUntil(this.sim.now + parseDuration(d)!);
    return this;
  }

  /** Submit an input as `actor` now; it takes effect before anything else at this instant. */
  input(actor: string, command: Command): this {
    this.sim.apply({ seq: this.seq++, at: this.sim.now, actor, command });
    this.sim.runUntil(this.sim.now + 1);
    return this;
  }

  claim(actor: string, role: string): this {
    return this.input(actor, { type: 'claim_role', role });
  }

  /** Start a step, let it take its time (its expected duration unless told), report it done. */
  doStep(actor: string, step: string, took?: string): this {
    this.input(actor, { type: 'step_start', step });
    const def = this.scenario.runbook!.steps.find((s) => s.id === step)!;
    if (this.step(step).status !== 'running') return this; // refused: the timeline says why
    this.sim.runUntil(this.sim.now + (took === undefined ? def.expected : parseDuration(took)!));
    return this.input(actor, { type: 'step_done', step });
  }

  signoff(actor: string, step: string): this {
    return this.input(actor, { type: 'step_signoff', step });
  }

  decide(actor: string, gate: string, decision: 'go' | 'no_go', reason: string): this {
    return this.input(actor, { type: 'gate_decision', gate, decision, reason });
  }

  step(id: string): StepView {
    const s = this.sim.cutover().runbook?.steps.find((x) => x.id === id);
    if (!s) throw new Error(`no step ${id}`);
    return s;
  }

  /** Timeline entries of a kind, as text. */
  timeline(kind?: string): string[] {
    return this.sim
      .cutover()
      .timeline.filter((e) => kind === undefined || e.kind === kind)
      .map((e) => e.text);
  }

  node(id: string) {
    return this.sim.metrics().nodes.find((n) => n.id === id)!;
  }
}
