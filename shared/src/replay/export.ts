import { z } from 'zod';
import type * as Y from 'yjs';
import { StampedCommand } from '../scenario/command.ts';
import { ClockState } from '../session/clock.ts';
import { ChatNote, readClock, readCommands, readMeta, readScenarioText, RunbookStepState, SessionMeta, sessionParts } from '../session/layout.ts';

export const EXPORT_FORMAT = 'twinlab-session/1';

export const HintUseRecord = z
  .object({
    hint: z.int().min(0),
    actor: z.string().min(1),
    at: z.int().min(0).meta({ description: 'Simulated time of the request, stamped by the server.' }),
  })
  .strict();

/**
 * Everything a session's run derives from, in one JSON file: a replay, a grade and a report of the
 * session can be recomputed from it alone, anywhere (`npm run sim -- grade <file>`).
 */
export const SessionExport = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    session: SessionMeta.partial().extend({ id: z.string().min(1) }),
    scenarioText: z.string().min(1),
    seed: z.int().min(0).max(0xffffffff),
    clock: ClockState.optional(),
    commands: z.array(StampedCommand),
    runbook: z.record(z.string(), RunbookStepState).default({}),
    chat: z.array(ChatNote).default([]),
    hints: z.array(HintUseRecord).default([]),
    exportedAt: z.int().min(0).meta({ description: 'Wall time of the export, ms since the Unix epoch.' }),
  })
  .strict();
export type SessionExport = z.output<typeof SessionExport>;

/** Read a session's inputs from its document (what the server and every participant hold). */
export function exportSession(doc: Y.Doc, hints: SessionExport['hints'], exportedAt: number): SessionExport {
  const meta = readMeta(doc);
  if (!meta) throw new Error('the session document has no settings (meta): nothing to export');
  const parts = sessionParts(doc);
  const runbook: Record<string, RunbookStepState> = {};
  parts.runbook.forEach((v, k) => {
    const r = RunbookStepState.safeParse(v);
    if (r.success) runbook[k] = r.data;
  });
  const chat = parts.chat.toArray().flatMap((v) => {
    const r = ChatNote.safeParse(v);
    return r.success ? [r.data] : [];
  });
  const clock = readClock(doc);
  return {
    format: EXPORT_FORMAT,
    session: meta,
    scenarioText: readScenarioText(doc),
    seed: meta.seed,
    ...(clock ? { clock } : {}),
    commands: readCommands(doc).commands,
    runbook,
    chat,
    hints: [...hints],
    exportedAt,
  };
}

/** Parse an export file's text; errors name the field ("commands[3].at: …"). */
export function parseSessionExport(text: string): { ok: true; value: SessionExport } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  const r = SessionExport.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const issues = r.error.issues.slice(0, 5).map(
    (i) =>
      `${
        i.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '') || '(root)'
      }: ${i.message}`,
  );
  return { ok: false, error: `not a TwinLab session export: ${issues.join('; ')}` };
}
