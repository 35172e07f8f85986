/**
 * The learning path: drills and their prerequisites. A drill is open to a person once they have
 * passed every prerequisite; the path lists drills so that each comes after what it needs.
 */
export interface PathDrill {
  id: string;
  title: string;
  level: string;
  prerequisites: string[];
}

export type PathStatus = 'passed' | 'open' | 'locked';

export interface PathStep extends PathDrill {
  status: PathStatus;
  /** Prerequisites not passed yet (for a locked drill). */
  missing: string[];
  bestScore: number | undefined;
}

/** Problems in the path: unknown prerequisites and cycles, each naming the drills. */
export function checkPath(drills: readonly PathDrill[]): string[] {
  const ids = new Set(drills.map((d) => d.id));
  const problems: string[] = [];
  for (const d of drills) for (const p of d.prerequisites) if (!ids.has(p)) problems.push(`drill ${d.id} needs "${p}", which is not a drill`);
  try {
    orderPath(drills);
  } catch (e) {
    problems.push((e as Error).message);
  }
  return problems;
}

/** Drills with each after its prerequisites; ties keep the given order. Throws on a cycle. */
export function orderPath<D extends PathDrill>(drills: readonly D[]): D[] {
  const byId = new Map(drills.map((d) => [d.id, d]));
  const out: D[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (d: D, trail: string[]) => {
    const s = state.get(d.id);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`the prerequisites go round in a circle: ${[...trail, d.id].join(' → ')}`);
    state.set(d.id, 'visiting');
    for (const p of d.prerequisites) {
      const pre = byId.get(p);
      if (pre) visit(pre, [...trail, d.id]);
    }
    state.set(d.id, 'done');
    out.push(d);
  };
  for (const d of drills) visit(d, []);
  return out;
}

/** A person's path: best score per drill → which drills are passed, open or still locked. */
export function learningPath(drills: readonly PathDrill[], results: ReadonlyMap<string, { passed: boolean; bestScore: number }>): PathStep[] {
  return orderPath(drills).map((d) => {
    const r = results.get(d.id);
    const missing = d.prerequisites.filter((p) => !results.get(p)?.passed);
    return { ...d, status: r?.passed ? 'passed' : missing.length ? 'locked' : 'open', missing, bestScore: r?.bestScore };
  });
}
