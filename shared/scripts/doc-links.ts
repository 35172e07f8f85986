import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/** Folders that are not the project's own files. */
const SKIP = new Set(['node_modules', '.git', 'dist', '.tsbuild', 'data', 'test-artifacts', 'coverage']);

/** Every Markdown file of the repository, relative to root, in a stable order. */
export function markdownFiles(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir)).sort()) {
    if (SKIP.has(name)) continue;
    const rel = dir ? `${dir}/${name}` : name;
    if (statSync(join(root, rel)).isDirectory()) out.push(...markdownFiles(root, rel));
    else if (name.endsWith('.md')) out.push(rel);
  }
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of withoutCode(text).split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Code blocks and inline code hold examples, not links: blank them, keeping line numbers. */
function withoutCode(text: string): string {
  return text.replace(/^(```|~~~)[\s\S]*?^\1/gm, (block) => block.replace(/[^\n]/g, ' ')).replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
}

export interface BrokenLink {
  file: string;
  line: number;
  target: string;
  problem: string;
}

/** Relative links in one Markdown file (relative to root) whose file or heading does not exist. */
export function brokenLinks(root: string, file: string, text = readFileSync(join(root, file), 'utf8')): BrokenLink[] {
  const out: BrokenLink[] = [];
  const lines = withoutCode(text).split('\n');
  lines.forEach((line, i) => {
    const targets = [...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...line.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/g)].map((m) => m[1]!);
    for (const target of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [path, anchor] = splitAnchor(target);
      const report = (problem: string) => out.push({ file, line: i + 1, target, problem });
      if (path.startsWith('/')) {
        report('links must be relative, so they work in a clone and on the forge');
        continue;
      }
      const resolved = path === '' ? file : normalize(join(dirname(file), decodeURIComponent(path)));
      if (resolved.split(sep)[0] === '..') {
        report('points outside the repository');
        continue;
      }
      if (!existsSync(join(root, resolved))) {
        report(`no such file: ${relative('.', resolved)}`);
        continue;
      }
      if (anchor && resolved.endsWith('.md') && !anchors(readFileSync(join(root, resolved), 'utf8')).has(anchor.toLowerCase())) report(`no heading #${anchor} in ${resolved}`);
    }
  });
  return out;
}

function splitAnchor(target: string): [string, string] {
  const i = target.indexOf('#');
  return i < 0 ? [target, ''] : [target.slice(0, i), target.slice(i + 1)];
}
