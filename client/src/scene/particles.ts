/**
 * How many flow particles a link shows for its message rate. Logarithmic: a link carrying 10×
 * more messages shows a few more particles, so quiet links stay visible next to busy ones.
 * 0 for an idle or cut link; at most maxPerLink.
 */
export function particlesForRate(rate: number, maxPerLink: number): number {
  if (!(rate > 0) || maxPerLink <= 0) return 0;
  const n = 1 + Math.floor(Math.log2(1 + rate / 10));
  return Math.min(maxPerLink, n);
}

/**
 * Fills counts (one per link) and returns the total. When the links together want more than the
 * budget, every link is scaled down by the same factor, keeping at least one particle on each
 * busy link while the budget allows.
 */
export function allocateParticles(linkRate: ArrayLike<number>, linkUp: ArrayLike<number>, maxPerLink: number, budget: number, counts: Uint16Array): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = linkUp[i] === 0 ? 0 : particlesForRate(linkRate[i] ?? 0, maxPerLink);
    counts[i] = n;
    total += n;
  }
  if (total <= budget) return total;
  const scale = budget / total;
  total = 0;
  for (let i = 0; i < counts.length; i++) {
    const want = counts[i]!;
    if (want === 0) continue;
    const n = Math.min(want, Math.max(total < budget ? 1 : 0, Math.floor(want * scale)), budget - total);
    counts[i] = n;
    total += n;
  }
  return total;
}

/** Position of particle k of n along a link at phase t (0..1 per trip), evenly spaced, wrapping. */
export function particlePhase(t: number, k: number, n: number): number {
  const p = t + k / n;
  return p - Math.floor(p);
}
