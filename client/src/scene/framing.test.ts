import { PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { frameDistance, VIEW_DIRECTION } from './framing.ts';

/** Where the plate's corners (and a label standing above each) land on screen, in normalised device coordinates. */
function corners(extent: { x: number; z: number }, aspect: number): Vector3[] {
  const camera = new PerspectiveCamera(45, aspect, 0.5, 10_000);
  const d = frameDistance(extent, aspect, 45);
  camera.position.set(VIEW_DIRECTION[0] * d, VIEW_DIRECTION[1] * d, VIEW_DIRECTION[2] * d);
  camera.lookAt(0, 0, 0);
  camera.updateMatrixWorld();
  const out: Vector3[] = [];
  for (const x of [-extent.x, extent.x]) for (const z of [-extent.z, extent.z]) for (const y of [0, 3]) out.push(new Vector3(x, y, z).project(camera));
  return out;
}

describe('the starting view', () => {
  it.each([
    ['the lab’s wide, short canvas', { x: 60, z: 25 }, 670 / 415],
    ['a tall phone', { x: 60, z: 25 }, 0.6],
    ['a deep layout', { x: 20, z: 60 }, 1.6],
    ['a tiny layout', { x: 3, z: 2 }, 1.6],
  ])('shows every corner of the plate and its labels on %s', (_, extent, aspect) => {
    for (const p of corners(extent, aspect)) {
      expect(Math.abs(p.x)).toBeLessThan(0.95);
      expect(Math.abs(p.y)).toBeLessThan(0.95);
    }
  });

  it('does not waste the screen: the plate spans at least half the width or height', () => {
    for (const aspect of [0.6, 1, 1.6, 2.4]) {
      const ps = corners({ x: 60, z: 25 }, aspect);
      const spanX = Math.max(...ps.map((p) => p.x)) - Math.min(...ps.map((p) => p.x));
      const spanY = Math.max(...ps.map((p) => p.y)) - Math.min(...ps.map((p) => p.y));
      expect(Math.max(spanX, spanY), `aspect ${aspect}`).toBeGreaterThan(1);
    }
  });
});
