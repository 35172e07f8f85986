import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseSimArgs } from './args.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../../..');
const sim = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'server/src/cli/sim.ts', ...args], { cwd: root }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('npm run sim', () => {
  it('runs a scenario to --until and prints its metrics as JSON, the same for the same seed', async () => {
    const a = await sim('scenarios/small-broker.yaml', '--until', '09:31', '--seed', '5', '--json');
    const b = await sim('scenarios/small-broker.yaml', '--until', '09:31', '--seed', '5', '--json');
    expect(a.code).toBe(0);
    const out = JSON.parse(a.stdout);
    expect(out.metrics.now).toBe((9 * 60 + 31) * 60_000_000);
    expect(out.metrics.orders.created).toBeGreaterThan(0);
    expect(out.stateHash).toBe(JSON.parse(b.stdout).stateHash);
  });

  it('names the file, line, column and field of a bad scenario and runs nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinlab-sim-'));
    const file = join(dir, 'bad.yaml');
    const text = readFileSync(join(root, 'scenarios/small-broker.yaml'), 'utf8').replace('servers: 8', 'servers: eight');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('servers: eight')) + 1;
    const r = await sim(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:${line}:`);
    expect(r.stderr).toMatch(/nodes\[\d+\]\.servers/);
    expect(r.stdout).toBe('');
  });

  it('explains bad arguments', () => {
    expect(() => parseSimArgs([])).toThrow(/name a scenario file/);
    expect(() => parseSimArgs(['a.yaml', '--until', '25:00'])).toThrow(/time of day/);
    expect(() => parseSimArgs(['a.yaml', '--seed', '-1'])).toThrow(/whole number/);
    expect(parseSimArgs(['a.yaml', '--seed', '3', '--until', '10:05:30', '--json'])).toEqual({ file: 'a.yaml', seed: 3, until: 36_330_000_000, json: true });
  });
});
