import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parseClock } from '@twinlab/shared/scenario/units';
import type { ServerProcess } from '../../server/test/support/server-process.ts';
import { serveBuiltLab } from './lab-server.ts';
import { LATE_JOIN_SCENARIO, LATE_JOIN_SERVER_ENV, lateSession } from '../../server/test/support/late-join.ts';
import { launchChromium } from './chromium.ts';
import { joinLate } from './late-join-page.ts';

// A participant joins a session that has run to 14:00, in Debian's Chromium: the lab starts
// from the server's snapshot, checks its hash and shows the run at the clock. How long that
// takes is printed by client/bench/late-join.bench.ts, not timed here.

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await serveBuiltLab('late', LATE_JOIN_SERVER_ENV);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe(`joining a ${LATE_JOIN_SCENARIO} session at 14:00`, () => {
  it("the lab is ready from the server's snapshot, at the clock, with the server's state hash", async () => {
    const s = await lateSession(server.url, '14:00:20');
    const joined = await joinLate(browser, server.url, s.id, s.joinerToken);
    expect(joined.source).toBe('server-snapshot');
    // It showed each step of the join on the way (a step can be shorter than a frame, so not every one need be seen).
    expect(Object.keys(joined.stages)).toContain('ready');
    expect(await joined.page.$('[data-testid=join-refused]')).toBeNull();
    // The clock is paused at 14:00:20: the lab stands there and shows the hash every participant must agree on.
    const at = parseClock('14:00:20')!;
    await joined.page.waitForSelector(`[data-testid=state-hash][data-hash-at="${at}"]`);
    const hash = await joined.page.getAttribute('[data-testid=state-hash]', 'data-hash');
    const res = await fetch(`${server.url}/api/sessions/${s.id}/run?until=${at}`, { headers: { authorization: `Bearer ${s.leadToken}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { stateHash: string }).stateHash).toBe(hash);
    expect(joined.problems).toEqual([]);
    await joined.page.context().close();
  }, 1_800_000);
});
