/**
 * Which link joins two nodes, without a nodes × nodes table: each node's links in a compressed
 * row (neighbour, link), scanned linearly. A node has a handful of links, so a lookup is a few
 * reads, and memory grows with the links, not with the square of the nodes.
 */
export interface LinkIndex {
  linkAdjStart: Int32Array; // node → first entry; node + 1 → one past its last
  linkAdjNode: Int32Array;
  linkAdjLink: Int32Array;
}

/** ends[i] = [a, b] of link i. */
export function compileLinkIndex(nodeCount: number, ends: readonly (readonly [number, number])[]): LinkIndex {
  const degree = new Int32Array(nodeCount + 1);
  for (const [a, b] of ends) {
    degree[a + 1]!++;
    degree[b + 1]!++;
  }
  for (let n = 0; n < nodeCount; n++) degree[n + 1] = degree[n + 1]! + degree[n]!;
  const fill = degree.slice(0, nodeCount);
  const node = new Int32Array(2 * ends.length);
  const link = new Int32Array(2 * ends.length);
  ends.forEach(([a, b], i) => {
    node[fill[a]!] = b;
    link[fill[a]!++] = i;
    node[fill[b]!] = a;
    link[fill[b]!++] = i;
  });
  return { linkAdjStart: degree, linkAdjNode: node, linkAdjLink: link };
}

/** The link between nodes a and b (either direction), -1 none; of two parallel links, the later one (as the old dense table kept). */
export function linkBetween(m: LinkIndex, a: number, b: number): number {
  const node = m.linkAdjNode;
  for (let k = m.linkAdjStart[a + 1]! - 1, first = m.linkAdjStart[a]!; k >= first; k--) if (node[k] === b) return m.linkAdjLink[k]!;
  return -1;
}
