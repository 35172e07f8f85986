import { parseClock } from '@twinlab/shared';

export interface SimArgs {
  file: string;
  seed?: number;
  until?: number; // µs since midnight
  json: boolean;
}

/** `sim <scenario.yaml> [--seed N] [--until HH:MM[:SS]] [--json]`; throws a usage message on bad input. */
export function parseSimArgs(argv: string[]): SimArgs {
  const out: SimArgs = { file: '', json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') out.json = true;
    else if (a === '--seed') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) throw new Error(`--seed takes a whole number from 0 to 4294967295, not "${v}"`);
      out.seed = Number(v);
    } else if (a === '--until') {
      const v = value();
      const t = parseClock(v);
      if (t === undefined) throw new Error(`--until takes a time of day such as 15:00 or 10:05:30, not "${v}"`);
      out.until = t;
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (out.file) throw new Error(`one scenario file at a time (got "${out.file}" and "${a}")`);
    else out.file = a;
  }
  if (!out.file) throw new Error('name a scenario file, e.g. scenarios/small-broker.yaml');
  return out;
}

export const USAGE =
  'usage: npm run sim -- <scenario.yaml> [--seed N] [--until HH:MM[:SS]] [--json]\n       npm run sim -- grade <session-export.json> [--json]\n       npm run sim -- report <session-export.json> [--html out.html] [--json]';
