import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** The production lab built into a fresh temporary folder (what a server serves as CLIENT_DIR), for the benches that drive it. */
export async function buildLab(prefix: string): Promise<string> {
  const dist = await mkdtemp(join(tmpdir(), `twinlab-${prefix}-`));
  process.env['NODE_ENV'] = 'production';
  await build({
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    root: fileURLToPath(new URL('..', import.meta.url)),
    mode: 'production',
    logLevel: 'warn',
    build: { outDir: dist },
  });
  return dist;
}
