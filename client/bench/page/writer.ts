import type { SceneFrame } from '../../src/scene/index.ts';

/**
 * Stands in for the engine worker in the benchmark: every frame, every rate and queue changes
 * (so particle counts and queue bars change); every second, a few nodes change health and a few
 * links drop.
 */
export function writeBusyFrame(f: SceneFrame, t: number): void {
  const step = Math.floor(t / 16);
  // Health and links change about once a second, as faults and repairs do; rates every frame.
  const second = Math.floor(t / 1000);
  for (let i = 0; i < f.nodeRate.length; i++) {
    f.nodeRate[i] = 500 + ((i * 37 + step) % 400);
    // Most queues wobble under 50; every tenth node's queue builds from 1 to 10,000 and drains, as a
    // counter's does at the market open, so the queue bars also change height and colour band.
    f.nodeQueue[i] = i % 10 === 0 ? Math.floor(10 ** (((i + step / 30) % 40) / 10)) : (i * 13 + step) % 50;
    f.nodeHealth[i] = (i + second) % 29 === 0 ? 2 : (i + second) % 31 === 0 ? 1 : (i + second) % 37 === 0 ? 3 : 0;
  }
  for (let i = 0; i < f.linkRate.length; i++) {
    f.linkRate[i] = 20 + ((i * 101 + step * 7) % 5000);
    f.linkUp[i] = (i + second) % 53 === 0 ? 0 : 1;
  }
  f.version++;
}
