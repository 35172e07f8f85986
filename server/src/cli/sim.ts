import { readFile } from 'node:fs/promises';
import { createSimulation, formatScenarioError, parseScenario } from '@twinlab/shared';
import { parseSimArgs, USAGE } from './args.ts';
import { formatSummary } from './report.ts';
import { gradeMain } from './grade.ts';
import { diagnoseMain } from './diagnose.ts';

/** Headless run of a scenario: validate, simulate to --until (default: the window's end), summarise. */
async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'grade' || argv[0] === 'report') return gradeMain(argv[0], argv.slice(1));
  if (argv[0] === 'diagnose') return diagnoseMain(argv.slice(1));
  let args;
  try {
    args = parseSimArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(args.file, 'utf8');
  } catch (e) {
    process.stderr.write(`cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  const parsed = parseScenario(text, args.file);
  if (!parsed.ok) {
    for (const e of parsed.errors) process.stderr.write(`${formatScenarioError(e)}\n`);
    process.stderr.write(`${parsed.errors.length} error(s): the scenario was not run\n`);
    return 1;
  }
  for (const w of parsed.warnings) process.stderr.write(`warning: ${formatScenarioError(w)}\n`);
  const scenario = parsed.scenario;
  const until = args.until ?? scenario.window.end;
  if (until <= scenario.window.start) {
    process.stderr.write(`--until must be after the window's start\n`);
    return 2;
  }
  const sim = createSimulation(scenario, args.seed === undefined ? {} : { seed: args.seed });
  const t0 = performance.now();
  sim.runUntil(until);
  const wallMs = performance.now() - t0;
  const metrics = sim.metrics();
  const hash = sim.stateHash();
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ scenario: scenario.id, seed: sim.seed, stateHash: hash, wallMs: Math.round(wallMs), metrics })}\n`);
  } else process.stdout.write(`${formatSummary(scenario.title, sim.seed, hash, metrics, wallMs)}\n`);
  return 0;
}

// A reader that stops early (`| head`) is not an error of the run.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await main(process.argv.slice(2));
