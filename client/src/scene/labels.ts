import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { NodeKind } from '@twinlab/shared/scenario/topology';

/** One glyph per node kind, the same in the labels and the legend. */
export const KIND_GLYPHS: Record<NodeKind, string> = {
  terminal: '⌨',
  oms: '▤',
  counter: '▣',
  fast_counter: '⚡',
  risk: '⛨',
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

/**
 * Level of detail for labels: greedily keep, by priority, each label that does not overlap one
 * already kept. Zoomed out over a large topology only some names show (selected and faulted
 * first); zooming in shows them all. Overlap is checked in a grid of cells, so this is linear.
 */
export function placeLabels(boxes: readonly LabelBox[], cell = 64): boolean[] {
  const order = boxes.map((_, i) => i).sort((a, b) => boxes[b]!.priority - boxes[a]!.priority || a - b);
  const shown = new Array<boolean>(boxes.length).fill(false);
  const grid = new Map<number, number[]>();
  const key = (cx: number, cy: number) => cx * 100_003 + cy;
  for (const i of order) {
    const b = boxes[i]!;
    if (b.offscreen) continue;
    const x0 = b.x - b.w / 2;
    const y0 = b.y - b.h;
    const cx0 = Math.floor(x0 / cell);
    const cx1 = Math.floor((x0 + b.w) / cell);
    const cy0 = Math.floor(y0 / cell);
    const cy1 = Math.floor(b.y / cell);
    let clash = false;
    for (let cx = cx0; cx <= cx1 && !clash; cx++)
      for (let cy = cy0; cy <= cy1 && !clash; cy++)
        for (const j of grid.get(key(cx, cy)) ?? []) {
          const o = boxes[j]!;
          if (Math.abs(o.x - b.x) * 2 < o.w + b.w && Math.abs(o.y - o.h / 2 - (b.y - b.h / 2)) * 2 < o.h + b.h) {
            clash = true;
            break;
          }
        }
    if (clash) continue;
    shown[i] = true;
    for (let cx = cx0; cx <= cx1; cx++)
      for (let cy = cy0; cy <= cy1; cy++) {
        const k = key(cx, cy);
        const list = grid.get(k);
        if (list) list.push(i);
        else grid.set(k, [i]);
      }
  }
  return shown;
}
