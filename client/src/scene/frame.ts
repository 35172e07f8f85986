import type { Scenario } from '@twinlab/shared/scenario/schema';

/** Node health as the app writes it into SceneFrame.nodeHealth. */
export const HEALTH = { up: 0, degraded: 1, down: 2, partitioned: 3, drained: 4 } as const;
export type Health = keyof typeof HEALTH;

/**
 * Per-frame data the app writes from the engine worker; the scene reads it in useFrame, never via
 * React state. Arrays follow scenario.nodes and scenario.links order.
 */
export interface SceneFrame {
  /** Bumped by the writer on every update; the scene recolours only when it changes. */
  version: number;
  /** Per node, in scenario.nodes order: 0 up, 1 degraded, 2 down, 3 partitioned, 4 drained. */
  nodeHealth: Uint8Array;
  /** Orders per simulated second processed by the node. */
  nodeRate: Float32Array;
  /** Messages waiting at the node (queue depth). */
  nodeQueue: Float32Array;
  /** Per link, in scenario.links order: messages per simulated second. */
  linkRate: Float32Array;
  /** 1 connected, 0 partitioned or down. */
  linkUp: Uint8Array;
}

export function createSceneFrame(scenario: Pick<Scenario, 'nodes' | 'links'>): SceneFrame {
  return {
    version: 0,
    nodeHealth: new Uint8Array(scenario.nodes.length),
    nodeRate: new Float32Array(scenario.nodes.length),
    nodeQueue: new Float32Array(scenario.nodes.length),
    linkRate: new Float32Array(scenario.links.length),
    linkUp: new Uint8Array(scenario.links.length).fill(1),
  };
}
