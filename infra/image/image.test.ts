import { describe, expect, it, afterAll } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The image's build steps, run as infra/image/stage.sh (no Docker engine here): the staged
 * runtime starts with plain `node server/dist/main.mjs`, reaches only the server's runtime
 * packages, serves, runs the engine in its worker threads, and writes nothing but DATA_DIR.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const dockerfile = readFileSync(join(root, 'infra/Dockerfile'), 'utf8');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const tree = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (f === 'node_modules') return [p];
    return statSync(p).isDirectory() ? tree(p) : [`${p} ${statSync(p).mtimeMs}`];
  });

describe('the server image', () => {
  it('runs on an LTS Node, as a numeric non-root user, compiled JavaScript without tsx', () => {
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]!);
    expect(froms.length).toBeGreaterThan(0);
    for (const f of froms.filter((x) => x.startsWith('node:'))) expect(f, f).toMatch(/^node:(22|24)-/);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER [1-9]\d*(:\d+)?$/m);
    expect(runtime).toMatch(/^CMD \["node", "--enable-source-maps", "server\/dist\/main\.mjs"\]$/m);
    const instructions = dockerfile.split('\n').filter((l) => !l.startsWith('#'));
    expect(instructions.filter((l) => /tsx/.test(l))).toEqual([]);
    // Runtime packages: the server workspace's only.
    expect(dockerfile).toMatch(/npm ci --omit=dev --workspace @twinlab\/server/);
    expect(runtime).not.toMatch(/COPY .*client\/(src|package)/);
  });

  it('staged by its build steps, starts with plain node, serves, runs the engine and writes only DATA_DIR', async () => {
    const stage = mkdtempSync(join(tmpdir(), 'twinlab-stage-'));
    const data = mkdtempSync(join(tmpdir(), 'twinlab-stage-data-'));
    dirs.push(stage, data);
    await run('bash', [join(root, 'infra/image/stage.sh'), stage], { env: { ...process.env, SKIP_CLIENT: '1', LINK_DEPS: '1' } });
    expect(readdirSync(join(stage, 'node_modules'))).not.toContain('tsx');
    expect(readdirSync(join(stage, 'node_modules'))).not.toContain('three');
    const before = tree(stage);

    const proc = spawn(process.execPath, ['server/dist/main.mjs'], {
      cwd: stage,
      env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', DATA_DIR: data, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => proc.once('exit', r));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`did not start:\n${out}`)), 30_000);
        proc.stdout.on('data', () => {
          const m = /TwinLab listening on (\S+)/.exec(out);
          if (!m) return;
          clearTimeout(timer);
          resolve(m[1]!);
        });
        void exited.then(() => reject(new Error(`exited:\n${out}`)));
      });
      const json = async (path: string, init?: RequestInit) => {
        const res = await fetch(url + path, init);
        return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
      };
      expect((await json('/healthz')).body.status).toBe('ok');
      expect((await json('/openapi.json')).body.openapi).toBe('3.1.0');
      const post = (path: string, body: unknown, token?: string) =>
        json(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      // A headless run (runs/worker-entry.mjs) and a drill grade (drills/job-worker.mjs), each in its compiled worker.
      const s = await post('/api/sessions', { scenarioId: 'chain-5hop', leadName: 'Li' });
      expect(s.status).toBe(201);
      const ran = await json(`/api/sessions/${s.body.session.id}/run?until=09:31:00`, { headers: { authorization: `Bearer ${s.body.token}` } });
      expect(ran.status, JSON.stringify(ran.body)).toBe(200);
      expect(ran.body.stateHash).toMatch(/^[0-9a-f]+$/);
      const d = await post('/api/drills/gateway-crash/sessions', { trainee: '小李' });
      expect(d.status, JSON.stringify(d.body)).toBe(201);
      const graded = await post(`/api/sessions/${d.body.session.id}/drill/grade`, {}, d.body.token);
      expect(graded.status, JSON.stringify(graded.body)).toBe(200);
      expect(graded.body.result.drillId).toBe('gateway-crash');
      const metrics = await (await fetch(url + '/metrics')).text();
      expect(metrics).toMatch(/^process_cpu_seconds_total /m);
    } finally {
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    // A read-only root filesystem is possible: the staged files are as they were.
    expect(tree(stage)).toEqual(before);
    expect(readdirSync(data).sort()).toEqual(expect.arrayContaining(['drills.sqlite', 'secret', 'twinlab.sqlite']));
  }, 120_000);
});
