import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One chunk of a build: raw and gzip bytes, and the chunks it imports statically and on demand. */
export interface Chunk {
  file: string;
  raw: number;
  gzip: number;
  imports: string[];
  dynamic: string[];
}

export interface BundleSizes {
  chunks: Chunk[];
  /** JS the lobby's entry loads before anything else (the index.html script and its static imports). */
  entry: { raw: number; gzip: number; files: string[] };
  /** …plus what a lab session loads on its own: the 3D view (its lazy chunk and that chunk's imports). */
  lab: { raw: number; gzip: number; files: string[] };
}

const IMPORT = /(?:import|export)\s*(?:[\w$*{}\s,]*?from\s*)?["'](\.\/[^"']+\.js)["']/g;
const DYNAMIC = /import\(\s*["'](\.\/[^"']+\.js)["']\s*\)/g;

/**
 * Sizes of a Vite build read from its files only (no manifest), so a build of another commit is
 * measured the same way. Static imports are followed to get what a page loads; dynamic ones are not.
 */
export function bundleSizes(dist: string): BundleSizes {
  const dir = join(dist, 'assets');
  const chunks = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((file): Chunk => {
      const text = readFileSync(join(dir, file));
      const src = text.toString('utf8');
      const imports = [...src.matchAll(IMPORT)].map((m) => m[1]!.slice(2));
      const dynamic = [...src.matchAll(DYNAMIC)].map((m) => m[1]!.slice(2));
      return { file, raw: text.length, gzip: gzipSync(text, { level: 9 }).length, imports: [...new Set(imports)], dynamic: [...new Set(dynamic)] };
    });
  const byFile = new Map(chunks.map((c) => [c.file, c]));
  const closure = (roots: string[]) => {
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f) || !byFile.has(f)) return;
      seen.add(f);
      byFile.get(f)!.imports.forEach(visit);
    };
    roots.forEach(visit);
    return seen;
  };
  const sum = (files: Set<string>) => ({ raw: [...files].reduce((n, f) => n + byFile.get(f)!.raw, 0), gzip: [...files].reduce((n, f) => n + byFile.get(f)!.gzip, 0), files: [...files].sort() });
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entryRoots = [...html.matchAll(/<script[^>]+src="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const entry = closure(entryRoots);
  const scene = chunks.filter((c) => c.file.startsWith('SceneView-')).map((c) => c.file);
  const lab = closure([...entry, ...scene]);
  return { chunks: chunks.sort((a, b) => b.raw - a.raw), entry: sum(entry), lab: sum(lab) };
}
