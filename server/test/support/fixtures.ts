import * as Y from 'yjs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { initialClock } from '@twinlab/shared/session/clock';
import { sessionParts, writeMap } from '@twinlab/shared/session/layout';
import type { Role } from '@twinlab/shared/session/roles';
import type { Invitation } from '../../src/auth/tokens.ts';
import type { Storage } from '../../src/storage/types.ts';
import { sha256 } from '../../src/util/hash.ts';

export const scenarioText = (id: string) => readFileSync(fileURLToPath(new URL(`../../../scenarios/${id}.yaml`, import.meta.url)), 'utf8');

/** Store a session the way POST /api/sessions does, without HTTP: meta, scenario, clock. */
export async function storeSession(storage: Storage, id: string, scenarioId: string, nowMs: number): Promise<void> {
  const text = scenarioText(scenarioId);
  const parsed = parseScenario(text, `${scenarioId}.yaml`);
  if (!parsed.ok) throw new Error(`fixture scenario ${scenarioId} does not load`);
  const doc = new Y.Doc();
  const p = sessionParts(doc);
  writeMap(p.meta, { id, title: 'fixture', scenarioId, scenarioHash: sha256(text), seed: 7, createdAt: nowMs, createdBy: 'Lead' });
  p.scenario.insert(0, text);
  writeMap(p.clock, { ...initialClock(parsed.scenario.window.start, parsed.scenario.window.end, nowMs) });
  await storage.createSession({ id, title: 'fixture', scenarioId, createdAt: nowMs, createdBy: 'Lead' }, Y.encodeStateAsUpdate(doc));
}

let n = 0;
export function invitation(sessionId: string, role: Role, name: string): Invitation {
  return { sessionId, role, name, jti: `jti-${++n}`, expiresAt: Date.now() + 3_600_000 };
}
