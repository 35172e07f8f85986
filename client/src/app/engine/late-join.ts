import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { StampedCommand } from '@twinlab/shared/scenario/command';
import type { Simulation } from '@twinlab/shared/engine/api';
import { restoreSimulation } from '@twinlab/shared/engine/index';
import { decodeSnapshot } from '@twinlab/shared/engine/snapshot-wire';
import { SessionRun, type RunnerOptions } from './runner.ts';
import { checkServerSnapshot, planStart } from './sync-plan.ts';
import type { JoinReport, JoinStage } from './protocol.ts';

export type SnapshotFetch = (until: number, onBytes: (received: number, total: number | null) => void) => Promise<{ ok: true; bytes: Uint8Array } | { ok: false; error: string }>;

export interface JoinIo {
  fetchSnapshot: SnapshotFetch;
  /** The command log as the document has it now. */
  log: () => readonly StampedCommand[];
  /** Resolves when the log changed, or after a while. */
  logChanged: () => Promise<void>;
  stage: (stage: JoinStage) => void;
  bytes?: (received: number, total: number | null, until: number) => void;
}

export interface JoinOptions {
  /** Nearer the window's start than this, replay (planStart). */
  minGainUs: number;
  /** How many times to wait for the log to bring what the server applied. */
  logWaits: number;
  run?: Partial<RunnerOptions>;
}

export const JOIN_DEFAULTS: JoinOptions = { minGainUs: 10 * 60_000_000, logWaits: 20 };

/**
 * A participant joining a running session: start from the server's snapshot near `target`
 * (the server is the judge), check its hash here against the server's, and run on from there.
 * Anything wrong (no snapshot, another hash, a log that differs) falls back to a replay from the
 * window's start, and the report says why. The returned run is at the snapshot's time or the start;
 * the worker then catches up to the shared clock.
 */
export async function joinSession(scenario: Scenario, seed: number, target: number, io: JoinIo, options: JoinOptions = JOIN_DEFAULTS): Promise<{ run: SessionRun; report: JoinReport }> {
  const replay = (reason: string, refused: boolean) => ({ run: new SessionRun(scenario, seed, options.run), report: { source: 'replay' as const, reason, refused } });
  const plan = planStart(scenario.window.start, target, true, options.minGainUs);
  if (plan.kind === 'replay') return replay(plan.reason, false);

  io.stage('loading-snapshot');
  const got = await io.fetchSnapshot(plan.until, (received, total) => io.bytes?.(received, total, plan.until));
  if (!got.ok) return replay(`the server gave no snapshot: ${got.error}`, true);
  io.stage('verifying');
  const decoded = decodeSnapshot(got.bytes);
  if (!decoded.ok) return replay(decoded.error, true);
  let sim: Simulation;
  try {
    sim = restoreSimulation(scenario, decoded.snapshot);
  } catch (e) {
    return replay(`the snapshot does not restore here: ${e instanceof Error ? e.message : String(e)}`, true);
  }
  const hash = sim.stateHash();
  for (let waits = 0; ; waits++) {
    const log = [...io.log()].sort((a, b) => a.seq - b.seq);
    const check = checkServerSnapshot(decoded.meta, hash, log);
    if (check.kind === 'refuse' || (check.kind === 'wait' && waits >= options.logWaits)) return replay(check.reason, true);
    if (check.kind === 'accept') {
      const run = new SessionRun(scenario, seed, options.run);
      run.startFrom(sim, decoded.snapshot, check.mark, log);
      return { run, report: { source: 'server-snapshot', at: check.mark.time, hash, refused: false } };
    }
    await io.logChanged();
  }
}

/** GET …/snapshot with the invitation token, reading the body in chunks so the lab can show the download. */
export function httpSnapshots(url: string, token: string): SnapshotFetch {
  return async (until, onBytes) => {
    let res: Response;
    try {
      res = await fetch(`${url}?until=${until}`, { headers: { authorization: `Bearer ${token}` } });
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: string };
      return { ok: false, error: `${res.status} ${body.error ?? res.statusText}` };
    }
    // The body arrives gzipped and is read unzipped: its unzipped size is in a header of its own.
    const total = Number(res.headers.get('x-twinlab-snapshot-bytes')) || null;
    if (!res.body) return { ok: true, bytes: new Uint8Array(await res.arrayBuffer()) };
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onBytes(received, total);
    }
    const bytes = new Uint8Array(received);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return { ok: true, bytes };
  };
}
