// Regenerates scenarios/scenario.schema.json from the zod schema: `npm run schema`.
// A test fails while the committed file differs from what this writes.
import { scenarioJsonSchemaText } from '../src/scenario/json-schema.ts';
import { writeRepoFile } from './repo-files.mjs';

writeRepoFile('scenarios/scenario.schema.json', scenarioJsonSchemaText());
