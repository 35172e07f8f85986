import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { parseClock } from '@twinlab/shared/scenario/units';
import { readCommands, readMeta, readScenarioText } from '@twinlab/shared/session/layout';
import { createSimulation } from '@twinlab/shared/engine/index';
import { decodeSnapshot, encodeSnapshot } from '@twinlab/shared/engine/snapshot-wire';
import { broker, clock } from '@twinlab/shared/engine/test-scenario';
import type { StampedCommand } from '@twinlab/shared/scenario/command';
import { startServerProcess, type ServerProcess } from '../../../../server/test/support/server-process.ts';
import { api, join } from '../../../../server/test/support/clients.ts';
import { waitFor } from '../../../../server/test/support/wait.ts';
import { LATE_JOIN_SCENARIO, LATE_JOIN_SERVER_ENV, lateSession } from '../../../../server/test/support/late-join.ts';
import { httpSnapshots, joinSession, type JoinIo } from './late-join.ts';
import type { JoinStage } from './protocol.ts';

const io = (fetchSnapshot: JoinIo['fetchSnapshot'], log: () => StampedCommand[], stages: JoinStage[] = []): JoinIo => ({
  fetchSnapshot,
  log,
  logChanged: () => new Promise((r) => setTimeout(r, 5)),
  stage: (s) => stages.push(s),
});
const OPTIONS = { minGainUs: 10 * 60_000_000, logWaits: 3 };

describe(`a participant joining a ${LATE_JOIN_SCENARIO} session at 14:00, through the real server`, () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess(LATE_JOIN_SERVER_ENV);
  }, 60_000);
  afterAll(async () => server?.dispose());

  it("starts from the server's snapshot, whose hash equals the server's full run, and runs on applying later commands", async () => {
    const s = await lateSession(server.url, '14:00:20');
    const p = join(server.wsUrl, s.id, s.joinerToken);
    await p.synced();
    await waitFor(() => readCommands(p.doc).commands.length === 2, 'the two commands');
    const parsed = parseScenario(readScenarioText(p.doc));
    if (!parsed.ok) throw new Error('the scenario does not load');
    const stages: JoinStage[] = [];
    const url = `${server.url}/api/sessions/${s.id}/snapshot`;
    const { run, report } = await joinSession(
      parsed.scenario,
      readMeta(p.doc)!.seed,
      parseClock('14:00:20')!,
      io(httpSnapshots(url, s.joinerToken), () => readCommands(p.doc).commands, stages),
      OPTIONS,
    );
    expect(report).toMatchObject({ source: 'server-snapshot', at: parseClock('14:00:00'), refused: false });
    expect(stages).toEqual(['loading-snapshot', 'verifying']);
    expect(run.now).toBe(parseClock('14:00:00'));
    expect(run.appliedCount).toBe(1); // the second command, at 14:00:10, comes after the snapshot

    // The judge's full run of the day, from the window's start (GET …/run never uses snapshots).
    const full = await api<{ stateHash: string }>(server.url, `/api/sessions/${s.id}/run?until=14:00:00`, { token: s.joinerToken });
    expect(full.status).toBe(200);
    expect(run.sim.stateHash()).toBe(full.body.stateHash);

    // A command after the snapshot: the joiner applies it as it runs on, and agrees with the server a minute later.
    await s.post('commands', { type: 'set_load', multiplier: 1.5 });
    await s.post('clock', { action: 'seek', to: parseClock('14:01:05')! });
    await waitFor(() => readCommands(p.doc).commands.length === 3, 'the third command');
    expect(run.setLog(readCommands(p.doc).commands)).toBeNull();
    run.advance(parseClock('14:01:00')!);
    expect(run.appliedCount).toBe(3);
    const later = decodeSnapshot(new Uint8Array(await (await fetch(url, { headers: { authorization: `Bearer ${s.joinerToken}` } })).arrayBuffer()));
    if (!later.ok) throw new Error(later.error);
    expect(later.meta).toMatchObject({ time: parseClock('14:01:00'), applied: 3 });
    expect(run.sim.stateHash()).toBe(later.meta.stateHash);
    p.destroy();
  }, 1_800_000);
});

describe('a joiner refuses a snapshot it cannot trust and replays from the start, saying why', () => {
  const sc = broker();
  const sim = createSimulation(sc, { seed: 4 });
  sim.runUntil(clock('09:45'));
  const good = { time: sim.now, applied: 0, lastSeq: -1, stateHash: sim.stateHash() };
  const serve =
    (meta = good) =>
    async () => ({ ok: true as const, bytes: encodeSnapshot(sim.snapshot(), meta) });

  it('refuses a snapshot whose hash is not the one the server states', async () => {
    const { run, report } = await joinSession(
      sc,
      4,
      clock('09:45'),
      io(serve({ ...good, stateHash: '0123456789abcdef' }), () => []),
      OPTIONS,
    );
    expect(report).toEqual({ source: 'replay', refused: true, reason: `the snapshot restores here to state hash ${good.stateHash}, the server's is 0123456789abcdef` });
    expect(run.now).toBe(sc.window.start);
  });

  it('refuses what the server would not give, or a snapshot of another scenario, and waits for a log that is behind', async () => {
    const refused = await joinSession(
      sc,
      4,
      clock('09:45'),
      io(
        async () => ({ ok: false, error: '413 the snapshot at 09:45:00.000 is 300 MB' }),
        () => [],
      ),
      OPTIONS,
    );
    expect(refused.report.reason).toBe('the server gave no snapshot: 413 the snapshot at 09:45:00.000 is 300 MB');
    const other = broker((s) => void (s.load.ordersPerSecond = 201));
    expect(
      (
        await joinSession(
          other,
          4,
          clock('09:45'),
          io(serve(), () => []),
          OPTIONS,
        )
      ).report.reason,
    ).toBe('the snapshot does not restore here: the snapshot was taken of a different scenario');
    const cmd: StampedCommand = { seq: 0, at: clock('09:40'), actor: 'Lead', command: { type: 'set_load', multiplier: 1 } };
    let log: StampedCommand[] = [];
    setTimeout(() => (log = [cmd]), 8);
    // The server applied one command the log has not brought yet: wait for it, then go on; never brought, refuse.
    const waited = await joinSession(
      sc,
      4,
      clock('09:45'),
      io(serve({ ...good, applied: 1, lastSeq: 0 }), () => log),
      OPTIONS,
    );
    expect(waited.report).toMatchObject({ source: 'server-snapshot' });
    const never = await joinSession(
      sc,
      4,
      clock('09:45'),
      io(serve({ ...good, applied: 1, lastSeq: 0 }), () => []),
      OPTIONS,
    );
    expect(never.report).toEqual({ source: 'replay', refused: true, reason: 'the server applied 1 commands, this log has 0 so far' });
  });

  it('replays without asking near the start of the window', async () => {
    const asked: number[] = [];
    const { report } = await joinSession(
      sc,
      4,
      clock('09:15'),
      io(
        async (u) => (asked.push(u), { ok: false, error: 'x' }),
        () => [],
      ),
      OPTIONS,
    );
    expect(report).toEqual({ source: 'replay', refused: false, reason: '300 s from the start: replaying is quicker' });
    expect(asked).toEqual([]);
  });
});
