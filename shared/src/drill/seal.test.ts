import { describe, expect, it } from 'vitest';
import { createSimulation } from '../engine/simulation.ts';
import { parseScenario } from '../scenario/parse.ts';
import { listRepoDir, readRepoFile } from '../../scripts/repo-files.mjs';
import { gradeDrill } from './grade.ts';
import { parseSolution, solutionCommands } from './solution.ts';
import { SEALED_HINT, sealHints } from './seal.ts';

const drills = listRepoDir('scenarios/drills').filter((f) => f.endsWith('.yaml'));
const load = (text: string) => {
  const r = parseScenario(text, 'drill');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.scenario;
};

describe('sealing a drill’s hints for its trainee’s session', () => {
  it.each(drills)('%s: no hint text is left in the session’s text, everything else is the same drill', (file) => {
    const text = readRepoFile(`scenarios/drills/${file}`);
    const original = load(text);
    const sealed = load(sealHints(text));
    for (const h of original.drill!.hints) expect(sealHints(text)).not.toContain(h.text.trim().slice(0, 20));
    expect(sealed.drill!.hints.map((h) => h.text)).toEqual(original.drill!.hints.map(() => SEALED_HINT));
    expect({ ...sealed, drill: { ...sealed.drill!, hints: sealed.drill!.hints.map(({ text: _, ...h }) => h) } }).toEqual({
      ...original,
      drill: { ...original.drill!, hints: original.drill!.hints.map(({ text: _, ...h }) => h) },
    });
  });

  it('grades a sealed drill exactly as the original', () => {
    const text = readRepoFile('scenarios/drills/gateway-crash.yaml');
    const answer = parseSolution(readRepoFile('scenarios/drills/solutions/gateway-crash.yaml'), 'gateway-crash.yaml');
    if (!answer.ok) throw new Error('the model answer does not load');
    const hints = [{ hint: 1, actor: 'trainee', at: load(text).window.start + 60_000_000 }];
    const grade = (t: string) => gradeDrill(createSimulation, load(t), 1, solutionCommands(answer.value), hints);
    expect(grade(sealHints(text))).toEqual(grade(text));
  });
});
