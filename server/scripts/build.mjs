// The server as plain JavaScript for production (the image runs `node server/dist/main.mjs`, no
// tsx): one bundle per entry, with @twinlab/shared's TypeScript compiled in and every other
// package left to node_modules. The worker bundles keep the file names the source uses
// (runs/runner.ts, drills/jobs.ts and scenarios/parse-worker.ts start `./worker-entry.mjs`,
// `./job-worker.mjs` and `./parse-entry.mjs` beside themselves), so the same code runs from src under tsx and from dist under node.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const shared = JSON.parse(readFileSync(new URL('../../shared/package.json', import.meta.url), 'utf8'));
// @twinlab/shared is compiled in; its own dependencies are installed with the server's.
const runtime = new Set([...Object.keys(pkg.dependencies), ...Object.keys(shared.dependencies)]);
const builtins = new Set(builtinModules);
const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

/** Bare imports stay imports, and only of the server's own runtime dependencies: anything else fails the build. */
const dependenciesOnly = {
  name: 'server-dependencies-only',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = packageOf(args.path);
      if (args.path.startsWith('node:') || builtins.has(name)) return { path: args.path, external: true };
      if (name === '@twinlab/shared') return undefined; // compiled into the bundle
      if (runtime.has(name)) return { path: args.path, external: true };
      return { errors: [{ text: `${args.path} (imported by ${args.importer}) is not a runtime dependency of server/ or shared/ (package.json)` }] };
    });
  },
};

rmSync(`${root}/dist`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: [
    { in: 'src/main.ts', out: 'main' },
    { in: 'src/runs/worker.ts', out: 'worker-entry' },
    { in: 'src/drills/job-worker.ts', out: 'job-worker' },
    { in: 'src/scenarios/parse-thread.ts', out: 'parse-entry' },
  ],
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [dependenciesOnly],
});
writeFileSync(`${root}/dist/meta.json`, JSON.stringify(result.metafile));
const bytes = Object.entries(result.metafile.outputs)
  .filter(([f]) => f.endsWith('.mjs'))
  .map(([f, o]) => `${f} ${(o.bytes / 1024).toFixed(0)} KiB`);
console.log(`server built: ${bytes.join(', ')}`);
