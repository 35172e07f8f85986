import { BoxGeometry, CapsuleGeometry, ConeGeometry, CylinderGeometry, DodecahedronGeometry, IcosahedronGeometry, OctahedronGeometry, SphereGeometry, type BufferGeometry } from 'three';
import type { NodeKind } from '@twinlab/shared/scenario/topology';
import { bakeShading } from './shading.ts';

// One low-poly shape per node kind, each inside a radius of NODE_RADIUS, so a kind reads at a
// glance and SwiftShader stays fast. Built once and shared by every scene on the page.
const makers: Record<NodeKind, () => BufferGeometry> = {
  terminal: () => new BoxGeometry(1.2, 0.6, 0.9),
  oms: () => new OctahedronGeometry(0.9),
  counter: () => new BoxGeometry(1.3, 1.3, 1.3),
  fast_counter: () => new ConeGeometry(0.8, 1.5, 6),
  risk: () => new CylinderGeometry(0.9, 0.9, 0.5, 6),
  gateway: () => new CylinderGeometry(0.5, 0.9, 1.4, 6),
  exchange: () => new DodecahedronGeometry(0.95),
  market_data: () => new SphereGeometry(0.8, 8, 6),
  database: () => new CylinderGeometry(0.75, 0.75, 1.4, 8),
  bus: () => new BoxGeometry(1.8, 0.4, 0.5),
  clearing: () => new IcosahedronGeometry(0.85),
  bank: () => new CapsuleGeometry(0.5, 0.7, 2, 6),
};

const cache = new Map<NodeKind, BufferGeometry>();

/** The shape of a node kind: indexed, with normals and baked shading in 'color'. */
export function shapeFor(kind: NodeKind): BufferGeometry {
  let g = cache.get(kind);
  if (!g) {
    g = makers[kind]();
    // Polyhedra come without an index; the merged meshes need one.
    if (!g.index) g.setIndex(Array.from({ length: g.getAttribute('position').count }, (_, i) => i));
    cache.set(kind, (g = bakeShading(g)));
  }
  return g;
}
