import type { z } from 'zod';
import type { Issue } from './protocol.ts';

/** zod issues as "where: what", the path written the way a participant reads JSON (fault.target, nodes[2]). */
export function describeIssues(error: z.ZodError, root = ''): Issue[] {
  return error.issues.map((i) => ({ path: formatPath(root, i.path), message: i.message }));
}

export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? '(root)' : out;
}

export function summarizeIssues(issues: Issue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}
