// Runtime import cycles in shared/src, server/src and client/src, for `npm test`
// (`tsx shared/scripts/import-cycles.ts [dir...]`, dirs relative to the repository root).
// A cycle among modules lets one of them run before the other has finished evaluating — the
// use-before-initialisation bug class we once hit in predicate/. Only edges that exist at run time
// count: `import type` / `export type` vanish, but under verbatimModuleSyntax
// `import { type A } from './a.ts'` still loads ./a.ts, so it counts. Dynamic import() is lazy and
// does not count.
import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes, e.g. "shared/src/a.ts". */
  readonly path: string;
  readonly text: string;
}

/** Bare package names that map into this repository's sources. */
const WORKSPACE_PACKAGES: Record<string, string> = { '@twinlab/shared': 'shared/src' };

/** The specifiers of the static runtime imports and re-exports of one module. */
export function runtimeImports(file: SourceFile): string[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, false, file.path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      if (statement.importClause?.isTypeOnly) continue;
      if (ts.isStringLiteral(statement.moduleSpecifier)) specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly || !statement.moduleSpecifier) continue;
      if (ts.isStringLiteral(statement.moduleSpecifier)) specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      const ref = statement.moduleReference;
      if (!statement.isTypeOnly && ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) {
        specifiers.push(ref.expression.text);
      }
    }
  }
  return specifiers;
}

/** The file a specifier names, among `known` paths, or undefined for outside packages. */
export function resolveImport(from: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  let base: string | undefined;
  if (specifier.startsWith('.')) {
    base = normalize(join(dirname(from), specifier)).replaceAll('\\', '/');
  } else {
    for (const [name, dir] of Object.entries(WORKSPACE_PACKAGES)) {
      if (specifier === name) base = `${dir}/index`;
      else if (specifier.startsWith(`${name}/`)) base = `${dir}/${specifier.slice(name.length + 1)}`;
    }
  }
  if (base === undefined) return undefined;
  const stem = base.replace(/\.(m?js|jsx)$/, '');
  for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`, `${stem}/index.tsx`]) {
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}

/** Module -> the modules it loads at run time, restricted to the given files. */
export function importGraph(files: readonly SourceFile[]): Map<string, string[]> {
  const known = new Set(files.map((f) => f.path));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = runtimeImports(file)
      .map((s) => resolveImport(file.path, s, known))
      .filter((t): t is string => t !== undefined);
    graph.set(file.path, [...new Set(targets)].sort());
  }
  return graph;
}

/**
 * Every strongly connected group of two or more modules (or one that imports itself), each as one
 * concrete loop through it, starting at its alphabetically first module. Deterministic order.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, iterative so that deep trees cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let next = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next);
    next++;
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next);
          next++;
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
        } while (member !== frame.node);
        const selfLoop = group.length === 1 && (graph.get(group[0]!) ?? []).includes(group[0]!);
        if (group.length > 1 || selfLoop) groups.push(group);
      }
    }
  }
  return groups.map((group) => loopThrough(graph, new Set(group))).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** A shortest path from the group's first module back to itself, inside the group. */
function loopThrough(graph: ReadonlyMap<string, readonly string[]>, group: ReadonlySet<string>): string[] {
  const first = [...group].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [first];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const to of graph.get(node) ?? []) {
      if (!group.has(to)) continue;
      if (to === first) {
        const path = [node];
        while (path[0] !== first) path.unshift(cameFrom.get(path[0]!)!);
        return [...path, first];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return [first, first];
}

/** The TypeScript sources under the given directories (relative to root), tests included. */
export function readSources(root: string, dirs: readonly string[]): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'node_modules' && !name.startsWith('.')) walk(full);
      } else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) {
        files.push({ path: relative(root, full).replaceAll('\\', '/'), text: readFileSync(full, 'utf8') });
      }
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return files;
}

export const CHECKED_DIRS = ['shared/src', 'server/src', 'client/src'] as const;

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const root = resolve(import.meta.dirname, '../..');
  const dirs = process.argv.length > 2 ? process.argv.slice(2) : CHECKED_DIRS;
  const files = readSources(root, dirs);
  const cycles = findCycles(importGraph(files));
  if (cycles.length === 0) {
    console.log(`import cycles: none among ${files.length} modules in ${dirs.join(', ')}`);
  } else {
    console.error(`import cycles: ${cycles.length} runtime cycle(s); break each with a leaf module or \`import type\`:`);
    for (const cycle of cycles) console.error(`  ${cycle.join(' -> ')}`);
    process.exitCode = 1;
  }
}
