import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { StampedCommand } from '@twinlab/shared/scenario/command';
import { formatClock } from '@twinlab/shared/scenario/units';
import { sessionSeconds } from '@twinlab/shared/scenario/window';

/** What one headless run may cost (TWINLAB_RUN_*). */
export interface RunLimits {
  /** Wall time, after which the worker is stopped (TWINLAB_RUN_TIMEOUT_SECONDS). */
  timeoutMs: number;
  /** Old-generation heap of the run worker (TWINLAB_RUN_MEMORY_MB). */
  memoryMb: number;
  /** Orders a run may simulate, estimated before it starts (TWINLAB_RUN_MAX_ORDERS). */
  maxOrders: number;
}

export const DEFAULT_RUN_LIMITS: RunLimits = { timeoutMs: 120_000, memoryMb: 1024, maxOrders: 40_000_000 };

/** heavy: over a quarter of the order limit, after which the worker is replaced (what it held does not weigh on the next run). */
export type RunPlan = { ok: true; until: number; orders: number; heavy: boolean; clampedTo?: string } | { ok: false; error: string };

/**
 * Decide a run before it starts: `until` is clamped to the scenario's window (nothing happens
 * after it), and a run whose orders would exceed the limit is refused, naming the limit. The
 * estimate is an upper bound: the base rate times the largest multiplier any phase, burst or
 * set_load command gives, over every trading session from the window's start.
 */
export function planRun(scenario: Scenario, commands: readonly StampedCommand[], until: number, limits: RunLimits): RunPlan {
  const end = scenario.window.end;
  const clamped = until > end;
  const to = Math.min(until, end);
  // Orders come only in trading sessions: over a weekend, Friday's and Monday's, not the nights between.
  const seconds = sessionSeconds(scenario, scenario.window.start, to);
  const load = scenario.load;
  let multiplier = Math.max(1, ...Object.values(load.profile), ...load.bursts.map((b) => b.multiplier));
  const setLoads = commands.filter((c) => c.at < to).map((c) => (c.command.type === 'set_load' ? c.command.multiplier : 1));
  multiplier *= Math.max(1, ...setLoads);
  const orders = Math.ceil(load.ordersPerSecond * multiplier * seconds);
  if (orders > limits.maxOrders) {
    return {
      ok: false,
      error: `a run to ${formatClock(to)} would simulate up to ${orders.toLocaleString('en')} orders (${load.ordersPerSecond}/s × ${multiplier} for ${Math.round(seconds)} s), over the limit of ${limits.maxOrders.toLocaleString('en')} (TWINLAB_RUN_MAX_ORDERS): ask for an earlier time`,
    };
  }
  const plan = { ok: true as const, until: to, orders, heavy: orders > limits.maxOrders / 4 };
  return clamped ? { ...plan, clampedTo: `the scenario window ends at ${formatClock(end)}` } : plan;
}
