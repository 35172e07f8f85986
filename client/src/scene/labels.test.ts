import { describe, expect, it } from 'vitest';
import { labelText, placeLabels, type LabelBox } from './labels.ts';

const box = (x: number, y: number, priority = 0, offscreen = false): LabelBox => ({ x, y, w: 80, h: 20, priority, offscreen });

describe('node labels', () => {
  it('names a node short, with its kind glyph, version and replicas', () => {
    expect(labelText({ id: 'counter-new', kind: 'counter', name: '新一代集中交易 (new counter, v3)', version: 'new', replicas: 2 } as never)).toEqual({
      glyph: '▣',
      short: '新一代集中交易',
      version: 'new',
      replicas: 2,
    });
    expect(labelText({ id: 'risk', kind: 'risk' } as never)).toEqual({ glyph: '⊘', short: 'risk', version: 'legacy', replicas: 1 });
    expect(labelText({ id: 'x', kind: 'gateway', name: 'a very long gateway name indeed' } as never).short).toBe('a very long gat…');
  });

  const shown = (p: { shown: boolean; lift: number }[]) => p.map((x) => (x.shown ? x.lift : null));
  it('shows every label that has room, lifts one that would collide, and hides one with no room left', () => {
    expect(shown(placeLabels([box(100, 100), box(300, 100), box(100, 200)]))).toEqual([0, 0, 0]);
    // Two on top of each other: the second is lifted one height; file order decides who moves, unless the second matters more.
    expect(shown(placeLabels([box(100, 100), box(110, 100)]))).toEqual([0, 20]);
    expect(shown(placeLabels([box(100, 100), box(110, 105)]))).toEqual([0, 40]); // one height is not enough here
    expect(shown(placeLabels([box(100, 100), box(110, 100, 2)]))).toEqual([20, 0]);
    // Six in one place: five slots, the last hides.
    expect(shown(placeLabels(Array.from({ length: 6 }, () => box(100, 100))))).toEqual([0, 20, 40, 60, 80, null]);
    // Touching edges do not overlap; behind the camera never shows.
    expect(shown(placeLabels([box(100, 100), box(180, 100), box(500, 500, 9, true)]))).toEqual([0, 0, null]);
  });

  it('thins a crowd of 300 labels to a readable set', () => {
    const crowd = Array.from({ length: 300 }, (_, i) => box((i % 30) * 30, Math.floor(i / 30) * 12));
    const shown = placeLabels(crowd).filter((p) => p.shown).length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(100);
  });
});
