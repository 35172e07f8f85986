import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { brokenLinks, markdownFiles, slug } from '../scripts/doc-links.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('links in the documentation', () => {
  it('every relative link in README.md, docs/ and every other Markdown file points to a file (and heading) in the repository', () => {
    const files = markdownFiles(root);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/design.md', 'docs/domain.md']));
    expect(files.flatMap((f) => brokenLinks(root, f)).map((b) => `${b.file}:${b.line}: ${b.target}: ${b.problem}`)).toEqual([]);
  });

  it('reports a broken link, a missing heading and a link out of the repository, with file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinlab-links-'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'domain.md'), '# Domain\n\n## E1. Orders as a counter keeps them\n');
    writeFileSync(
      join(dir, 'README.md'),
      [
        'See [the domain](docs/domain.md#e1-orders-as-a-counter-keeps-them).',
        'Design: [design](docs/design.md).',
        '[gone](docs/domain.md#e9)',
        '[old](../shared/DOMAIN.md)',
        '`[not a link](nowhere.md)`',
        '[web](https://example.com/x.md)',
      ].join('\n'),
    );
    expect(brokenLinks(dir, 'README.md').map((b) => [b.line, b.target])).toEqual([
      [2, 'docs/design.md'],
      [3, 'docs/domain.md#e9'],
      [4, '../shared/DOMAIN.md'],
    ]);
  });

  it('makes anchors as the forge does', () => {
    expect(slug('E1. Orders as a counter keeps them')).toBe('e1-orders-as-a-counter-keeps-them');
    expect(slug('C7. Dual-run (双轨, 并行运行)')).toBe('c7-dual-run-双轨-并行运行');
  });

  it('no file still sends readers to the design and domain notes outside the repository', () => {
    const roots = ['README.md', 'scenarios', 'shared/src', 'server/src', 'client/src', 'infra'];
    const offenders = roots.flatMap((r) => textFiles(r)).filter((f) => /\b(DESIGN|DOMAIN)\.md\b/.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

const TEXT = /\.(md|ts|tsx|yaml|mjs|json|css|html)$/;

/** Text files under a path of the repository (or the file itself). */
function textFiles(path: string): string[] {
  if (!statSync(join(root, path)).isDirectory()) return TEXT.test(path) ? [path] : [];
  return readdirSync(join(root, path))
    .filter((name) => name !== 'node_modules' && name !== 'dist' && name !== '.tsbuild')
    .flatMap((name) => textFiles(`${path}/${name}`));
}
