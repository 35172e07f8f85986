import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import { generateScenario } from '../../bench/scenario.ts';
import { NODE_RADIUS, layoutScenario, type SceneLayout } from './layout.ts';

const dir = new URL('../../../scenarios/', import.meta.url);
const files: [string, Scenario][] = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => {
    const r = parseScenario(readFileSync(new URL(f, dir), 'utf8'), f);
    if (!r.ok) throw new Error(`${f} does not parse`);
    return [f, r.scenario];
  });
const all: [string, Scenario][] = [...files, ['generated 300 nodes / 1,000 links', generateScenario(300, 1000)]];

const pos = (l: SceneLayout, i: number) => ({ x: l.positions[i * 3]!, z: l.positions[i * 3 + 2]! });

describe.each(all)('layout of %s', (_name, scenario) => {
  const layout = layoutScenario(scenario);

  it('puts every node inside its own region’s zone, clear of the edge', () => {
    scenario.nodes.forEach((n, i) => {
      const zone = layout.zones[layout.nodeZone[i]!]!;
      expect(zone.id, n.id).toBe(n.region);
      const p = pos(layout, i);
      expect(Math.abs(p.x - zone.x) + NODE_RADIUS, n.id).toBeLessThanOrEqual(zone.width / 2);
      expect(Math.abs(p.z - zone.z) + NODE_RADIUS, n.id).toBeLessThanOrEqual(zone.depth / 2);
    });
  });

  it('keeps every two nodes apart', () => {
    let closest = { d: Infinity, pair: '' };
    for (let i = 0; i < scenario.nodes.length; i++) {
      for (let j = i + 1; j < scenario.nodes.length; j++) {
        const a = pos(layout, i);
        const b = pos(layout, j);
        const d = Math.hypot(a.x - b.x, a.z - b.z);
        if (d < closest.d) closest = { d, pair: `${scenario.nodes[i]!.id} / ${scenario.nodes[j]!.id}` };
      }
    }
    if (scenario.nodes.length > 1) expect(closest.d, closest.pair).toBeGreaterThanOrEqual(2 * NODE_RADIUS);
  });

  it('keeps zones from overlapping', () => {
    layout.zones.forEach((a, i) =>
      layout.zones.slice(i + 1).forEach((b) => {
        const apart = Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.z - b.z) >= (a.depth + b.depth) / 2;
        expect(apart, `${a.id} / ${b.id}`).toBe(true);
      }),
    );
  });

  it('gives one zone per region and puts every node in exactly one kind mesh', () => {
    expect(layout.zones.map((z) => z.id).sort()).toEqual(scenario.regions.map((r) => r.id).sort());
    const instanced = layout.kinds.flatMap((g) => g.nodes).sort((a, b) => a - b);
    expect(instanced).toEqual(scenario.nodes.map((_, i) => i));
    layout.kinds.forEach((g) => g.nodes.forEach((i) => expect(scenario.nodes[i]!.kind).toBe(g.kind)));
  });

  it('is the same picture for every participant: equal for equal scenarios, including a copy', () => {
    const again = layoutScenario(structuredClone(scenario));
    expect(Array.from(again.positions)).toEqual(Array.from(layout.positions));
    expect(again.zones).toEqual(layout.zones);
  });
});

describe('layout order', () => {
  const scenario = files.find(([f]) => f === 'small-broker.yaml')![1];
  const layout = layoutScenario(scenario);

  it('places client sites before data centres before exchanges, left to right and top to bottom', () => {
    const rank = (kind: string) => layout.zones.findIndex((z) => z.kind === kind);
    expect(rank('client_site')).toBeLessThan(rank('datacenter'));
    expect(rank('datacenter')).toBeLessThan(rank('exchange'));
  });

  it('does not move a node when a node is added to another region', () => {
    const extra = structuredClone(scenario);
    const last = extra.regions[extra.regions.length - 1]!.id;
    extra.nodes.push({ ...extra.nodes.find((n) => n.region === last)!, id: 'extra-node' });
    const after = layoutScenario(extra);
    const zoneOf = (l: SceneLayout, id: string) => l.zones.find((z) => z.id === id)!;
    // Nodes keep their place relative to their own zone as long as that zone did not change.
    scenario.nodes.forEach((n, i) => {
      if (n.region === last) return;
      const before = pos(layout, i);
      const now = pos(after, i);
      const zb = zoneOf(layout, n.region);
      const za = zoneOf(after, n.region);
      expect([now.x - za.x, now.z - za.z]).toEqual([before.x - zb.x, before.z - zb.z]);
    });
  });
});
