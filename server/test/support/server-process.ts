import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));

export const TEST_SECRET = 'integration-test-secret-0123456789abcdef';

export interface ServerProcess {
  url: string;
  wsUrl: string;
  dataDir: string;
  proc: ChildProcess;
  output: () => string;
  /** SIGKILL: no shutdown handler runs, nothing is flushed. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
  /** The same data folder, a new process. */
  restart(): Promise<ServerProcess>;
  dispose(): Promise<void>;
}

/** Start the real server (node --import tsx server/src/main.ts) on a free port; resolves with the URL it prints. */
export async function startServerProcess(env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'twinlab-it-'))): Promise<ServerProcess> {
  const proc = spawn(process.execPath, ['--import', TSX, MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, TWINLAB_SECRET: TEST_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 30 s:\n${out}`)), 30_000);
    const check = () => {
      const m = /TwinLab listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        proc.stdout!.off('data', check);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`the server exited with ${code} before listening:\n${out}`)));
  });
  const self: ServerProcess = {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    dataDir,
    proc,
    output: () => out,
    async kill9() {
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      proc.kill('SIGTERM');
      return exited;
    },
    restart: () => startServerProcess(env, dataDir),
    async dispose() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return self;
}
