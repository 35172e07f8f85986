import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { NodeKind } from '@twinlab/shared/scenario/topology';

/** One glyph per node kind, the same in the labels and the legend. */
export const KIND_GLYPHS: Record<NodeKind, string> = {
  terminal: '⌨',
  oms: '▤',
  counter: '▣',
  fast_counter: '⚡',
  risk: '⊘', // fonts on Debian have no ⛨
  gateway: '⇆',
  exchange: '⚖',
  market_data: '≋',
  database: '⛁',
  bus: '⇶',
  clearing: '∑',
  bank: '¥',
};

export interface NodeLabelText {
  glyph: string;
  /** Short: the node's name up to its first bracket, else its id; at most 16 characters. */
  short: string;
  version: 'legacy' | 'new';
  replicas: number;
}

const MAX = 16;

export function labelText(node: Scenario['nodes'][number]): NodeLabelText {
  const base = (node.name ?? node.id).split(/[（(]/)[0]!.trim() || node.id;
  return {
    glyph: KIND_GLYPHS[node.kind] ?? '•',
    short: base.length > MAX ? `${base.slice(0, MAX - 1)}…` : base,
    version: node.version === 'new' ? 'new' : 'legacy',
    replicas: node.replicas ?? 1,
  };
}

export interface LabelBox {
  /** Screen centre of the label's bottom edge, CSS px. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Higher first: the selected node, then nodes in trouble, then the rest in file order. */
  priority: number;
  /** Behind the camera or off the canvas. */
  offscreen: boolean;
}

/** Where a label goes: shown or not, and how far it was lifted (px) to clear the ones placed before it. */
export interface Placement {
  shown: boolean;
  lift: number;
}

/** Slots a label may take, as multiples of its height above its anchor, nearest first. */
const SLOTS = [0, 1, 2, 3, 4];

/**
 * Level of detail for labels: by priority, each label takes the nearest slot above its node that
 * overlaps no label already placed, or hides. A small topology shows every name, lifted where two
 * would collide; zoomed out over a large one only some show (selected and faulted first), and
 * zooming in shows them all. Overlap is checked in a grid of cells, so this is linear.
 */
export function placeLabels(boxes: readonly LabelBox[], cell = 64): Placement[] {
  const order = boxes.map((_, i) => i).sort((a, b) => boxes[b]!.priority - boxes[a]!.priority || a - b);
  const out: Placement[] = boxes.map(() => ({ shown: false, lift: 0 }));
  const placed: { x: number; y: number; w: number; h: number }[] = [];
  const grid = new Map<number, number[]>();
  const key = (cx: number, cy: number) => cx * 100_003 + cy;
  const cells = (b: { x: number; y: number; w: number; h: number }, f: (k: number) => boolean | void) => {
    for (let cx = Math.floor((b.x - b.w / 2) / cell); cx <= Math.floor((b.x + b.w / 2) / cell); cx++)
      for (let cy = Math.floor((b.y - b.h) / cell); cy <= Math.floor(b.y / cell); cy++) if (f(key(cx, cy)) === true) return true;
    return false;
  };
  for (const i of order) {
    const b = boxes[i]!;
    if (b.offscreen) continue;
    for (const slot of SLOTS) {
      const c = { x: b.x, y: b.y - slot * b.h, w: b.w, h: b.h };
      const clash = cells(c, (k) =>
        (grid.get(k) ?? []).some((j) => {
          const o = placed[j]!;
          return Math.abs(o.x - c.x) * 2 < o.w + c.w && Math.abs(o.y - o.h / 2 - (c.y - c.h / 2)) * 2 < o.h + c.h;
        }),
      );
      if (clash) continue;
      const n = placed.push(c) - 1;
      cells(c, (k) => {
        const list = grid.get(k);
        if (list) list.push(n);
        else grid.set(k, [n]);
      });
      out[i] = { shown: true, lift: slot * b.h };
      break;
    }
  }
  return out;
}
