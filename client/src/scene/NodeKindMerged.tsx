import { useEffect, useMemo, useRef } from 'react';
import { useFrame, type ThreeEvent } from '@react-three/fiber';
import { BufferAttribute, BufferGeometry, Color, MeshBasicMaterial } from 'three';
import type { KindGroup, SceneLayout } from './layout.ts';
import { healthColor } from './colors.ts';
import { pickMergedNode } from './picking.ts';
import { shapeFor } from './shapes.ts';
import type { NodeKindMeshProps } from './NodeKindMesh.tsx';

const LINEAR = Array.from({ length: 8 }, (_, code) => new Color(healthColor(code)));

/**
 * Every node of one kind merged into one plain mesh: the 'low' quality path. SwiftShader draws
 * an instanced mesh as one draw per instance, so on the CPU one merged draw is cheaper (about
 * half the CPU time for 300 nodes, measured under load). Health colours are written into the
 * vertex colours of the nodes that changed.
 */
export function NodeKindMerged({ layout, group, frame, onSelectNode }: NodeKindMeshProps) {
  const seen = useRef(-1);
  const material = useMemo(() => new MeshBasicMaterial({ color: 0xffffff, vertexColors: true }), []);
  const { geometry, shade, vertsPerNode, trianglesPerNode } = useMemo(() => mergeKind(layout, group), [layout, group]);
  const shown = useMemo(() => new Uint8Array(group.nodes.length).fill(255), [group]);
  useEffect(() => {
    seen.current = -1;
    shown.fill(255);
    return () => {
      geometry.dispose();
      material.dispose();
    };
  }, [geometry, material, shown]);

  useFrame(() => {
    const f = frame.current;
    if (f.version === seen.current) return;
    seen.current = f.version;
    const attr = geometry.getAttribute('color') as BufferAttribute;
    const out = attr.array as Float32Array;
    let changed = false;
    for (let i = 0; i < group.nodes.length; i++) {
      const code = f.nodeHealth[group.nodes[i]!] ?? 0;
      if (code === shown[i]) continue;
      shown[i] = code;
      changed = true;
      const c = LINEAR[code] ?? LINEAR[2]!;
      for (let v = 0, o = i * vertsPerNode * 3; v < vertsPerNode; v++, o += 3) {
        out[o] = c.r * shade[v]!;
        out[o + 1] = c.g * shade[v]!;
        out[o + 2] = c.b * shade[v]!;
      }
    }
    if (changed) attr.needsUpdate = true;
  });

  const onClick = (e: ThreeEvent<MouseEvent>) => {
    e.stopPropagation();
    onSelectNode(pickMergedNode(layout, group.kind, e.faceIndex ?? undefined, trianglesPerNode));
  };

  return <mesh geometry={geometry} material={material} onClick={onClick} />;
}

function mergeKind(layout: SceneLayout, group: KindGroup) {
  const shape = shapeFor(group.kind);
  const pos = shape.getAttribute('position');
  const baked = shape.getAttribute('color');
  const index = shape.index!;
  const vertsPerNode = pos.count;
  const n = group.nodes.length;
  const positions = new Float32Array(n * vertsPerNode * 3);
  const indices = new Uint32Array(n * index.count);
  const shade = new Float32Array(vertsPerNode);
  for (let v = 0; v < vertsPerNode; v++) shade[v] = baked.getX(v);
  group.nodes.forEach((node, i) => {
    const [x, y, z] = [layout.positions[node * 3]!, layout.positions[node * 3 + 1]!, layout.positions[node * 3 + 2]!];
    for (let v = 0; v < vertsPerNode; v++) {
      const o = (i * vertsPerNode + v) * 3;
      positions[o] = pos.getX(v) + x;
      positions[o + 1] = pos.getY(v) + y;
      positions[o + 2] = pos.getZ(v) + z;
    }
    for (let k = 0; k < index.count; k++) indices[i * index.count + k] = index.getX(k) + i * vertsPerNode;
  });
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(positions, 3));
  geometry.setAttribute('color', new BufferAttribute(new Float32Array(positions.length), 3));
  geometry.setIndex(new BufferAttribute(indices, 1));
  geometry.computeBoundingSphere();
  return { geometry, shade, vertsPerNode, trianglesPerNode: index.count / 3 };
}
