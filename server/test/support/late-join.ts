import { parseClock } from '@twinlab/shared/scenario/units';
import { api, createSession, invite, type Created } from './clients.ts';

/**
 * The session a late joiner joins, for the late-join test, e2e and bench: the biggest library
 * scenario. Switch with TWINLAB_LATE_JOIN_SCENARIO (e.g. to the real-size one once it exists).
 */
export const LATE_JOIN_SCENARIO = process.env['TWINLAB_LATE_JOIN_SCENARIO'] ?? 'broker-dr';

/** A server for late joins into a whole day: runs to 14:00 are long and snapshots big. */
export const LATE_JOIN_SERVER_ENV = {
  TWINLAB_RUN_TIMEOUT_SECONDS: '1800',
  TWINLAB_RUN_MAX_ORDERS: '2000000000',
  TWINLAB_RUN_MEMORY_MB: '4096',
  TWINLAB_SNAPSHOT_MAX_MB: '2048',
  TWINLAB_SNAPSHOT_CACHE_MB: '4096',
};

export interface LateSession extends Created {
  /** An engineer's invitation, for the participant who joins late. */
  joinerToken: string;
  post: (path: string, body: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;
}

/**
 * A session that has run to `joinAt` (the lead seeks the paused clock there), with commands
 * stamped before it, so the snapshot holds some: a load change 30 min and 10 s before.
 */
export async function lateSession(url: string, joinAt = '14:00:20', scenario = LATE_JOIN_SCENARIO): Promise<LateSession> {
  const s = await createSession(url, scenario, { seed: 11 });
  const post = (path: string, body: unknown) => api(url, `/api/sessions/${s.id}/${path}`, { token: s.leadToken, body });
  const seek = async (to: number) => {
    const r = await post('clock', { action: 'seek', to });
    if (r.status !== 200) throw new Error(`seek to ${to}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const command = async (body: unknown) => {
    const r = await post('commands', body);
    if (r.status !== 201) throw new Error(`command: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const at = parseClock(joinAt)!;
  await seek(at - 30 * 60_000_000);
  await command({ type: 'set_load', multiplier: 1.2 });
  await seek(at - 10_000_000);
  await command({ type: 'set_load', multiplier: 1 });
  await seek(at);
  return { ...s, post, joinerToken: await invite(url, s, 'engineer', 'Late Wang') };
}

/**
 * A session on `scenario` with no commands whose paused clock the lead has moved to `joinAt`:
 * a joiner's worker that replays computes the scenario alone from the window's start to there.
 */
export async function seekedSession(url: string, scenario: string, joinAt: string): Promise<LateSession> {
  const s = await createSession(url, scenario);
  const post = (path: string, body: unknown) => api(url, `/api/sessions/${s.id}/${path}`, { token: s.leadToken, body });
  const r = await post('clock', { action: 'seek', to: parseClock(joinAt)! });
  if (r.status !== 200) throw new Error(`seek to ${joinAt}: ${r.status} ${JSON.stringify(r.body)}`);
  return { ...s, post, joinerToken: await invite(url, s, 'engineer', 'Late Wang') };
}
