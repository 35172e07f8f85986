import type { SceneFrame } from '../../src/scene/index.ts';

/**
 * Stands in for the engine worker in the benchmark: every frame, every rate and queue changes
 * (so particle counts change); every second, a few nodes change health and a few links drop.
 */
export function writeBusyFrame(f: SceneFrame, t: number): void {
  const step = Math.floor(t / 16);
  // Health and links change about once a second, as faults and repairs do; rates every frame.
  const second = Math.floor(t / 1000);
  for (let i = 0; i < f.nodeRate.length; i++) {
    f.nodeRate[i] = 500 + ((i * 37 + step) % 400);
    f.nodeQueue[i] = (i * 13 + step) % 50;
    f.nodeHealth[i] = (i + second) % 29 === 0 ? 2 : (i + second) % 31 === 0 ? 1 : (i + second) % 37 === 0 ? 3 : 0;
  }
  for (let i = 0; i < f.linkRate.length; i++) {
    f.linkRate[i] = 20 + ((i * 101 + step * 7) % 5000);
    f.linkUp[i] = (i + second) % 53 === 0 ? 0 : 1;
  }
  f.version++;
}
