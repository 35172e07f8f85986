import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../bench/scenario.ts';
import { layoutScenario } from './layout.ts';
import { pickNode } from './picking.ts';

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
});
