import { describe, expect, it } from 'vitest';
import { labelText, placeLabels, type LabelBox } from './labels.ts';

const box = (x: number, y: number, priority = 0, offscreen = false): LabelBox => ({ x, y, w: 80, h: 20, priority, offscreen });

describe('node labels', () => {
  it('names a node short, with its kind glyph, version and replicas', () => {
    expect(labelText({ id: 'counter-new', kind: 'counter', name: '新一代集中交易 (new counter, v3)', version: 'new', replicas: 2 } as never)).toEqual({ glyph: '▣', short: '新一代集中交易', version: 'new', replicas: 2 });
    expect(labelText({ id: 'risk', kind: 'risk' } as never)).toEqual({ glyph: '⛨', short: 'risk', version: 'legacy', replicas: 1 });
    expect(labelText({ id: 'x', kind: 'gateway', name: 'a very long gateway name indeed' } as never).short).toBe('a very long gat…');
  });

  it('shows every label that has room, and of two that overlap the one that matters more', () => {
    expect(placeLabels([box(100, 100), box(300, 100), box(100, 200)])).toEqual([true, true, true]);
    // Two on top of each other: file order decides, unless the second is selected or faulted.
    expect(placeLabels([box(100, 100), box(110, 105)])).toEqual([true, false]);
    expect(placeLabels([box(100, 100), box(110, 105, 2)])).toEqual([false, true]);
    // Touching edges do not overlap; behind the camera never shows.
    expect(placeLabels([box(100, 100), box(180, 100), box(500, 500, 9, true)])).toEqual([true, true, false]);
  });

  it('thins a crowd of 300 labels to a readable set', () => {
    const crowd = Array.from({ length: 300 }, (_, i) => box((i % 30) * 30, Math.floor(i / 30) * 12));
    const shown = placeLabels(crowd).filter(Boolean).length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(100);
  });
});
