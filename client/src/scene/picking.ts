import type { SceneLayout } from './layout.ts';

/** The node id behind instance instanceId of the mesh for kind, or null when nothing matches. */
export function pickNode(layout: SceneLayout, kind: string, instanceId: number | undefined): string | null {
  if (instanceId === undefined) return null;
  const group = layout.kinds.find((g) => g.kind === kind);
  const index = group?.nodes[instanceId];
  return index === undefined ? null : (layout.nodeIds[index] ?? null);
}
