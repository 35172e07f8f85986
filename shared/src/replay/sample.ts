import type { MetricsSummary } from '../engine/api.ts';
import { throughput } from '../predicate/view.ts';
import type { StampedCommand } from '../scenario/command.ts';
import type { Scenario } from '../scenario/schema.ts';
import { advanceTo, inSeqOrder, type CreateSimulation } from '../session/replay.ts';

/** The metrics a report shows around an event. */
export interface MetricsPoint {
  at: number;
  throughput: number;
  e2eP99: number;
  /** Submissions that failed back to the client (orders.failed). */
  failed: number;
  rejected: number;
  inFlight: number;
  created: number;
}

export function metricsPoint(m: MetricsSummary): MetricsPoint {
  return { at: m.now, throughput: throughput(m), e2eP99: m.endToEnd.p99, failed: m.orders.failed, rejected: m.orders.rejected, inFlight: m.orders.inFlight, created: m.orders.created };
}

/**
 * Metrics at each of `times` in one pass over the recorded inputs (commands applied by advanceTo,
 * as replaySession does); returns them in time order, and the final simulation.
 */
export function sampleRun(createSimulation: CreateSimulation, scenario: Scenario, seed: number, commands: readonly StampedCommand[], times: readonly number[]) {
  const ordered = inSeqOrder(commands);
  const sim = createSimulation(scenario, { seed });
  const points = new Map<number, MetricsPoint>();
  let next = 0;
  for (const t of [...new Set(times)].sort((a, b) => a - b)) {
    next = advanceTo(sim, ordered, next, t);
    points.set(t, metricsPoint(sim.metrics()));
  }
  return { points, sim };
}
