import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { bundleSizes, type BundleSizes } from './bundle-size.ts';

// Bundle sizes of the lab: builds the client (vite build, production) into a temporary folder and
// prints each chunk raw and gzip, and the JS the lobby's entry and a lab session load, next to a
// baseline. Usage: npm run bench:bundle -w @twinlab/client   (BASE_DIST=<a dist folder> compares
// with that build instead of the recorded one).
//
// The recorded baseline is main at 3cdba82 (this branch's merge-base), built with the same command
// and measured with bundleSizes() on 2026-12-03 in /work/wt/ui: before drei was removed and before
// the editor and the replay were loaded on demand.
const BASELINE = {
  label: 'main 3cdba82',
  entry: { raw: 1_133_042, gzip: 361_070 },
  lab: { raw: 2_083_040, gzip: 612_032 },
  chunks: {
    three: [743_017, 185_449],
    index: [580_307, 188_017],
    'replay.worker': [310_372, 94_985],
    'engine.worker': [308_532, 94_444],
    react: [218_754, 67_391],
    r3f: [190_688, 59_096],
    schema: [188_225, 54_929],
    yjs: [94_046, 28_310],
    uplot: [50_984, 21_994],
    SceneView: [16_293, 6_417],
    'rolldown-runtime': [726, 429],
  } as Record<string, [number, number]>,
};

const CLIENT = fileURLToPath(new URL('..', import.meta.url));
const kb = (n: number | undefined) => (n === undefined ? '—' : (n / 1024).toFixed(1));
const name = (file: string) => file.replace(/-[\w-]{8}\.js$/, '');

async function buildInto(dir: string): Promise<void> {
  const env = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({ configFile: join(CLIENT, 'vite.config.ts'), root: CLIENT, mode: 'production', logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
  } finally {
    process.env['NODE_ENV'] = env;
  }
}

function baselineOf(): { label: string; entry: { raw: number; gzip: number }; lab: { raw: number; gzip: number }; chunks: Record<string, [number, number]> } {
  const dist = process.env['BASE_DIST'];
  if (!dist) return BASELINE;
  const b: BundleSizes = bundleSizes(dist);
  return { label: dist, entry: b.entry, lab: b.lab, chunks: Object.fromEntries(b.chunks.map((c) => [name(c.file), [c.raw, c.gzip]])) };
}

const out = mkdtempSync(join(tmpdir(), 'twinlab-bundle-'));
try {
  await buildInto(out);
  const now = bundleSizes(out);
  const base = baselineOf();
  const names = [...new Set([...now.chunks.map((c) => name(c.file)), ...Object.keys(base.chunks)])];
  const byName = new Map(now.chunks.map((c) => [name(c.file), c]));
  console.log(`\nClient bundle (KiB, raw / gzip), this tree vs ${base.label}\n`);
  console.log(`${'chunk'.padEnd(28)}${'now raw'.padStart(10)}${'gzip'.padStart(9)}${'base raw'.padStart(11)}${'gzip'.padStart(9)}`);
  for (const n of names.sort((a, b) => (byName.get(b)?.raw ?? 0) - (byName.get(a)?.raw ?? 0))) {
    const c = byName.get(n);
    const b = base.chunks[n];
    console.log(`${n.padEnd(28)}${kb(c?.raw).padStart(10)}${kb(c?.gzip).padStart(9)}${kb(b?.[0]).padStart(11)}${kb(b?.[1]).padStart(9)}`);
  }
  const row = (label: string, a: { raw: number; gzip: number }, b: { raw: number; gzip: number }) =>
    console.log(`${label.padEnd(28)}${kb(a.raw).padStart(10)}${kb(a.gzip).padStart(9)}${kb(b.raw).padStart(11)}${kb(b.gzip).padStart(9)}   ${((100 * (a.gzip - b.gzip)) / b.gzip).toFixed(1)}% gzip`);
  console.log('');
  row('JS of the entry (lobby)', now.entry, base.entry);
  row('JS of a lab session', now.lab, base.lab);
  console.log(`\nlab session loads: ${now.lab.files.map(name).join(', ')}`);
  const heavy = now.lab.files.filter((f) => /codemirror|ScenarioEditor|ReplayView/i.test(f));
  console.log(`editor or replay in the lab's load: ${heavy.length ? heavy.join(', ') : 'none'}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
