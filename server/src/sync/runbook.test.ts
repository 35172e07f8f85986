import { beforeEach, describe, expect, it } from 'vitest';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { parseClock } from '@twinlab/shared/scenario/units';
import { readClock, readCommands } from '@twinlab/shared/session/layout';
import { SqliteStorage } from '../storage/sqlite.ts';
import { sha256 } from '../util/hash.ts';
import { invitation, storeSession } from '../../test/support/fixtures.ts';
import { Room, DEFAULT_LIMITS } from './room.ts';
import { ServerMetrics } from './metrics.ts';
import { sessionParts } from '@twinlab/shared/session/layout';
import { MemoryPeer, settle } from '../../test/support/memory-peer.ts';

/** The server judges runbook inputs like commands: shape, role, and whether they apply to the runbook the log describes. */
const ID = 'sess-runbook';
let storage: SqliteStorage;
let wall: number;

async function openRoom(): Promise<Room> {
  const room = await Room.load(ID, {
    storage,
    now: () => wall,
    limits: DEFAULT_LIMITS,
    metrics: new ServerMetrics(),
    log: () => undefined,
    sha256,
    parseScenario: (text) => {
      const r = parseScenario(text);
      return r.ok ? r.scenario : undefined;
    },
  });
  if (!room) throw new Error('fixture session missing');
  return room;
}

beforeEach(async () => {
  storage = new SqliteStorage(':memory:');
  wall = 1_790_000_000_000;
  await storeSession(storage, ID, 'weekend-counter-upgrade', wall);
});

const dan = () => invitation(ID, 'engineer', 'Dan');
const cindy = () => invitation(ID, 'engineer', 'Cindy');
const eve = () => invitation(ID, 'engineer', 'Eve');
const lena = () => invitation(ID, 'lead', 'Lena');

describe('runbook inputs at the server', () => {
  it('accepts a step from the holder of its role, refuses it from others with the reason', async () => {
    const room = await openRoom();
    // The session opens Friday 14:50; the legacy counter stops only after Friday's clearing.
    expect(await room.controlClock(lena(), { action: 'seek', to: parseClock('18:30')! })).toMatchObject({ ok: true });
    await room.submitCommand(cindy(), { type: 'claim_role', role: 'counter' });
    expect(await room.submitCommand(cindy(), { type: 'step_start', step: 'stop-legacy' })).toMatchObject({ ok: true });
    expect(await room.submitCommand(cindy(), { type: 'step_done', step: 'stop-legacy' })).toMatchObject({ ok: true });
    expect(await room.submitCommand(dan(), { type: 'step_start', step: 'backup' })).toMatchObject({
      ok: false,
      status: 409,
      error: 'backup is owned by the dba role, which Dan has not claimed',
    });
    expect(await room.submitCommand(dan(), { type: 'claim_role', role: 'dba' })).toMatchObject({ ok: true });
    expect(await room.submitCommand(dan(), { type: 'claim_role', role: 'janitor' })).toMatchObject({ ok: false, status: 409, error: expect.stringMatching(/^no step is owned by a "janitor"/) });
    expect(await room.submitCommand(dan(), { type: 'step_start', step: 'backup' })).toMatchObject({ ok: true, command: { actor: 'Dan', command: { type: 'step_start', step: 'backup' } } });
    expect(await room.submitCommand(dan(), { type: 'step_start', step: 'convert' })).toMatchObject({ ok: false, status: 409, error: 'convert waits for backup (running)' });
    expect(await room.submitCommand(dan(), { type: 'step_done', step: 'backup' })).toMatchObject({ ok: true });
    // Four eyes: the backup is signed off by the counter role, not by whoever took it.
    expect(await room.submitCommand(dan(), { type: 'step_signoff', step: 'backup' })).toMatchObject({ ok: false, status: 409, error: 'Dan did backup and cannot also sign it off' });
    expect(await room.submitCommand(eve(), { type: 'step_signoff', step: 'backup' })).toMatchObject({
      ok: false,
      status: 409,
      error: 'backup is signed off by the counter role, which Eve has not claimed',
    });
    expect(await room.submitCommand(cindy(), { type: 'step_signoff', step: 'backup' })).toMatchObject({ ok: true });
    expect(readCommands(room.doc).commands.map((c) => `${c.actor}:${c.command.type}`)).toEqual([
      'Cindy:claim_role',
      'Cindy:step_start',
      'Cindy:step_done',
      'Dan:claim_role',
      'Dan:step_start',
      'Dan:step_done',
      'Cindy:step_signoff',
    ]);
  });

  it('refuses unknown steps at the field, and leaves go/no-go, rollback and the emergency stop to the lead', async () => {
    const room = await openRoom();
    expect(await room.submitCommand(dan(), { type: 'step_start', step: 'backupp' })).toMatchObject({
      ok: false,
      status: 400,
      issues: [{ path: 'command.step', message: 'no step "backupp" in the runbook of weekend-counter-upgrade' }],
    });
    for (const command of [
      { type: 'gate_decision', gate: 'go-no-go', decision: 'go', reason: 'looks fine' },
      { type: 'start_rollback', reason: 'cold feet' },
      { type: 'emergency_stop', reason: 'panic' },
      { type: 'switch_primary', to: 'new' },
    ]) {
      expect(await room.submitCommand(dan(), command)).toMatchObject({ ok: false, status: 403, error: expect.stringMatching(/only the lead decides go\/no-go/) });
    }
    expect(await room.submitCommand(lena(), { type: 'gate_decision', gate: 'go-no-go', decision: 'go', reason: 'too early' })).toMatchObject({
      ok: false,
      status: 409,
      error: 'go-no-go is owned by the lead role, which Lena has not claimed',
    });
  });

  it('takes a direct runbook entry only when it restates what the log has', async () => {
    const room = await openRoom();
    const peer = new MemoryPeer(room, dan());
    await settle(room, [peer]);
    sessionParts(peer.doc).runbook.set('backup', { status: 'in_progress', by: 'Dan', note: 'tape 3' });
    await settle(room, [peer]);
    expect(peer.denied).toEqual(['runbook.backup: the log has backup pending, not in_progress: steps move by step_start, step_done and step_signoff commands']);
    const again = new MemoryPeer(room, dan());
    await room.controlClock(lena(), { action: 'seek', to: parseClock('18:30')! }); // after Friday's clearing
    await room.submitCommand(cindy(), { type: 'claim_role', role: 'counter' });
    await room.submitCommand(cindy(), { type: 'step_start', step: 'stop-legacy' });
    await room.submitCommand(cindy(), { type: 'step_done', step: 'stop-legacy' });
    await room.submitCommand(dan(), { type: 'claim_role', role: 'dba' });
    await room.submitCommand(dan(), { type: 'step_start', step: 'backup' });
    await settle(room, [again]);
    sessionParts(again.doc).runbook.set('backup', { status: 'in_progress', by: 'Dan', note: 'tape 3' });
    await settle(room, [again]);
    expect(again.denied).toEqual([]);
    expect(sessionParts(room.doc).runbook.toJSON()).toEqual({ backup: { status: 'in_progress', by: 'Dan', note: 'tape 3' } });
  });

  it('the emergency stop enters the log and pauses the shared clock', async () => {
    const room = await openRoom();
    expect(await room.controlClock(lena(), { action: 'play' })).toMatchObject({ ok: true });
    wall += 10_000;
    expect(readClock(room.doc)!.running).toBe(true);
    const r = await room.submitCommand(lena(), { type: 'emergency_stop', reason: 'wrong database restored' });
    expect(r).toMatchObject({ ok: true, command: { actor: 'Lena', command: { type: 'emergency_stop' } } });
    const clock = readClock(room.doc)!;
    expect(clock.running).toBe(false);
    wall += 60_000;
    expect(readClock(room.doc)!.anchorSim).toBe(clock.anchorSim);
    expect(readCommands(room.doc).commands.at(-1)!.at).toBe(clock.anchorSim);
  });
});
