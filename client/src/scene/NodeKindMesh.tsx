import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useFrame, type ThreeEvent } from '@react-three/fiber';
import { Color, InstancedBufferAttribute, Matrix4, MeshBasicMaterial, type InstancedMesh } from 'three';
import type { KindGroup, SceneLayout } from './layout.ts';
import type { SceneFrame } from './frame.ts';
import { HEALTH_COLORS, healthColor } from './colors.ts';
import { pickNode } from './picking.ts';
import { shapeFor } from './shapes.ts';

// Linear RGB per health code, for writing straight into instanceColor.
const LINEAR = Array.from({ length: 8 }, (_, code) => new Color(healthColor(code)));

export interface NodeKindMeshProps {
  layout: SceneLayout;
  group: KindGroup;
  frame: { current: SceneFrame };
  onSelectNode: (id: string | null) => void;
}

/** Every node of one kind as one InstancedMesh; health colours follow the frame without React renders. */
export function NodeKindMesh({ layout, group, frame, onSelectNode }: NodeKindMeshProps) {
  const ref = useRef<InstancedMesh>(null);
  const seen = useRef(-1);
  const material = useMemo(() => new MeshBasicMaterial({ color: 0xffffff, vertexColors: true }), []);
  useEffect(() => () => material.dispose(), [material]);
  const colors = useMemo(() => new InstancedBufferAttribute(new Float32Array(group.nodes.length * 3), 3), [group]);
  // The version bumps on every engine step, but health changes rarely: upload colours only when
  // a node of this kind changed (255 = not drawn yet).
  const shown = useMemo(() => new Uint8Array(group.nodes.length).fill(255), [group]);

  useLayoutEffect(() => {
    const mesh = ref.current!;
    const m = new Matrix4();
    const up = new Color(HEALTH_COLORS.up);
    group.nodes.forEach((node, i) => {
      m.makeTranslation(layout.positions[node * 3]!, layout.positions[node * 3 + 1]!, layout.positions[node * 3 + 2]!);
      mesh.setMatrixAt(i, m);
      colors.setXYZ(i, up.r, up.g, up.b);
    });
    mesh.instanceColor = colors;
    mesh.instanceMatrix.needsUpdate = true;
    mesh.computeBoundingSphere();
    seen.current = -1;
    shown.fill(255);
  }, [layout, group, colors, shown]);

  useFrame(() => {
    const f = frame.current;
    if (f.version === seen.current) return;
    seen.current = f.version;
    const out = colors.array as Float32Array;
    let changed = false;
    for (let i = 0; i < group.nodes.length; i++) {
      const code = f.nodeHealth[group.nodes[i]!] ?? 0;
      if (code === shown[i]) continue;
      shown[i] = code;
      changed = true;
      const c = LINEAR[code] ?? LINEAR[2]!;
      out[i * 3] = c.r;
      out[i * 3 + 1] = c.g;
      out[i * 3 + 2] = c.b;
    }
    if (changed) colors.needsUpdate = true;
  });

  const onClick = (e: ThreeEvent<MouseEvent>) => {
    e.stopPropagation();
    onSelectNode(pickNode(layout, group.kind, e.instanceId));
  };

  return <instancedMesh ref={ref} args={[shapeFor(group.kind), material, group.nodes.length]} onClick={onClick} />;
}
