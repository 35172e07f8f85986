import { QUEUE_ALARM_COLOR, QUEUE_BUILDING_COLOR, QUEUE_CALM_COLOR } from './colors.ts';
import { NODE_RADIUS } from './layout.ts';

/** Height of the bar for a queue of one message (world units; a node is 2 units across). */
export const QUEUE_BAR_MIN = 0.4;
/** Height added per factor of 10 in queue depth. */
export const QUEUE_BAR_PER_DECADE = 0.8;
/** No bar grows taller than this, however deep the queue (reached at 10,000 messages). */
export const QUEUE_BAR_MAX = QUEUE_BAR_MIN + 4 * QUEUE_BAR_PER_DECADE;
/** Depth from which a bar turns amber, then red. */
export const QUEUE_BUILDING = 100;
export const QUEUE_ALARM = 1_000;
/** Bar footprint (square) and where it stands: just right of its node, on the zone plate. */
export const QUEUE_BAR_WIDTH = 0.35;
export const QUEUE_BAR_OFFSET_X = NODE_RADIUS + 0.25;

/**
 * Height of a node's queue bar. Logarithmic, so a queue of 10 is visible next to one of 1,000:
 * 0 (hidden) for an empty queue, or anything under half a message; QUEUE_BAR_MIN at 1; one more
 * QUEUE_BAR_PER_DECADE per factor of 10; at most QUEUE_BAR_MAX.
 */
export function queueBarHeight(depth: number): number {
  if (!(depth >= 0.5)) return 0;
  const h = QUEUE_BAR_MIN + QUEUE_BAR_PER_DECADE * Math.log10(Math.max(1, depth));
  return Math.min(QUEUE_BAR_MAX, h);
}

/** Colour (0xRRGGBB) of a queue bar: calm blue, amber from QUEUE_BUILDING, red from QUEUE_ALARM. */
export function queueBarColor(depth: number): number {
  if (depth >= QUEUE_ALARM) return QUEUE_ALARM_COLOR;
  if (depth >= QUEUE_BUILDING) return QUEUE_BUILDING_COLOR;
  return QUEUE_CALM_COLOR;
}

/** Colour band of a depth: 0 calm, 1 building, 2 alarm. Lets the scene recolour only on a change. */
export function queueBand(depth: number): 0 | 1 | 2 {
  return depth >= QUEUE_ALARM ? 2 : depth >= QUEUE_BUILDING ? 1 : 0;
}

/** World position of the middle of a node's bar for a depth (tests aim at it), from the node's centre. */
export function queueBarCentre(nodeX: number, nodeZ: number, depth: number): [number, number, number] {
  return [nodeX + QUEUE_BAR_OFFSET_X, queueBarHeight(depth) / 2, nodeZ];
}
