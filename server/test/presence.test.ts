import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as authProtocol from 'y-protocols/auth';
import { MESSAGE_AUTH } from '@twinlab/shared/session/protocol';
import { startServerProcess } from './support/server-process.ts';
import type { ServerProcess } from './support/server-process.ts';
import { createSession, invite, join } from './support/clients.ts';
import type { Participant } from './support/clients.ts';
import { waitFor } from './support/wait.ts';

let server: ServerProcess;
const participants: Participant[] = [];

beforeAll(async () => {
  server = await startServerProcess();
});
afterAll(async () => {
  participants.forEach((p) => p.destroy());
  await server?.dispose();
});

/** A real provider that records every refusal the server sends it. */
function joinRecording(id: string, token: string): Participant & { denied: string[] } {
  const p = join(server.wsUrl, id, token);
  participants.push(p);
  const denied: string[] = [];
  p.provider.messageHandlers[MESSAGE_AUTH] = (_enc, dec) => authProtocol.readAuthMessage(dec, p.doc, (_d, reason) => denied.push(reason));
  return Object.assign(p, { denied });
}

describe('presence between real y-websocket providers', () => {
  it('spreads each one’s presence, and the provider’s echo of the others is not taken for a forgery', async () => {
    const s = await createSession(server.url);
    const lead = joinRecording(s.id, s.leadToken);
    const wang = joinRecording(s.id, await invite(server.url, s, 'engineer', 'Wang'));
    await Promise.all([lead.synced(), wang.synced()]);
    lead.provider.awareness.setLocalState({ name: 'Lead', role: 'lead', region: '上海' });
    wang.provider.awareness.setLocalState({ name: 'Wang', role: 'engineer', region: '深圳', selectedNode: 'counter' });
    await waitFor(() => lead.provider.awareness.getStates().get(wang.doc.clientID)?.['selectedNode'] === 'counter', 'the lead to see what Wang selected');
    await waitFor(() => wang.provider.awareness.getStates().get(lead.doc.clientID)?.['region'] === '上海', 'Wang to see the lead');
    // A few more changes, each of which every provider re-broadcasts as it applies it.
    for (const node of ['risk', 'oms', 'gw-sse']) wang.provider.awareness.setLocalStateField('selectedNode', node);
    await waitFor(() => lead.provider.awareness.getStates().get(wang.doc.clientID)?.['selectedNode'] === 'gw-sse', 'the lead to follow Wang');
    expect(lead.denied).toEqual([]);
    expect(wang.denied).toEqual([]);
  });
});
