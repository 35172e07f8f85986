import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { createSession, invite, join } from '../support/clients.ts';
import { waitFor } from '../support/wait.ts';
import { captureDenied, metric } from './sockets.ts';

/** Finding 1: an observer's refused writes made the judge rebuild its shadow from the whole document. */
let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ TWINLAB_DURABILITY: 'normal' });
});
afterAll(async () => server?.dispose());

describe('an observer flooding refused writes', () => {
  it('is refused without rebuilding the judge, then closed with 4403, while the others see nothing', async () => {
    const s = await createSession(server.url);
    const lead = join(server.wsUrl, s.id, s.leadToken);
    const observer = join(server.wsUrl, s.id, await invite(server.url, s, 'observer', 'Mallory'));
    const denied = captureDenied(observer);
    await Promise.all([lead.synced(), observer.synced()]);
    for (let i = 0; i < 50; i++) observer.parts.chat.push([{ author: 'Mallory', text: `spam ${i}` }]);
    await waitFor(() => observer.closes.length > 0, 'the server to close the flooding observer');
    expect(observer.closes[0]).toMatchObject({ code: 4403, reason: expect.stringMatching(/observers cannot change the session/) });
    expect(denied[0]).toBe('observers cannot change the session');
    // The refusal never touched the judge's shadow document: nothing was rebuilt.
    expect(await metric(server.url, 'twinlab_judge_rebuilds_total')).toBe(0);
    expect(lead.parts.chat.length).toBe(0);
    lead.destroy();
    observer.destroy();
  });
});
