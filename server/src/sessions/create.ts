import * as Y from 'yjs';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { initialClock } from '@twinlab/shared/session/clock';
import { sessionParts, writeMap } from '@twinlab/shared/session/layout';
import type { SessionMeta } from '@twinlab/shared/session/layout';
import { Id } from '@twinlab/shared/scenario/units';
import { formatScenarioError } from '@twinlab/shared/scenario/parse';
import type { Services } from '../services.ts';
import { readScenarioFile } from '../scenarios/catalog.ts';
import { sha256 } from '../util/hash.ts';
import { issueInvitation } from './invitations.ts';

export const CreateSessionBody = z
  .object({
    scenarioId: Id.optional().meta({ description: 'A scenario from the server scenarios/ folder.' }),
    scenarioYaml: z
      .string()
      .min(1)
      .max(512 * 1024)
      .optional()
      .meta({ description: 'Or the scenario text itself.' }),
    seed: z.int().min(0).max(0xffffffff).optional().meta({ description: "Defaults to the scenario's seed." }),
    title: z.string().min(1).max(200).optional(),
    leadName: z.string().trim().min(1).max(100).meta({ description: 'Your name as the others will see it.' }),
  })
  .strict()
  .refine((b) => (b.scenarioId === undefined) !== (b.scenarioYaml === undefined), { message: 'give either scenarioId or scenarioYaml', path: ['scenarioId'] });
export type CreateSessionBody = z.infer<typeof CreateSessionBody>;

export type Created = { ok: true; meta: SessionMeta; token: string; expiresAt: number } | { ok: false; status: 400 | 404; error: string; errors?: unknown[] };

/** A session starts from a scenario that parses: its text, seed and window become the document. */
export async function createSession(services: Services, body: CreateSessionBody): Promise<Created> {
  let text: string;
  let file: string;
  if (body.scenarioId !== undefined) {
    const found = await readScenarioFile(services.scenariosDir, body.scenarioId);
    if (!found) return { ok: false, status: 404, error: `no scenario "${body.scenarioId}" in the scenarios folder` };
    ({ text, file } = found);
  } else {
    text = body.scenarioYaml!;
    file = '<scenarioYaml>';
  }
  // Text from the client is parsed off the main thread; the catalog's files are trusted and small.
  const parsed = body.scenarioYaml !== undefined && services.parseInWorker ? await services.parseInWorker(text, file) : services.parseScenario(text, file);
  if (!parsed.ok) {
    return { ok: false, status: 400, error: `the scenario does not load: ${parsed.errors.map(formatScenarioError).join('; ')}`, errors: parsed.errors };
  }
  const scenario = parsed.scenario;
  const now = services.now();
  const meta: SessionMeta = {
    id: randomBytes(9).toString('base64url').replace(/[-_]/g, 'x'),
    title: body.title ?? scenario.title,
    scenarioId: scenario.id,
    scenarioHash: sha256(text),
    seed: body.seed ?? scenario.seed,
    createdAt: now,
    createdBy: body.leadName,
  };
  const doc = new Y.Doc();
  const parts = sessionParts(doc);
  doc.transact(() => {
    writeMap(parts.meta, { ...meta });
    parts.scenario.insert(0, text);
    writeMap(parts.clock, { ...initialClock(scenario.window.start, scenario.window.end, now) });
  });
  await services.storage.createSession({ id: meta.id, title: meta.title, scenarioId: meta.scenarioId, createdAt: now, createdBy: body.leadName }, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  const lead = await issueInvitation(services, meta.id, 'lead', body.leadName, services.limits.leadTokenSeconds);
  return { ok: true, meta, token: lead.token, expiresAt: lead.invitation.expiresAt };
}
