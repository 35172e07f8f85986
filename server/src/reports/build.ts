import type { Scenario } from '@twinlab/shared/scenario/schema';
import { formatClock } from '@twinlab/shared/scenario/units';
import { formatScenarioError, type ParseScenarioResult } from '@twinlab/shared/scenario/parse';
import { simTimeAt } from '@twinlab/shared/session/clock';
import type { CreateSimulation } from '@twinlab/shared/session/replay';
import type { SessionExport } from '@twinlab/shared/replay/export';
import { sampleRun, type MetricsPoint } from '@twinlab/shared/replay/sample';
import { sessionTimeline, type TimelineEvent } from '@twinlab/shared/replay/timeline';
import { describeCommand } from '@twinlab/shared/replay/timeline';
import { gradeDrill, type DrillResult } from '@twinlab/shared/drill/grade';

export const REPORT_FORMAT = 'twinlab-aar/1';
/** Metrics are compared this long before and after each event. */
export const IMPACT_WINDOW_US = 60_000_000;
/** Points of the report's flow chart over the whole session. */
export const SERIES_POINTS = 200;
/** Points of each event's own chart, over the impact window on both sides. */
const AROUND_POINTS = 13;
/** Events that get their own chart (the first ones measured), so a long session's report stays readable. */
export const EVENT_CHARTS = 30;

export interface ReportEvent extends TimelineEvent {
  atClock: string;
  before?: MetricsPoint;
  after?: MetricsPoint;
  /** The metrics across the impact window, for the event's chart. */
  around?: MetricsPoint[];
}

/** The after-action report of one session: what happened, who did it, what it did to the flow, and the score. */
export interface AfterActionReport {
  format: typeof REPORT_FORMAT;
  session: SessionExport['session'];
  scenario: { id: string; title: string };
  seed: number;
  until: number;
  untilClock: string;
  stateHash: string;
  participants: { actor: string; commands: number }[];
  commands: { seq: number; at: number; atClock: string; actor: string; label: string; command: SessionExport['commands'][number]['command'] }[];
  timeline: ReportEvent[];
  final: MetricsPoint;
  /** The metrics on an even grid from the window's start to `until`, for the flow chart. */
  series: MetricsPoint[];
  drill?: DrillResult;
}

export interface ReportEngine {
  parseScenario: (text: string, file?: string) => ParseScenarioResult;
  createSimulation: CreateSimulation;
}

export type ReportOutcome = { ok: true; report: AfterActionReport } | { ok: false; error: string };

/** How far the session got: the shared clock at export, and never before its last command. */
export function reportUntil(exp: SessionExport, scenario: Scenario): number {
  const clock = exp.clock ? simTimeAt(exp.clock, exp.exportedAt) : scenario.window.start;
  const last = exp.commands.reduce((t, c) => Math.max(t, c.at), scenario.window.start);
  return Math.min(scenario.window.end, Math.max(clock, last));
}

/** Build the report from a session export: one pass of the engine for the metrics, one grading pass for a drill. */
export function buildReport(exp: SessionExport, engine: ReportEngine): ReportOutcome {
  const parsed = engine.parseScenario(exp.scenarioText, `session ${exp.session.id} scenario`);
  if (!parsed.ok) return { ok: false, error: `the session's scenario does not load: ${parsed.errors.map(formatScenarioError).join('; ')}` };
  const scenario = parsed.scenario;
  try {
    const until = reportUntil(exp, scenario);
    const events = sessionTimeline(scenario, exp.commands, exp.runbook, exp.chat, exp.hints).filter((e) => e.at <= until);
    const start = scenario.window.start;
    const around = (t: number) => [Math.max(start, t - IMPACT_WINDOW_US), Math.min(until, t + IMPACT_WINDOW_US)] as const;
    const measured = events.filter((e) => e.kind === 'fault' || e.kind === 'fault_end' || e.kind === 'command' || e.kind === 'decision');
    const step = Math.max(1_000_000, Math.ceil((until - start) / SERIES_POINTS));
    const grid: number[] = [];
    for (let t = start + step; t < until; t += step) grid.push(t);
    const charted = new Set(measured.slice(0, EVENT_CHARTS));
    const aroundTimes = (t: number) => {
      const [b, a] = around(t);
      return Array.from({ length: AROUND_POINTS }, (_, i) => Math.round(b + ((a - b) * i) / (AROUND_POINTS - 1)));
    };
    const times = [until, ...grid, ...measured.flatMap((e) => around(e.at)), ...[...charted].flatMap((e) => aroundTimes(e.at))];
    const { points, sim } = sampleRun(engine.createSimulation, scenario, exp.seed, exp.commands, times);
    const timeline: ReportEvent[] = events.map((e) => {
      const out: ReportEvent = { ...e, atClock: formatClock(e.at) };
      if (measured.includes(e)) {
        const [b, a] = around(e.at);
        out.before = points.get(b)!;
        out.after = points.get(a)!;
        if (charted.has(e)) out.around = [...new Set(aroundTimes(e.at))].map((t) => points.get(t)!);
      }
      return out;
    });
    const byActor = new Map<string, number>();
    exp.commands.forEach((c) => byActor.set(c.actor, (byActor.get(c.actor) ?? 0) + 1));
    const report: AfterActionReport = {
      format: REPORT_FORMAT,
      session: exp.session,
      scenario: { id: scenario.id, title: scenario.title },
      seed: exp.seed,
      until,
      untilClock: formatClock(until),
      stateHash: sim.stateHash(),
      participants: [...byActor].map(([actor, commands]) => ({ actor, commands })),
      commands: [...exp.commands]
        .sort((a, b) => a.seq - b.seq)
        .map((c) => ({ seq: c.seq, at: c.at, atClock: formatClock(c.at), actor: c.actor, label: describeCommand(c.command), command: c.command })),
      timeline,
      final: points.get(until)!,
      series: [...grid, until].map((t) => points.get(t)!),
    };
    if (scenario.drill) report.drill = gradeDrill(engine.createSimulation, scenario, exp.seed, exp.commands, exp.hints);
    return { ok: true, report };
  } catch (e) {
    return { ok: false, error: `the engine stopped: ${e instanceof Error ? e.message : String(e)}` };
  }
}
