import { BufferAttribute, type BufferGeometry } from 'three';

// A light from above and in front, baked into vertex colours once: nodes keep their shaded look
// while drawing with an unlit material, which is much cheaper on a CPU rasteriser (SwiftShader).
const LIGHT = normalize([0.35, 0.85, 0.4]);
const AMBIENT = 0.45;

function normalize([x, y, z]: number[]): [number, number, number] {
  const n = Math.hypot(x!, y!, z!);
  return [x! / n, y! / n, z! / n];
}

/** Brightness of a face with this normal under the baked light, between AMBIENT and 1. */
export function shade(nx: number, ny: number, nz: number): number {
  const d = nx * LIGHT[0] + ny * LIGHT[1] + nz * LIGHT[2];
  return AMBIENT + (1 - AMBIENT) * Math.max(0, d);
}

/** Adds a grey 'color' attribute from the geometry's normals (returns the same geometry). */
export function bakeShading(geometry: BufferGeometry): BufferGeometry {
  const n = geometry.getAttribute('normal');
  const c = new Float32Array(n.count * 3);
  for (let i = 0; i < n.count; i++) c.fill(shade(n.getX(i), n.getY(i), n.getZ(i)), i * 3, i * 3 + 3);
  geometry.setAttribute('color', new BufferAttribute(c, 3));
  return geometry;
}
