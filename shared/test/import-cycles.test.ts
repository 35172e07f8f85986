import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, readSources, resolveImport, runtimeImports } from '../scripts/import-cycles.ts';

const root = new URL('../../', import.meta.url).pathname;
const script = new URL('../scripts/import-cycles.ts', import.meta.url).pathname;
const fixture = 'shared/test/fixtures/cycle';

describe('runtime import cycle check', () => {
  it('finds the fixture cycle, through an inline type import, and not through import type', () => {
    const cycles = findCycles(importGraph(readSources(root, [fixture])));
    expect(cycles).toEqual([[`${fixture}/counter.ts`, `${fixture}/gateway.ts`, `${fixture}/order.ts`, `${fixture}/counter.ts`]]);
  });

  it('ignores import type, export type and dynamic import, and keeps export-from', () => {
    const text = [
      "import type { A } from './a.ts';",
      "export type { B } from './b.ts';",
      "import { type C } from './c.ts';",
      "export * from './d.ts';",
      "import './e.ts';",
      "const lazy = () => import('./f.ts');",
    ].join('\n');
    expect(runtimeImports({ path: 'x/m.ts', text })).toEqual(['./c.ts', './d.ts', './e.ts']);
  });

  it('resolves relative paths and the shared package name to files', () => {
    const known = new Set(['shared/src/index.ts', 'shared/src/engine/api.ts', 'client/src/App.tsx']);
    expect(resolveImport('client/src/main.ts', './App', known)).toBe('client/src/App.tsx');
    expect(resolveImport('client/src/main.ts', '@twinlab/shared', known)).toBe('shared/src/index.ts');
    expect(resolveImport('client/src/main.ts', '@twinlab/shared/engine/api', known)).toBe('shared/src/engine/api.ts');
    expect(resolveImport('client/src/main.ts', 'react', known)).toBeUndefined();
  });

  it('reports a self-import and nothing for an acyclic graph', () => {
    expect(
      findCycles(
        new Map([
          ['a', ['a']],
          ['b', []],
        ]),
      ),
    ).toEqual([['a', 'a']]);
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('fails as a command on the fixture, so `npm test` stops on a cycle', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', script, fixture], { cwd: root, stdio: 'pipe' });
    } catch (error) {
      const failure = error as { status: number; stderr: Buffer };
      status = failure.status;
      stderr = failure.stderr.toString();
    }
    expect(status).toBe(1);
    expect(stderr).toContain(`${fixture}/counter.ts -> ${fixture}/gateway.ts -> ${fixture}/order.ts -> ${fixture}/counter.ts`);
  });
});
