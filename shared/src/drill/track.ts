import { evaluatePredicate, parsePredicate, type Predicate, type PredicateView } from '../predicate/index.ts';
import type { StampedCommand } from '../scenario/command.ts';
import type { Scenario } from '../scenario/schema.ts';
import { drillPeriod } from '../scenario/drill-check.ts';
import type { Drill, Objective } from '../scenario/drill.ts';

export type ObjectiveStatus = 'pending' | 'met' | 'missed' | 'not_triggered';

export interface ObjectiveState {
  id: string;
  title: string;
  weight: number;
  required: boolean;
  /** How the objective is judged, in words: "always", "by 10:10:00", "within 3m of fault gw-crash". */
  when: string;
  status: ObjectiveStatus;
  /** When it was met (µs): the first sample that satisfied it (by: the start of the run that held at the deadline). */
  metAt?: number;
  /** When it was missed (µs). */
  missedAt?: number;
  /** When its `within` clock started, once known. */
  triggeredAt?: number;
  /** The check at the latest sample: what a trainee sees live. */
  ok: boolean;
  failures: string[];
}

/** A hint the trainee asked for, stamped by the server with the simulated time of the request. */
export interface HintUse {
  hint: number;
  actor: string;
  at: number;
}

/** Extra check paths for drills: drill.elapsed (µs since the drill start) and drill.hintsUsed. */
export function drillView(start: number, hints: readonly HintUse[], t: number): PredicateView {
  return (path) => {
    if (path === 'drill.elapsed') return Math.max(0, t - start);
    if (path === 'drill.hintsUsed') return hints.filter((h) => h.at <= t).length;
    return undefined;
  };
}

/**
 * When each objective's `within` clock starts: a scheduled fault at its time (or a live one when
 * injected with that id), the first command of a kind, or a time of day. Computed from the inputs,
 * not the engine, so the browser shows the same deadline the server judges.
 */
export function triggerTime(o: Objective, sc: Pick<Scenario, 'faults' | 'window'>, commands: readonly StampedCommand[]): number | undefined {
  const a = o.after;
  if (a === undefined) return undefined;
  if ('time' in a) return a.time;
  if ('fault' in a) {
    const scheduled = sc.faults.find((f) => f.id === a.fault);
    const live = commands.find((c) => c.command.type === 'inject_fault' && c.command.fault.id === a.fault);
    const times = [scheduled ? Math.max(scheduled.at, sc.window.start) : undefined, live?.at].filter((x): x is number => x !== undefined);
    return times.length ? Math.min(...times) : undefined;
  }
  return commands.find((c) => c.command.type === a.command)?.at;
}

function describeWhen(o: Objective): string {
  const clock = (us: number) => {
    const m = Math.floor(us / 60_000_000);
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  };
  if (o.always) return o.from !== undefined ? `always from ${clock(o.from)}` : 'always';
  if (o.by !== undefined) return `by ${clock(o.by)}`;
  const a = o.after!;
  const d = o.within! % 60_000_000 === 0 ? `${o.within! / 60_000_000}m` : `${o.within! / 1_000_000}s`;
  return `within ${d} of ${'fault' in a ? `fault ${a.fault}` : 'command' in a ? `the first ${a.command}` : clock(a.time)}`;
}

/**
 * Follows a drill's objectives over samples of a run, in time order. The server's grader and the
 * lab's live checks both feed it, so what the trainee sees live is judged by the same rules.
 */
export class DrillTracker {
  readonly start: number;
  readonly end: number;
  readonly objectives: ObjectiveState[];
  private readonly checks: Predicate[];
  private readonly runStart: (number | undefined)[];
  private readonly sla: Predicate | undefined;
  private last = -1;
  /** Simulated µs during which the SLA check failed (each failing sample counts one sample step). */
  slaBreachUs = 0;
  lostAtStart: number | undefined;
  lostAtEnd: number | undefined;
  /** The scoring's rejectedOrders metric at the drill start and at its end. */
  rejectedAtStart: number | undefined;
  rejectedAtEnd: number | undefined;
  /** Breaks classified wrongly by the drill's end (recon.misclassified), when the drill scores classification. */
  misclassified = 0;

  constructor(
    private readonly scenario: Pick<Scenario, 'faults' | 'window'>,
    readonly drill: Drill,
  ) {
    const period = drillPeriod(scenario, drill);
    this.start = period.start;
    this.end = period.end;
    this.checks = drill.objectives.map((o) => parsePredicate(o.check));
    this.runStart = drill.objectives.map(() => undefined);
    this.sla = drill.scoring.sla ? parsePredicate(drill.scoring.sla.check) : undefined;
    this.objectives = drill.objectives.map((o) => ({ id: o.id, title: o.title, weight: o.weight, required: o.required, when: describeWhen(o), status: 'pending', ok: false, failures: [] }));
  }

  /** Times the objectives must be sampled at besides the regular grid: deadlines and `by` times. */
  deadlines(commands: readonly StampedCommand[]): number[] {
    const out: number[] = [];
    this.drill.objectives.forEach((o) => {
      if (o.by !== undefined) out.push(o.by);
      const t = triggerTime(o, this.scenario, commands);
      if (t !== undefined && o.within !== undefined) out.push(t + o.within);
    });
    return out.filter((t) => t >= this.start && t <= this.end);
  }

  /** Evaluate every objective at simulated time t (t increasing) given the commands known so far. */
  observe(t: number, view: PredicateView, commands: readonly StampedCommand[]): void {
    if (t <= this.last) return;
    const step = this.last < 0 ? 0 : t - this.last;
    this.last = t;
    if (t < this.start) return;
    const lost = view('orders.failed'); // submissions that failed back to the client: the only orders really gone
    if (typeof lost === 'number') {
      this.lostAtStart ??= lost;
      this.lostAtEnd = lost;
    }
    const rejected = this.drill.scoring.rejectedOrders ? view(this.drill.scoring.rejectedOrders.metric) : undefined;
    if (typeof rejected === 'number') {
      this.rejectedAtStart ??= rejected;
      this.rejectedAtEnd = rejected;
    }
    const wrong = this.drill.scoring.classification ? view('recon.misclassified') : undefined;
    if (typeof wrong === 'number') this.misclassified = wrong;
    // A failing sample counts the step since the previous one as time in breach.
    if (this.sla && t > this.start && !evaluatePredicate(this.sla, view).ok) this.slaBreachUs += step;
    this.drill.objectives.forEach((o, i) => {
      const st = this.objectives[i]!;
      const r = evaluatePredicate(this.checks[i]!, view);
      st.ok = r.ok;
      st.failures = r.failures;
      if (st.status !== 'pending') return;
      if (o.always) {
        if (t >= (o.from ?? this.start) && !r.ok) {
          st.status = 'missed';
          st.missedAt = t;
        }
        return;
      }
      if (o.by !== undefined) {
        if (t > o.by) return;
        if (!r.ok) this.runStart[i] = undefined;
        else this.runStart[i] ??= t;
        if (t === o.by) {
          if (r.ok) {
            st.status = 'met';
            st.metAt = this.runStart[i];
          } else {
            st.status = 'missed';
            st.missedAt = t;
          }
        }
        return;
      }
      const trigger = triggerTime(
        o,
        this.scenario,
        commands.filter((c) => c.at <= t),
      );
      if (trigger === undefined || t < trigger) return;
      st.triggeredAt = trigger;
      const deadline = trigger + o.within!;
      if (r.ok && t > trigger && t <= deadline) {
        st.status = 'met';
        st.metAt = t;
      } else if (t >= deadline) {
        st.status = 'missed';
        st.missedAt = deadline;
      }
    });
  }

  /** Close the books at the drill's end: unbroken `always` objectives are met, untriggered ones do not count against. */
  finish(): ObjectiveState[] {
    this.drill.objectives.forEach((o, i) => {
      const st = this.objectives[i]!;
      if (st.status !== 'pending') return;
      if (o.always) {
        st.status = 'met';
        st.metAt = this.end;
      } else if (o.within !== undefined && st.triggeredAt === undefined) st.status = 'not_triggered';
      else {
        st.status = 'missed';
        st.missedAt = this.end;
      }
    });
    return this.objectives;
  }
}
