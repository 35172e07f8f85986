import type { Scenario } from '@twinlab/shared/scenario/schema';
import { NODE_KINDS, REGION_KINDS, type NodeKind } from '@twinlab/shared/scenario/topology';

/** Distance between neighbouring node centres inside a zone (world units). */
export const NODE_SPACING = 3;
/** Radius every node shape fits in, so neighbours never touch. */
export const NODE_RADIUS = 1;
/** Margin between a zone's edge and its outermost nodes. */
export const ZONE_PADDING = 2;
/** Gap between two zones. */
export const ZONE_GAP = 6;
/** Height of node centres above the zone plates. */
export const NODE_HEIGHT = 1;

export interface Zone {
  id: string;
  label: string;
  kind: string;
  /** Centre of the plate. */
  x: number;
  z: number;
  width: number;
  depth: number;
}

export interface KindGroup {
  kind: NodeKind;
  /** Node indices (scenario.nodes order) in instance order of this kind's mesh. */
  nodes: number[];
}

export interface SceneLayout {
  nodeIds: string[];
  nodeIndex: Map<string, number>;
  /** x, y, z per node in scenario.nodes order. */
  positions: Float32Array;
  zones: Zone[];
  /** Zone index per node. */
  nodeZone: Int32Array;
  kinds: KindGroup[];
  /** from, to node index per link in scenario.links order. */
  links: Int32Array;
  /** Half extents of everything drawn, to frame the camera. */
  extent: { x: number; z: number };
}

type Topology = Pick<Scenario, 'regions' | 'nodes' | 'links'>;

// Orders flow left to right through the pipeline, and sites follow the same order.
const KIND_ORDER = new Map<string, number>(NODE_KINDS.map((k, i) => [k, i]));
const SITE_ORDER: string[] = ['client_site', 'datacenter', 'dr_site', 'colocation', 'exchange', 'bank'];
const siteRank = (kind: string) => {
  const i = SITE_ORDER.indexOf(kind);
  return i < 0 ? SITE_ORDER.length + REGION_KINDS.indexOf(kind as never) : i;
};

/**
 * Where every zone and node goes: a pure function of the scenario, so every participant sees the
 * same picture. Zones sit on a grid ordered by site kind; inside a zone, nodes sit on a grid
 * ordered by their kind's place in the order pipeline, then by their order in the file.
 */
export function layoutScenario(scenario: Topology): SceneLayout {
  const nodeIds = scenario.nodes.map((n) => n.id);
  const nodeIndex = new Map(nodeIds.map((id, i) => [id, i]));
  const regionOrder = scenario.regions.map((r, i) => ({ r, i })).sort((a, b) => siteRank(a.r.kind) - siteRank(b.r.kind) || a.i - b.i);

  // Nodes of each region, in pipeline order.
  const members = new Map<string, number[]>(scenario.regions.map((r) => [r.id, []]));
  scenario.nodes.forEach((n, i) => members.get(n.region)?.push(i));
  for (const list of members.values()) {
    list.sort((a, b) => (KIND_ORDER.get(scenario.nodes[a]!.kind) ?? 99) - (KIND_ORDER.get(scenario.nodes[b]!.kind) ?? 99) || a - b);
  }

  // Size of each zone from its node grid.
  const sized = regionOrder.map(({ r }) => {
    const n = Math.max(1, members.get(r.id)!.length);
    const cols = Math.ceil(Math.sqrt(n));
    const rows = Math.ceil(n / cols);
    return { r, cols, rows, width: (cols - 1) * NODE_SPACING + 2 * ZONE_PADDING + 2 * NODE_RADIUS, depth: (rows - 1) * NODE_SPACING + 2 * ZONE_PADDING + 2 * NODE_RADIUS };
  });

  // Zones on a grid: each column as wide as its widest zone, each row as deep as its deepest.
  const gridCols = Math.ceil(Math.sqrt(sized.length));
  const gridRows = Math.ceil(sized.length / gridCols);
  const colWidth = new Array<number>(gridCols).fill(0);
  const rowDepth = new Array<number>(gridRows).fill(0);
  sized.forEach((s, k) => {
    colWidth[k % gridCols] = Math.max(colWidth[k % gridCols]!, s.width);
    rowDepth[Math.floor(k / gridCols)] = Math.max(rowDepth[Math.floor(k / gridCols)]!, s.depth);
  });
  const totalW = colWidth.reduce((a, b) => a + b, 0) + ZONE_GAP * (gridCols - 1);
  const totalD = rowDepth.reduce((a, b) => a + b, 0) + ZONE_GAP * (gridRows - 1);
  const colX: number[] = [];
  const rowZ: number[] = [];
  colWidth.reduce((x, w, c) => ((colX[c] = x + w / 2), x + w + ZONE_GAP), -totalW / 2);
  rowDepth.reduce((z, d, r) => ((rowZ[r] = z + d / 2), z + d + ZONE_GAP), -totalD / 2);

  const positions = new Float32Array(nodeIds.length * 3);
  const nodeZone = new Int32Array(nodeIds.length).fill(-1);
  const zones: Zone[] = sized.map((s, k) => {
    const zone: Zone = { id: s.r.id, label: s.r.name ?? s.r.id, kind: s.r.kind, x: colX[k % gridCols]!, z: rowZ[Math.floor(k / gridCols)]!, width: s.width, depth: s.depth };
    const x0 = zone.x - ((s.cols - 1) * NODE_SPACING) / 2;
    const z0 = zone.z - ((s.rows - 1) * NODE_SPACING) / 2;
    members.get(s.r.id)!.forEach((node, j) => {
      positions[node * 3] = x0 + (j % s.cols) * NODE_SPACING;
      positions[node * 3 + 1] = NODE_HEIGHT;
      positions[node * 3 + 2] = z0 + Math.floor(j / s.cols) * NODE_SPACING;
      nodeZone[node] = k;
    });
    return zone;
  });

  const kinds: KindGroup[] = [];
  for (const kind of NODE_KINDS) {
    const nodes: number[] = [];
    scenario.nodes.forEach((n, i) => n.kind === kind && nodes.push(i));
    if (nodes.length > 0) kinds.push({ kind, nodes });
  }

  const links = new Int32Array(scenario.links.length * 2);
  scenario.links.forEach((l, i) => {
    links[i * 2] = nodeIndex.get(l.from) ?? -1;
    links[i * 2 + 1] = nodeIndex.get(l.to) ?? -1;
  });

  return { nodeIds, nodeIndex, positions, zones, nodeZone, kinds, links, extent: { x: totalW / 2, z: totalD / 2 } };
}
