import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatScenarioError } from '@twinlab/shared/scenario/parse';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import { parseSolution, type SolutionStep } from '@twinlab/shared/drill/solution';
import { sealHints } from '@twinlab/shared/drill/seal';
import type { Services } from '../services.ts';

export interface DrillFile {
  id: string;
  file: string;
  text: string;
  /** The text a trainee's session starts from: hint texts sealed (they are served, and charged, by the server). */
  sealed: string;
  scenario: Scenario;
  /** The model answer (drills/solutions/<file>), shown once a trainee is graded. */
  solution?: SolutionStep[];
}

type Read = { drill?: DrillFile; problems: string[] };
/** Parsed drill files by path, kept while the file and its answer are unchanged: the lab asks every few seconds. */
const cache = new Map<string, { stamp: string; read: Read }>();

const stampOf = async (path: string) => {
  try {
    const s = await stat(path);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return 'none';
  }
};

/** Drill files: scenarios/drills/*.yaml that load and have a drill: section, each with its model answer if it has one. */
export async function readDrills(services: Services): Promise<{ drills: DrillFile[]; problems: string[] }> {
  const dir = join(services.scenariosDir, 'drills');
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    return { drills: [], problems: [] };
  }
  const drills: DrillFile[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const stamp = `${await stampOf(path)}|${await stampOf(join(dir, 'solutions', file))}`;
    let hit = cache.get(path);
    if (hit?.stamp !== stamp) {
      hit = { stamp, read: await readDrill(services, dir, file) };
      cache.set(path, hit);
    }
    if (hit.read.drill) drills.push(hit.read.drill);
    problems.push(...hit.read.problems);
  }
  return { drills, problems };
}

async function readDrill(services: Services, dir: string, file: string): Promise<Read> {
  const text = await readFile(join(dir, file), 'utf8');
  const r = services.parseScenario(text, `drills/${file}`);
  if (!r.ok) return { problems: r.errors.map(formatScenarioError) };
  if (!r.scenario.drill) return { problems: [`drills/${file}: no drill: section`] };
  const problems: string[] = [];
  const drill: DrillFile = { id: r.scenario.id, file, text, sealed: sealHints(text), scenario: r.scenario };
  const solution = await readSolution(dir, file, r.scenario.id, problems);
  if (solution) drill.solution = solution;
  return { drill, problems };
}

async function readSolution(dir: string, file: string, id: string, problems: string[]): Promise<SolutionStep[] | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, 'solutions', file), 'utf8');
  } catch {
    return undefined; // a drill without a model answer is allowed; the tests ask for one for every shipped drill
  }
  const r = parseSolution(text, `drills/solutions/${file}`);
  if (!r.ok) problems.push(...r.errors.map(formatScenarioError));
  else if (r.value.drill !== id) problems.push(`drills/solutions/${file}: answers drill "${r.value.drill}", not "${id}"`);
  else return r.value.steps;
  return undefined;
}

/** A drill as a session runs it: its scenario (hint texts included) and the model answer. */
export interface PublishedDrill {
  id: string;
  scenario: Scenario;
  solution?: SolutionStep[];
}

/** Drill texts sessions started from, parsed and sealed once: the lab asks every few seconds. */
const started = new Map<string, { sealed: string; scenario: Scenario | undefined }>();
const STARTED_KEPT = 64;

function startedForm(services: Services, text: string) {
  let hit = started.get(text);
  if (!hit) {
    const r = services.parseScenario(text, 'drill as started');
    hit = { sealed: sealHints(text), scenario: r.ok ? r.scenario : undefined };
    if (started.size >= STARTED_KEPT) started.delete(started.keys().next().value!);
    started.set(text, hit);
  }
  return hit;
}

/**
 * The published drill a session runs unedited, if any. Only such a session counts on the learning
 * path, gets its hint texts and the model answer: the trainee leads their own drill session and
 * may edit its text, objectives included, so an edited drill is practice, not an attempt.
 * `startedFrom` is the drill text the store remembers for a session started from the catalogue,
 * so a drill file changed on disk meanwhile does not orphan the session; other sessions count
 * when they hold a drill file's text as it is now.
 */
export async function publishedDrill(services: Services, scenarioText: string, startedFrom?: { drillId: string; text: string }): Promise<PublishedDrill | undefined> {
  const { drills } = await readDrills(services);
  if (startedFrom) {
    const form = startedForm(services, startedFrom.text);
    if (!form.scenario || (form.sealed !== scenarioText && startedFrom.text !== scenarioText)) return undefined;
    const solution = drills.find((d) => d.id === startedFrom.drillId)?.solution;
    return { id: startedFrom.drillId, scenario: form.scenario, ...(solution ? { solution } : {}) };
  }
  return drills.find((d) => d.sealed === scenarioText || d.text === scenarioText);
}
