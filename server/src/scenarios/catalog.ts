import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ParseScenarioResult } from '@twinlab/shared/scenario/parse';

export interface ScenarioEntry {
  id: string;
  file: string;
  title: string;
  description: string;
  ok: boolean;
  errors: number;
}

const FILE_ID = /^[a-z0-9][a-z0-9_.-]*$/;

/** The scenario files a lead can start a session from: scenarios/*.yaml, named by their file. */
export async function listScenarios(dir: string, parse: (text: string, file?: string) => ParseScenarioResult): Promise<ScenarioEntry[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  } catch {
    return [];
  }
  const out: ScenarioEntry[] = [];
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    const r = parse(text, file);
    const id = file.replace(/\.ya?ml$/, '');
    out.push(r.ok ? { id, file, title: r.scenario.title, description: r.scenario.description, ok: true, errors: 0 } : { id, file, title: id, description: '', ok: false, errors: r.errors.length });
  }
  return out;
}

export async function readScenarioFile(dir: string, id: string): Promise<{ file: string; text: string } | undefined> {
  if (!FILE_ID.test(id)) return undefined;
  for (const ext of ['.yaml', '.yml']) {
    try {
      return { file: id + ext, text: await readFile(join(dir, id + ext), 'utf8') };
    } catch {
      // try the next extension
    }
  }
  return undefined;
}
