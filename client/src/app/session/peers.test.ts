import { describe, expect, it } from 'vitest';
import { colorFor, peersFrom } from './peers.ts';

describe('peersFrom', () => {
  it('lists who is here, you first, with region and selection', () => {
    const states = new Map<number, unknown>([
      [7, { name: '张伟', region: '深圳', role: 'engineer', selectedNode: 'gw-sse' }],
      [3, { name: 'Li Lei', region: '上海', role: 'lead', selectedNode: null }],
      [9, {}],
      [11, { name: 42 }],
    ]);
    const peers = peersFrom(states, 3);
    expect(peers.map((p) => [p.name, p.region, p.selectedNode, p.self])).toEqual([
      ['Li Lei', '上海', null, true],
      ['张伟', '深圳', 'gw-sse', false],
    ]);
    expect(peers[1]!.color).toBe(colorFor('张伟'));
  });
});
