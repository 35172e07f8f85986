import { MAX_SPEED, MIN_SPEED } from '@twinlab/shared/session/clock';

/** The speeds the + and - keys step through. */
export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] as const;

export function nextSpeed(current: number, direction: 1 | -1): number {
  if (direction > 0) return SPEEDS.find((s) => s > current + 1e-9) ?? Math.min(MAX_SPEED, current);
  return [...SPEEDS].reverse().find((s) => s < current - 1e-9) ?? Math.max(MIN_SPEED, current);
}
