import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatScenarioError } from '@twinlab/shared/scenario/parse';
import { parseRolePaths, unknownDrills, type RolePaths } from '@twinlab/shared/drill/roles';
import type { Services } from '../services.ts';

/** Where the role paths live: a folder of their own, since every .yaml beside the drills is read as a drill. */
export const PATHS_FILE = 'drills/paths/roles.yaml';

let cached: { stamp: string; read: { paths: RolePaths | undefined; problems: string[] } } | undefined;

/** The role paths, parsed once per change of the file; problems say what and where, and a broken file gives no paths. */
export async function readRolePaths(services: Services, drillIds: ReadonlySet<string>): Promise<{ paths: RolePaths | undefined; problems: string[] }> {
  const file = join(services.scenariosDir, PATHS_FILE);
  let stamp: string;
  try {
    const s = await stat(file);
    stamp = `${file}:${s.mtimeMs}:${s.size}`;
  } catch {
    return { paths: undefined, problems: [] };
  }
  if (cached?.stamp !== stamp) {
    const r = parseRolePaths(await readFile(file, 'utf8'), PATHS_FILE);
    cached = { stamp, read: r.ok ? { paths: r.value, problems: [] } : { paths: undefined, problems: r.errors.map(formatScenarioError) } };
  }
  const { paths, problems } = cached.read;
  return { paths, problems: paths ? [...problems, ...unknownDrills(paths, drillIds)] : problems };
}
