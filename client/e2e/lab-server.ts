import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { startServerProcess, type ServerProcess } from '../../server/test/support/server-process.ts';

const CLIENT = fileURLToPath(new URL('..', import.meta.url));
const DIST = fileURLToPath(new URL('../dist', import.meta.url));

/**
 * The lab as users get it: the production build served by the real server process. The build is
 * made once for all e2e files by global-setup.mjs, here only when a file runs without it; each file
 * serves a private copy, since another run in this work tree may rebuild client/dist meanwhile.
 * dispose() stops the server and removes the copy.
 */
export async function serveBuiltLab(name: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    if (!process.env['TWINLAB_CLIENT_BUILT'])
      await build({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), root: CLIENT, mode: 'production', logLevel: 'warn', build: { outDir: DIST } });
  } finally {
    process.env['NODE_ENV'] = nodeEnv;
  }
  const served = mkdtempSync(join(tmpdir(), `twinlab-${name}-`));
  cpSync(DIST, served, { recursive: true });
  const server = await startServerProcess({ CLIENT_DIR: served, TWINLAB_DURABILITY: 'normal', ...env });
  const dispose = server.dispose.bind(server);
  server.dispose = async () => {
    await dispose();
    rmSync(served, { recursive: true, force: true });
  };
  return server;
}
