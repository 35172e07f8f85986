import { predicatePaths, type Predicate } from './parse.ts';

/**
 * Paths in `p` that `known` does not offer, with the nearest known path as a suggestion.
 * `prefixes` admits namespaces filled at run time by other parts (e.g. "recon.", "runbook.").
 */
export function unknownPaths(p: Predicate, known: ReadonlySet<string>, prefixes: readonly string[] = []): { path: string; suggestion?: string }[] {
  const out: { path: string; suggestion?: string }[] = [];
  for (const path of predicatePaths(p)) {
    if (known.has(path) || prefixes.some((pre) => path.startsWith(pre))) continue;
    const suggestion = nearest(path, known);
    out.push(suggestion ? { path, suggestion } : { path });
  }
  return out;
}

function nearest(path: string, known: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(3, Math.floor(path.length / 4)) + 1;
  for (const k of known) {
    const d = editDistance(path, k, bestD);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
