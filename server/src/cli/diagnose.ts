import { readFile } from 'node:fs/promises';
import { parseClock } from '@twinlab/shared/scenario/units';
import { parseSessionExport } from '@twinlab/shared/replay/export';
import { diagnoseScenario, formatFinding, type Diagnosis } from '@twinlab/shared/diagnose/index';
import { diagnoseSessionExport } from '@twinlab/shared/diagnose/from-export';

export const DIAGNOSE_USAGE = 'usage: npm run diagnose -- <scenario.yaml | session-export.json> [--until HH:MM[:SS]] [--json]';

/** The diagnosis for a terminal: each finding with its evidence and fix, then a count. */
export function formatDiagnosis(d: Diagnosis): string {
  if (d.errors.length > 0) return [...d.errors, `${d.errors.length} error(s): the file does not load, nothing diagnosed`].join('\n');
  const open = d.findings.filter((f) => f.status === 'open');
  const errors = open.filter((f) => f.severity === 'error').length;
  const lines = d.findings.map(formatFinding);
  lines.push(
    d.findings.length === 0 ? `${d.file}: no configuration error found` : `${errors} error(s), ${open.length - errors} warning(s) open; ${d.findings.length - open.length} fixed in the session`,
  );
  return lines.join('\n');
}

/**
 * `diagnose`: a scenario file's configuration errors, or a session export's (its commands and the
 * run's evidence). Exit 0 when no error is open, 1 when one is (or the file does not load), 2 on
 * bad usage, so a lead's CI can hold a scenario library to it.
 */
export async function diagnoseMain(argv: string[]): Promise<number> {
  let file: string | undefined;
  let json = false;
  let until: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--until') {
      until = parseClock(argv[++i] ?? '');
      if (until === undefined) return usage(`--until takes a time of day (HH:MM[:SS]), not "${argv[i] ?? ''}"`);
    } else if (a.startsWith('-')) return usage(`unknown option ${a}`);
    else if (file === undefined) file = a;
    else return usage(`one file at a time (got ${file} and ${a})`);
  }
  if (!file) return usage('name a scenario file or a session export');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return usage(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let d: Diagnosis;
  if (file.endsWith('.json')) {
    const exp = parseSessionExport(text);
    if (!exp.ok) {
      process.stderr.write(`${file}: ${exp.error}\n`);
      return 1;
    }
    const r = diagnoseSessionExport(exp.value, until);
    if (!r.ok) {
      process.stderr.write(`${file}: ${r.error}\n`);
      return 1;
    }
    d = r.diagnosis;
  } else d = diagnoseScenario(text, file);
  process.stdout.write(`${json ? JSON.stringify(d) : formatDiagnosis(d)}\n`);
  return d.errors.length > 0 || d.findings.some((f) => f.status === 'open' && f.severity === 'error') ? 1 : 0;
}

function usage(message: string): number {
  process.stderr.write(`${message}\n${DIAGNOSE_USAGE}\n`);
  return 2;
}
