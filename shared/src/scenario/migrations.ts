import { SCHEMA_VERSION } from './schema.ts';

/**
 * Old drills must keep loading. A scenario file names its format in `schemaVersion`; when the
 * format changes, SCHEMA_VERSION goes up by one and a migration from the previous version is
 * added here. Migrations work on the raw parsed YAML (plain objects), before validation, so each
 * one only has to know two adjacent formats.
 */

/** The raw document: whatever YAML produced. Migrations check what they touch. */
export type RawScenario = Record<string, unknown>;

/** Turns a document of version N into version N+1. Return a new object; never mutate the input. */
export type Migration = (doc: RawScenario) => RawScenario;

/**
 * 1 → 2 (issue 14): instruments gain board, type, st and listed (defaults from the symbol's code
 * block), fees gain accountClass and the transfer, handling and regulatory fee rates, and the
 * scenario gains startOfDay, marketData and bank. Every field version 1 had keeps its name and
 * meaning, so the migration only has to carry the document over; what changes is what the engine
 * does with it (300750 now gets ChiNext's ±20%, fills pay the transfer fee), which is the fix.
 */
const v1ToV2: Migration = (doc) => ({ ...doc });

/** Keyed by the version a migration reads. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = { 1: v1ToV2 };

/** A file the migration chain cannot bring to the current format. `path` names the field at fault. */
export class MigrationError extends Error {
  constructor(
    message: string,
    readonly path: readonly (string | number)[] = ['schemaVersion'],
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

const isMapping = (v: unknown): v is RawScenario => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Brings a raw scenario document to `target` (the current format) one version at a time. */
export function migrate(doc: unknown, migrations: Readonly<Record<number, Migration>> = MIGRATIONS, target = SCHEMA_VERSION): RawScenario {
  if (!isMapping(doc)) throw new MigrationError('a scenario is a YAML mapping of keys (schemaVersion, id, title, nodes, …)', []);
  const version = doc.schemaVersion;
  if (version === undefined || version === null) throw new MigrationError(`schemaVersion is missing: add \`schemaVersion: ${target}\``);
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new MigrationError(`schemaVersion is a whole number such as ${target}, not ${JSON.stringify(version)}`);
  }
  if (version > target) {
    throw new MigrationError(`schemaVersion ${version} is newer than this TwinLab understands (up to ${target}): upgrade TwinLab to load this file`);
  }
  let current: RawScenario = doc;
  for (let v = version; v < target; v++) {
    const step = migrations[v];
    if (!step) throw new MigrationError(`no migration from schemaVersion ${v} to ${v + 1}: this TwinLab cannot read version ${version} files`);
    // The chain, not each migration, stamps the version, so a migration cannot forget it.
    current = { ...step(current), schemaVersion: v + 1 };
  }
  return current;
}
