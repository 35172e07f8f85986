import { z } from 'zod';
import { Scenario, SCHEMA_VERSION } from './schema.ts';

/**
 * The scenario format as JSON Schema, for editors: completion, hover help and red squiggles in
 * scenario files (each starts with `# yaml-language-server: $schema=./scenario.schema.json`).
 *
 * - io 'input': what an author writes (durations as "2ms", money as "5.00"), not what the engine reads.
 * - unrepresentable 'any': transforms and cross-reference checks have no JSON Schema form; they
 *   still run when TwinLab loads the file.
 * - draft-07: the draft the VS Code YAML extension (yaml-language-server) supports; it warns on 2020-12.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(Scenario, { target: 'draft-07', io: 'input', unrepresentable: 'any' });
  return {
    $schema,
    title: 'TwinLab scenario',
    description: `A TwinLab scenario (schemaVersion ${SCHEMA_VERSION}): topology, trading day, load and faults. See scenarios/README.md.`,
    ...rest,
  };
}

/** The committed file's exact text: 2-space JSON and a final newline. */
export const scenarioJsonSchemaText = (): string => `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
