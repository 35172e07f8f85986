import { readFile, writeFile } from 'node:fs/promises';
import { createSimulation, formatClock, parseScenario } from '@twinlab/shared';
import { parseSessionExport } from '@twinlab/shared/replay/export';
import { gradeSessionExport } from '@twinlab/shared/drill/from-export';
import type { DrillResult } from '@twinlab/shared/drill/grade';
import { buildReport } from '../reports/build.ts';
import { reportHtml } from '../reports/html.ts';

export const GRADE_USAGE = 'usage: npm run sim -- grade <session-export.json> [--json]\n       npm run sim -- report <session-export.json> [--html out.html] [--json]';

const clock = (us: number | undefined) => (us === undefined ? '--:--:--' : formatClock(us).slice(0, 8));

/** The grade for a terminal: score, objectives one per line, penalties. */
export function formatGrade(r: DrillResult): string {
  const lines = [
    `${r.title}  (${r.drillId}, seed ${r.seed}, ${clock(r.start)}–${clock(r.end)})`,
    `score ${r.score}/100  ${r.passed ? 'PASSED' : 'NOT PASSED'}`,
    '',
    ...r.objectives.map(
      (o) => `${o.status === 'met' ? '✓' : o.status === 'not_triggered' ? '·' : '✗'} ${o.title}  [${o.when}, weight ${o.weight}]  ${o.status.replace('_', ' ')} ${clock(o.metAt ?? o.missedAt)}`,
    ),
    '',
    r.penalties.length ? r.penalties.map((p) => `−${p.points}  ${p.kind}: ${p.detail}`).join('\n') : 'no penalties',
    ...r.reasons.map((x) => `why not passed: ${x}`),
    `state hash at the drill's end ${r.endHash}`,
  ];
  return lines.join('\n');
}

async function readExport(file: string | undefined) {
  if (!file) throw new Usage('name a session export file (GET /api/sessions/:id/export)');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new Usage(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = parseSessionExport(text);
  if (!parsed.ok) throw new Failure(`${file}: ${parsed.error}`);
  return parsed.value;
}

class Usage extends Error {}
class Failure extends Error {}

/**
 * `grade`: exit 0 when the drill is passed, 1 when it is not (or cannot be graded), 2 on bad usage,
 * so a lead's CI can check that a recorded model answer still passes after a drill is edited.
 */
export async function gradeMain(command: 'grade' | 'report', argv: string[]): Promise<number> {
  let file: string | undefined;
  let json = false;
  let html: string | undefined;
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--json') json = true;
      else if (a === '--html' && command === 'report') {
        html = argv[++i];
        if (!html) throw new Usage('--html needs a file name');
      } else if (a.startsWith('--')) throw new Usage(`unknown option ${a}`);
      else if (file) throw new Usage(`one export at a time (got "${file}" and "${a}")`);
      else file = a;
    }
    const exp = await readExport(file);
    if (command === 'grade') {
      const g = gradeSessionExport(exp);
      if (!g.ok) throw new Failure(g.error);
      process.stdout.write(json ? `${JSON.stringify(g.result)}\n` : `${formatGrade(g.result)}\n`);
      return g.result.passed ? 0 : 1;
    }
    const r = buildReport(exp, { parseScenario, createSimulation });
    if (!r.ok) throw new Failure(r.error);
    if (html) await writeFile(html, reportHtml(r.report));
    if (json) process.stdout.write(`${JSON.stringify(r.report)}\n`);
    else
      process.stdout.write(
        `${r.report.commands.length} command(s) by ${r.report.participants.length} participant(s), ${r.report.timeline.length} events up to ${r.report.untilClock}${html ? `; HTML written to ${html}` : ''}\n`,
      );
    return 0;
  } catch (e) {
    if (e instanceof Usage) {
      process.stderr.write(`${e.message}\n${GRADE_USAGE}\n`);
      return 2;
    }
    if (e instanceof Failure) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
