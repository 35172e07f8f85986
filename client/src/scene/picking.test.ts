import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../bench/scenario.ts';
import { layoutScenario } from './layout.ts';
import { pickMergedNode, pickNode } from './picking.ts';

describe('picking a node from a click on an instanced mesh', () => {
  const scenario = generateScenario(60, 120);
  const layout = layoutScenario(scenario);

  it('turns every (kind, instance) back into the node drawn there', () => {
    const picked = layout.kinds.flatMap((g) => g.nodes.map((_, i) => pickNode(layout, g.kind, i)));
    expect(picked.sort()).toEqual(scenario.nodes.map((n) => n.id).sort());
    for (const g of layout.kinds) {
      g.nodes.forEach((_, i) => expect(scenario.nodes.find((n) => n.id === pickNode(layout, g.kind, i))!.kind).toBe(g.kind));
    }
  });

  it('returns null for a miss, an instance past the end or a kind not in the scenario', () => {
    const g = layout.kinds[0]!;
    expect(pickNode(layout, g.kind, undefined)).toBeNull();
    expect(pickNode(layout, g.kind, g.nodes.length)).toBeNull();
    expect(pickNode(layout, 'no-such-kind', 0)).toBeNull();
  });

  it('turns a triangle of a merged kind mesh (low quality) into the node it belongs to', () => {
    const g = layout.kinds.find((k) => k.nodes.length > 2)!;
    const perNode = 12;
    expect(pickMergedNode(layout, g.kind, 0, perNode)).toBe(scenario.nodes[g.nodes[0]!]!.id);
    expect(pickMergedNode(layout, g.kind, perNode - 1, perNode)).toBe(scenario.nodes[g.nodes[0]!]!.id);
    expect(pickMergedNode(layout, g.kind, perNode, perNode)).toBe(scenario.nodes[g.nodes[1]!]!.id);
    expect(pickMergedNode(layout, g.kind, 2 * perNode + 5, perNode)).toBe(scenario.nodes[g.nodes[2]!]!.id);
    expect(pickMergedNode(layout, g.kind, g.nodes.length * perNode, perNode)).toBeNull();
    expect(pickMergedNode(layout, g.kind, undefined, perNode)).toBeNull();
  });
});
