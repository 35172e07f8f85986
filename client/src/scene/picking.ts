import type { SceneLayout } from './layout.ts';

/** The node id behind instance instanceId of the mesh for kind, or null when nothing matches. */
export function pickNode(layout: SceneLayout, kind: string, instanceId: number | undefined): string | null {
  if (instanceId === undefined) return null;
  const group = layout.kinds.find((g) => g.kind === kind);
  const index = group?.nodes[instanceId];
  return index === undefined ? null : (layout.nodeIds[index] ?? null);
}

/**
 * The node id behind a triangle of a kind's merged mesh ('low' quality), where every node
 * contributes trianglesPerNode triangles in the kind group's order.
 */
export function pickMergedNode(layout: SceneLayout, kind: string, faceIndex: number | undefined, trianglesPerNode: number): string | null {
  if (faceIndex === undefined || trianglesPerNode <= 0) return null;
  return pickNode(layout, kind, Math.floor(faceIndex / trianglesPerNode));
}
