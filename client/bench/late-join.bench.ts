import { rm } from 'node:fs/promises';
import { startServerProcess, type ServerProcess } from '../../server/test/support/server-process.ts';
import { LATE_JOIN_SCENARIO, LATE_JOIN_SERVER_ENV, lateSession } from '../../server/test/support/late-join.ts';
import { launchChromium } from '../e2e/chromium.ts';
import { joinLate, type LateJoinTiming } from '../e2e/late-join-page.ts';
import { buildLab } from './built-lab.ts';

// Time to ready of a participant joining a session at 14:00 (LATE_JOIN_SCENARIO, switch with
// TWINLAB_LATE_JOIN_SCENARIO), in Debian's Chromium against the real server: the first joiner
// (who waits for the server's run to build the snapshot), a second one (from the server's cache),
// and, as the baseline in the same run, a joiner who replays the day (a server whose run limit
// refuses every snapshot). Target (issue 15): ready within 10 s of joining.
// Usage: npm run bench:late-join -w @twinlab/client [-- HH:MM:SS]
const JOIN_AT = process.argv[2] ?? '14:00:20';
const TARGET_MS = 10_000;

const dist = await buildLab('late-bench');

const servers: ServerProcess[] = [];
const browser = await launchChromium();
const rows: { joiner: string; t: LateJoinTiming; bytes?: number }[] = [];
try {
  const snapshotting = await startServerProcess({ CLIENT_DIR: dist, ...LATE_JOIN_SERVER_ENV });
  // Every run refused before it starts (422): the joiner falls back to replaying at once.
  const replaying = await startServerProcess({ CLIENT_DIR: dist, ...LATE_JOIN_SERVER_ENV, TWINLAB_RUN_MAX_ORDERS: '1' });
  servers.push(snapshotting, replaying);
  const s = await lateSession(snapshotting.url, JOIN_AT);
  for (const joiner of ['first joiner (server builds the snapshot)', 'second joiner (from the cache)']) {
    const t = await joinLate(browser, snapshotting.url, s.id, s.joinerToken);
    const res = await fetch(`${snapshotting.url}/api/sessions/${s.id}/snapshot?until=${encodeURIComponent(JOIN_AT)}`, { headers: { authorization: `Bearer ${s.joinerToken}` } });
    rows.push({ joiner, t, bytes: (await res.arrayBuffer()).byteLength });
    await t.page.context().close();
  }
  const r = await lateSession(replaying.url, JOIN_AT);
  const t = await joinLate(browser, replaying.url, r.id, r.joinerToken);
  rows.push({ joiner: 'baseline: replays the day in the worker', t });
  await t.page.context().close();
} finally {
  await browser.close();
  for (const s of servers) await s.dispose();
  await rm(dist, { recursive: true, force: true });
}

console.log(`late join into ${LATE_JOIN_SCENARIO} at ${JOIN_AT}, Chromium (SwiftShader), this machine`);
console.log('joiner'.padEnd(46) + 'ready s'.padStart(9) + '  started from'.padEnd(18) + 'snapshot MB'.padStart(12) + '  steps (s after opening the link)');
for (const { joiner, t, bytes } of rows) {
  const steps = Object.entries(t.stages)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
    .join(', ');
  console.log(
    joiner.padEnd(46) + (t.readyMs / 1000).toFixed(1).padStart(9) + `  ${t.source ?? '?'}`.padEnd(18) + (bytes === undefined ? '—' : (bytes / (1 << 20)).toFixed(1)).padStart(12) + `  ${steps}`,
  );
}
const warm = rows[1]!.t.readyMs;
const baseline = rows[2]!.t.readyMs;
console.log(`from the cache: ${(warm / 1000).toFixed(1)} s (target ${TARGET_MS / 1000} s: ${warm <= TARGET_MS ? 'met' : 'NOT met'}), ${(baseline / warm).toFixed(1)}× faster than replaying the day`);
