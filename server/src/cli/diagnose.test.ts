import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '@twinlab/shared/diagnose/index';
import { readRepoFile } from '../../../shared/scripts/repo-files.mjs';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../../..');
const diagnose = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'server/src/cli/sim.ts', 'diagnose', ...args], { cwd: root }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('npm run diagnose', () => {
  it('names the wrong calendar with its file:line:column, evidence and fix, and exits 1', async () => {
    const r = await diagnose('scenarios/holiday-calendar-misconfig.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^scenarios\/holiday-calendar-misconfig\.yaml:82:\d+ {2}error \[calendar\] .*lists 2026-10-08 as a closure/m);
    expect(r.stdout).toMatch(/evidence: the exchanges' notice: closed on weekdays 2026-01-01, .*2026-09-25, 2026-10-01, 2026-10-02/);
    expect(r.stdout).toMatch(/fix: correct counter-new's calendar: calendar_set \{node: counter-new, date: 2026-10-08, trading: true\}/);
    expect(r.stdout).toMatch(/error \[calendar\] counter-new's calendar trades on 2026-10-10, but the exchanges are closed/);
  });

  it('exits 0 on a correct file, 2 on bad usage', async () => {
    expect(await diagnose('scenarios/small-broker.yaml')).toMatchObject({ code: 0, stdout: expect.stringContaining('no configuration error found') });
    expect((await diagnose()).code).toBe(2);
    expect((await diagnose('scenarios/small-broker.yaml', '--until', 'soon')).code).toBe(2);
  });

  it('diagnoses a session export: the fee rule fixed by a command is reported fixed, with the breaks the run shows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinlab-diagnose-'));
    const file = join(dir, 'session.json');
    const at = (h: number, m: number) => (h * 60 + m) * 60_000_000;
    const exp = {
      format: 'twinlab-session/1',
      session: { id: 's1' },
      scenarioText: readRepoFile('scenarios/oms-dual-run-fee-rule.yaml'),
      seed: 31,
      commands: [
        { seq: 0, at: at(9, 50), actor: '王工', command: { type: 'reconcile' } },
        { seq: 1, at: at(9, 52), actor: '王工', command: { type: 'set_config', node: 'oms-new', key: 'fees.minimumApplies', value: 'per_order' } },
      ],
      exportedAt: 0,
    };
    writeFileSync(file, JSON.stringify(exp));
    const r = await diagnose(file, '--until', '09:53', '--json');
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as Diagnosis & { until: number };
    expect(d.until).toBe(at(9, 53));
    const fee = d.findings.find((f) => f.kind === 'fee_rule')!;
    expect(fee.status).toBe('fixed');
    expect(fee.evidence.find((e) => e.key === 'reconBreaks')!.params['n']).toBeGreaterThan(0);
  });
});
