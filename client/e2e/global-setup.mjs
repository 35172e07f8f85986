// Plain JS: vitest loads global setup in its main process, which runs without the tsx loader.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Builds the lab once per test run, before any test file starts: e2e files run in parallel and
 * each building client/dist itself would empty it under the others' servers. A run filtered to
 * paths other than client/ or e2e files (`vitest run shared`, `vitest run client/src/replay`) skips the build.
 */
export default async function setup() {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-') && a !== 'run' && !/vitest(\.m?js)?$/.test(a));
  if (filters.length > 0 && !filters.some((f) => f.includes('e2e') || /^(\.\/)?client\/?$/.test(f))) return;
  // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const env = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    const root = fileURLToPath(new URL('..', import.meta.url));
    await build({
      configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
      root,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: fileURLToPath(new URL('../dist', import.meta.url)) },
    });
  } finally {
    process.env['NODE_ENV'] = env;
  }
  process.env['TWINLAB_CLIENT_BUILT'] = '1';
}
