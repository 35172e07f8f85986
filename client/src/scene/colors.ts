import { HEALTH, type Health } from './frame.ts';

/** Health colours as 0xRRGGBB, indexed by the nodeHealth code. Chosen to read apart for red-green colour blindness too. */
export const HEALTH_COLORS: Record<Health, number> = {
  up: 0x2fbf71, // green
  degraded: 0xf2b134, // amber
  down: 0xe5484d, // red
  partitioned: 0x9b6dff, // violet: alive but unreachable
  drained: 0x7c8594, // grey: taken out of the flow on purpose
};

const BY_CODE: number[] = [];
for (const [name, code] of Object.entries(HEALTH)) BY_CODE[code] = HEALTH_COLORS[name as Health];

/** Unknown codes show as down: a node the writer cannot describe should draw attention, not look healthy. */
export function healthColor(code: number): number {
  return BY_CODE[code] ?? HEALTH_COLORS.down;
}

/** Writes the colour for a health code as linear-ish RGB floats 0..1 into out at offset (no allocation per frame). */
export function writeHealthRgb(code: number, out: Float32Array | number[], offset: number): void {
  const hex = healthColor(code);
  out[offset] = ((hex >> 16) & 0xff) / 255;
  out[offset + 1] = ((hex >> 8) & 0xff) / 255;
  out[offset + 2] = (hex & 0xff) / 255;
}

export const LINK_UP_COLOR = 0x46536a;
/** Link colours by load band (linkBand): idle, light, busy, heavy; brighter carries more. */
export const LINK_BAND_COLORS = [0x343d4f, LINK_UP_COLOR, 0x4c7fc4, 0x8fd3ff] as const;
/** The sending end of a link is drawn this much darker than the receiving end, so a line reads as an arrow. */
export const LINK_TAIL_SHADE = 0.4;

/** A link's load band from messages per simulated second: 0 idle, 1 below 100/s, 2 below 1,000/s, 3 from 1,000/s. */
export function linkBand(rate: number): 0 | 1 | 2 | 3 {
  if (!(rate > 0)) return 0;
  return rate < 100 ? 1 : rate < 1000 ? 2 : 3;
}
export const LINK_DOWN_COLOR = 0xe5484d;
export const PARTICLE_COLOR = 0x8fd3ff;
export const BACKGROUND_COLOR = 0x0d1117;

/** Queue-bar colours, calm to alarming: blue while a queue is normal, amber as it builds, red when it backs up. */
export const QUEUE_CALM_COLOR = 0x4c9aff;
export const QUEUE_BUILDING_COLOR = 0xf2b134;
export const QUEUE_ALARM_COLOR = 0xff4d4f;
