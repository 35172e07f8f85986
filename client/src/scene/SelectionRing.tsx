import type { SceneLayout } from './layout.ts';
import { Label } from './Label.tsx';

export interface SelectionRingProps {
  layout: SceneLayout;
  nodeId: string;
  color: string;
  /** Peers' rings grow outwards so several selections of one node stay visible. */
  ring?: number;
  /** Shown above the node: the peer's name, or the node's name for one's own selection. */
  label?: string;
}

/** A flat ring under a selected node, in the selecting person's colour. */
export function SelectionRing({ layout, nodeId, color, ring = 0, label }: SelectionRingProps) {
  const i = layout.nodeIndex.get(nodeId);
  if (i === undefined) return null;
  const x = layout.positions[i * 3]!;
  const z = layout.positions[i * 3 + 2]!;
  const inner = 1.15 + ring * 0.3;
  return (
    <group position={[x, 0.05, z]}>
      <mesh rotation-x={-Math.PI / 2}>
        <ringGeometry args={[inner, inner + 0.22, 32]} />
        <meshBasicMaterial color={color} />
      </mesh>
      {label ? <Label text={label} position={[0, 2.4 + ring * 0.9, 0]} color={color} height={0.8} /> : null}
    </group>
  );
}
