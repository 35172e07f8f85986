import { z } from 'zod';
import type * as Y from 'yjs';
import { StampedCommand } from '../scenario/command.ts';
import { Id } from '../scenario/units.ts';
import { ClockState } from './clock.ts';
import { Role } from './roles.ts';
import type { Part } from './roles.ts';

/**
 * The session document (docs/design.md principle 1: inputs are shared, state is derived).
 *
 *   meta      Y.Map    what the session runs: scenario id and content hash, seed, title   (server)
 *   scenario  Y.Text   the scenario YAML                                               (lead)
 *   clock     Y.Map    ClockState fields                                               (server)
 *   commands  Y.Array  StampedCommand, in seq order                                    (server)
 *   runbook   Y.Map    step id → RunbookStepState                                      (lead, engineer)
 *   chat      Y.Array  ChatNote                                                        (lead, engineer)
 *
 * Values are plain JSON (no nested Y types) so the server can judge a write by its root part
 * and validate every value it carries with the schemas below.
 */
export const SessionMeta = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1).max(200),
    scenarioId: z.string().min(1),
    scenarioHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex'),
    seed: z.int().min(0).max(0xffffffff),
    createdAt: z.int().min(0).meta({ description: 'Server wall time, ms since the Unix epoch.' }),
    createdBy: z.string().min(1),
  })
  .strict();
export type SessionMeta = z.infer<typeof SessionMeta>;

export const STEP_STATUSES = ['pending', 'in_progress', 'done', 'failed', 'skipped', 'rolled_back'] as const;

export const RunbookStepState = z
  .object({
    status: z.enum(STEP_STATUSES),
    by: z.string().min(1).max(100).meta({ description: 'Name of the participant who set this state; must be the writer.' }),
    atSim: z.int().min(0).optional(),
    note: z.string().max(2000).optional(),
  })
  .strict();
export type RunbookStepState = z.infer<typeof RunbookStepState>;
export const RunbookStepId = Id;

export const ChatNote = z
  .object({
    author: z.string().min(1).max(100).meta({ description: 'Name of the participant; must be the writer.' }),
    text: z.string().min(1).max(2000),
    atSim: z.int().min(0).optional(),
  })
  .strict();
export type ChatNote = z.infer<typeof ChatNote>;

/** Awareness state. Extra fields (cursor, camera…) pass through; name and role must match the invitation. */
export const Presence = z.looseObject({
  name: z.string().max(100).optional(),
  region: z.string().max(100).optional(),
  role: Role.optional(),
  selectedNode: z.string().max(200).nullable().optional(),
});
export type Presence = z.infer<typeof Presence>;

export interface SessionParts {
  meta: Y.Map<unknown>;
  scenario: Y.Text;
  clock: Y.Map<unknown>;
  commands: Y.Array<unknown>;
  runbook: Y.Map<unknown>;
  chat: Y.Array<unknown>;
}

/** Define every root type of the layout on doc (idempotent); call it before syncing. */
export function sessionParts(doc: Y.Doc): SessionParts {
  return {
    meta: doc.getMap('meta'),
    scenario: doc.getText('scenario'),
    clock: doc.getMap('clock'),
    commands: doc.getArray('commands'),
    runbook: doc.getMap('runbook'),
    chat: doc.getArray('chat'),
  };
}

export function isPart(name: string): name is Part {
  return (['meta', 'scenario', 'clock', 'commands', 'runbook', 'chat'] as const).includes(name as Part);
}

export function readMeta(doc: Y.Doc): SessionMeta | undefined {
  const r = SessionMeta.safeParse(sessionParts(doc).meta.toJSON());
  return r.success ? r.data : undefined;
}

export function readClock(doc: Y.Doc): ClockState | undefined {
  const r = ClockState.safeParse(sessionParts(doc).clock.toJSON());
  return r.success ? r.data : undefined;
}

export function readScenarioText(doc: Y.Doc): string {
  return sessionParts(doc).scenario.toString();
}

/** The command log, in seq order. Entries that do not parse are reported, never silently skipped. */
export function readCommands(doc: Y.Doc): { commands: StampedCommand[]; invalid: number[] } {
  const commands: StampedCommand[] = [];
  const invalid: number[] = [];
  sessionParts(doc)
    .commands.toArray()
    .forEach((raw, i) => {
      const r = StampedCommand.safeParse(raw);
      if (r.success) commands.push(r.data);
      else invalid.push(i);
    });
  return { commands, invalid };
}

/** Write meta and clock as the server does when it creates a session. */
export function writeMap(map: Y.Map<unknown>, values: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(values)) if (v !== undefined) map.set(k, v);
}
