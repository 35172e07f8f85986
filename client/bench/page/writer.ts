import type { SceneFrame } from '../../src/scene/index.ts';

/**
 * Stands in for the engine worker in the benchmark: every frame, every rate and queue changes,
 * a few nodes change health and a few links drop, so the scene redoes all its per-frame work.
 */
export function writeBusyFrame(f: SceneFrame, t: number): void {
  const step = Math.floor(t / 16);
  for (let i = 0; i < f.nodeRate.length; i++) {
    f.nodeRate[i] = 500 + ((i * 37 + step) % 400);
    f.nodeQueue[i] = (i * 13 + step) % 50;
    f.nodeHealth[i] = (i + step) % 97 === 0 ? 2 : (i + step) % 89 === 0 ? 1 : (i + step) % 83 === 0 ? 3 : 0;
  }
  for (let i = 0; i < f.linkRate.length; i++) {
    f.linkRate[i] = 20 + ((i * 101 + step * 7) % 5000);
    f.linkUp[i] = (i + step) % 211 === 0 ? 0 : 1;
  }
  f.version++;
}
