import type { Scenario } from '@twinlab/shared/scenario/schema';

type Node = Pick<Scenario['nodes'][number], 'id' | 'kind' | 'standbyFor'>;

/**
 * Where the selected node can fail over to, most likely first: its standbys, then nodes of its
 * kind, then the rest (the engine accepts any node, but a risk engine failing over to a terminal
 * is never what an engineer means). `suggested` is the natural default, or undefined when the
 * node has no standby or twin and the engineer must choose.
 */
export function failoverTargets(nodes: readonly Node[], id: string): { likely: string[]; other: string[]; suggested: string | undefined } {
  const self = nodes.find((n) => n.id === id);
  const rest = nodes.filter((n) => n.id !== id);
  const standbys = rest.filter((n) => n.standbyFor === id);
  const twins = rest.filter((n) => n.standbyFor !== id && n.kind === self?.kind);
  const likely = [...standbys, ...twins].map((n) => n.id);
  return { likely, other: rest.filter((n) => !likely.includes(n.id)).map((n) => n.id), suggested: likely[0] };
}
