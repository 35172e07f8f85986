import { beforeEach, describe, expect, it, vi } from 'vitest';
import { StampedCommand } from '@twinlab/shared/scenario/command';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { CLOSE, MESSAGE_SYNC, encodeClockRequest, encodeCommandRequest } from '@twinlab/shared/session/protocol';
import { readClock, readCommands, sessionParts } from '@twinlab/shared/session/layout';
import { SqliteStorage } from '../storage/sqlite.ts';
import { sha256 } from '../util/hash.ts';
import { invitation, storeSession } from '../../test/support/fixtures.ts';
import { Room, DEFAULT_LIMITS } from './room.ts';
import type { RoomDeps, RoomLimits } from './room.ts';
import { RoomManager, CapacityError } from './rooms.ts';
import { ServerMetrics } from './metrics.ts';
import { MemoryPeer, settle } from '../../test/support/memory-peer.ts';

const ID = 'sess-1';
let storage: SqliteStorage;
let wall: number;

function deps(limits: Partial<RoomLimits> = {}): RoomDeps {
  return {
    storage,
    now: () => wall,
    limits: { ...DEFAULT_LIMITS, ...limits },
    metrics: new ServerMetrics(),
    log: () => undefined,
    sha256,
    parseScenario: (text) => {
      const r = parseScenario(text);
      return r.ok ? r.scenario : undefined;
    },
  };
}

async function openRoom(limits: Partial<RoomLimits> = {}): Promise<Room> {
  const room = await Room.load(ID, deps(limits));
  if (!room) throw new Error('fixture session missing');
  return room;
}

beforeEach(async () => {
  storage = new SqliteStorage(':memory:');
  wall = 1_790_000_000_000;
  await storeSession(storage, ID, 'chain-5hop', wall);
});

const lead = () => invitation(ID, 'lead', 'Lead');
const engineer = (name = 'Wang') => invitation(ID, 'engineer', name);
const observer = () => invitation(ID, 'observer', 'Zhao');

describe('a room', () => {
  it('brings two participants to the same document and gives a late joiner all of it', async () => {
    const room = await openRoom();
    const a = new MemoryPeer(room, lead());
    const b = new MemoryPeer(room, engineer());
    await settle(room, [a, b]);
    expect(sessionParts(b.doc).scenario.toString()).toContain('schemaVersion: 2');
    sessionParts(a.doc).chat.push([{ author: 'Lead', text: 'starting the drill' }]);
    // chain-5hop has no runbook, so an engineer's direct write here is a note (runbook entries: runbook.test.ts).
    sessionParts(b.doc).chat.push([{ author: 'Wang', text: 'counter stopped' }]);
    await settle(room, [a, b]);
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
    expect(sessionParts(a.doc).chat.length).toBe(2);
    const late = new MemoryPeer(room, observer());
    await settle(room, [a, b, late]);
    expect(sessionParts(late.doc).chat.toJSON()).toEqual(sessionParts(a.doc).chat.toJSON());
  });

  it("refuses an observer's write: others never see it, the observer is told why", async () => {
    const room = await openRoom();
    const a = new MemoryPeer(room, engineer());
    const o = new MemoryPeer(room, observer());
    await settle(room, [a, o]);
    sessionParts(o.doc).chat.push([{ author: 'Zhao', text: 'can I write?' }]);
    await settle(room, [a, o]);
    expect(o.denied).toEqual(['observers cannot change the session']);
    expect(sessionParts(a.doc).chat.length).toBe(0);
    expect(sessionParts(room.doc).chat.length).toBe(0);
    // The room is still healthy for the others.
    sessionParts(a.doc).chat.push([{ author: 'Wang', text: 'yes' }]);
    await settle(room, [a, o]);
    expect(sessionParts(room.doc).chat.toJSON()).toEqual([{ author: 'Wang', text: 'yes' }]);
  });

  it.each([
    ['engineer', 'commands', 'the command log is written by the server: submit commands instead'],
    ['engineer', 'scenario', 'a engineer cannot change the scenario'],
    ['lead', 'meta', 'the session settings are written by the server'],
    ['lead', 'clock', 'the clock is moved by the server: the lead sends a clock request'],
    ['lead', 'evil', '"evil" is not part of a session document'],
  ] as const)('refuses a %s writing %s directly', async (role, part, reason) => {
    const room = await openRoom();
    const p = new MemoryPeer(room, role === 'lead' ? lead() : engineer());
    await settle(room, [p]);
    const before = Y.encodeStateAsUpdate(room.doc);
    if (part === 'scenario') sessionParts(p.doc).scenario.insert(0, '# hi\n');
    else if (part === 'commands') sessionParts(p.doc).commands.push([{ seq: 0, at: 0, actor: 'x', command: { type: 'set_load', multiplier: 2 } }]);
    else p.doc.getMap(part).set('seed', 1);
    await settle(room, [p]);
    expect(p.denied).toEqual([reason]);
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
  });

  it('checks what an allowed write says: a note signed by someone else is refused', async () => {
    const room = await openRoom();
    const p = new MemoryPeer(room, engineer('Wang'));
    await settle(room, [p]);
    sessionParts(p.doc).chat.push([{ author: 'Lead', text: 'go ahead' }]);
    await settle(room, [p]);
    expect(p.denied[0]).toContain("a note's author must be you (Wang)");
    expect(sessionParts(room.doc).chat.length).toBe(0);
  });

  it('stamps commands in order, with the shared clock, and refuses bad ones with a reason', async () => {
    const room = await openRoom();
    const who = lead();
    const ok1 = await room.submitCommand(who, { type: 'restart_node', node: 'counter' });
    const bad = await room.submitCommand(who, { type: 'restart_node', node: 'Counter!' });
    const unknown = await room.submitCommand(who, { type: 'drain_node', node: 'mainframe' });
    await room.controlClock(who, { action: 'play' });
    wall += 2_000;
    const ok2 = await room.submitCommand(engineer(), { type: 'throttle', node: 'risk', ordersPerSecond: 100 });
    expect(ok1).toMatchObject({ ok: true, command: { seq: 0, at: 34_200_000_000, actor: 'Lead' } });
    expect(bad).toMatchObject({ ok: false, status: 400, issues: [{ path: 'command.node' }] });
    expect(unknown).toMatchObject({ ok: false, status: 400, error: 'invalid command: command.node: unknown node "mainframe" in scenario chain-5hop' });
    expect(ok2).toMatchObject({ ok: true, command: { seq: 1, at: 34_202_000_000, actor: 'Wang' } });
    expect(readCommands(room.doc).commands.map((c) => c.seq)).toEqual([0, 1]);
  });

  it('lets roles submit only their commands', async () => {
    const room = await openRoom();
    expect(await room.submitCommand(observer(), { type: 'restart_node', node: 'counter' })).toMatchObject({ ok: false, status: 403, error: 'observers cannot submit commands' });
    expect(await room.submitCommand(engineer(), { type: 'inject_fault', fault: { kind: 'crash', target: 'counter' } })).toMatchObject({ ok: false, status: 403 });
    expect(await room.submitCommand(lead(), { type: 'inject_fault', fault: { kind: 'crash', target: 'counter', id: 'f1' } })).toMatchObject({ ok: true });
    expect(await room.submitCommand(lead(), { type: 'clear_fault', faultId: 'f1' })).toMatchObject({ ok: true });
    expect(await room.submitCommand(lead(), { type: 'clear_fault', faultId: 'f2' })).toMatchObject({ ok: false, status: 400 });
  });

  it('takes commands and clock requests over the socket and answers only the sender', async () => {
    const room = await openRoom();
    const a = new MemoryPeer(room, lead());
    const b = new MemoryPeer(room, engineer());
    await settle(room, [a, b]);
    a.sendRaw(encodeClockRequest('c1', { action: 'speed', speed: 10 }));
    b.sendRaw(encodeClockRequest('c2', { action: 'play' }));
    b.sendRaw(encodeCommandRequest(7, { type: 'failback', node: 'counter' }));
    b.sendRaw(encodeCommandRequest(8, { type: 'failback' }));
    await settle(room, [a, b]);
    expect(a.replies).toMatchObject([{ id: 'c1', ok: true, clock: { speed: 10, running: false } }]);
    expect(b.replies).toMatchObject([
      { id: 'c2', ok: false, error: 'only the lead controls the clock' },
      { id: 7, ok: true, command: { seq: 0, command: { type: 'failback', node: 'counter' } } },
      { id: 8, ok: false, issues: [{ path: 'command.node' }] },
    ]);
    expect(readClock(b.doc)?.speed).toBe(10);
    expect(sessionParts(a.doc).commands.length).toBe(1);
  });

  it('keeps presence honest: name and role come from the invitation', async () => {
    const room = await openRoom();
    const a = new MemoryPeer(room, engineer('Wang'));
    const b = new MemoryPeer(room, observer());
    await settle(room, [a, b]);
    a.setPresence({ name: 'Wang', role: 'engineer', region: 'Shanghai', selectedNode: 'counter' });
    b.setPresence({ name: 'Zhao', role: 'lead' });
    await settle(room, [a, b]);
    expect(b.awareness.getStates().get(a.doc.clientID)).toMatchObject({ selectedNode: 'counter' });
    expect(a.awareness.getStates().has(b.doc.clientID)).toBe(false);
    expect(b.denied).toEqual(["presence role must be your invitation's role (observer)"]);
  });

  it("lets a tab back on a new socket take over its presence from the stale one, but never another person's", async () => {
    const room = await openRoom();
    const wang = engineer('Wang');
    const first = new MemoryPeer(room, wang);
    const li = new MemoryPeer(room, engineer('Li'));
    await settle(room, [first, li]);
    first.setPresence({ name: 'Wang', role: 'engineer', selectedNode: 'counter' });
    await settle(room, [first, li]);
    // The network dropped without a close the server saw; the same tab (same client id) reconnects.
    const again = new MemoryPeer(room, wang);
    const announce = (from: MemoryPeer, state: Record<string, unknown>) => {
      first.awareness.setLocalState(state);
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1); // awareness
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(first.awareness, [first.doc.clientID]));
      from.sendRaw(encoding.toUint8Array(e));
    };
    announce(again, { name: 'Wang', role: 'engineer', selectedNode: 'risk' });
    await settle(room, [again, li]);
    expect(again.denied).toEqual([]);
    expect(first.closed?.code).toBe(CLOSE.replaced);
    expect(li.awareness.getStates().get(first.doc.clientID)).toMatchObject({ selectedNode: 'risk' });
    // Li's provider echoing (or forging) Wang's presence changes nothing.
    announce(li, { name: 'Li', role: 'engineer' });
    await settle(room, [again, li]);
    expect(li.denied).toEqual([]);
    expect(again.awareness.getStates().get(first.doc.clientID)).toMatchObject({ name: 'Wang', selectedNode: 'risk' });
    // Wang's presence leaves with the socket that now holds it.
    room.leave(again.conn);
    await settle(room, [li]);
    expect(li.awareness.getStates().has(first.doc.clientID)).toBe(false);
    // Li's provider echoing the departed state is dropped; Wang's tab coming back reclaims it.
    announce(li, { name: 'Wang', role: 'engineer', selectedNode: 'risk' });
    await settle(room, [li]);
    expect(li.denied).toEqual([]);
    expect(room.awareness.getStates().has(first.doc.clientID)).toBe(false);
    const back = new MemoryPeer(room, wang);
    announce(back, { name: 'Wang', role: 'engineer', selectedNode: 'oms' });
    await settle(room, [back, li]);
    expect(li.awareness.getStates().get(first.doc.clientID)).toMatchObject({ selectedNode: 'oms' });
  });

  it('closes a connection that sends too much, too fast, or garbage, and only that one', async () => {
    const room = await openRoom({ maxMessageBytes: 4096, messagesPerSecond: 1, messageBurst: 20 });
    const big = new MemoryPeer(room, engineer());
    const fast = new MemoryPeer(room, engineer());
    const junk = new MemoryPeer(room, engineer());
    const fine = new MemoryPeer(room, engineer());
    await settle(room, [big, fast, junk, fine]);
    big.sendRaw(new Uint8Array(5000));
    for (let i = 0; i < 30; i++) fast.sendRaw(encodeCommandRequest(i, { type: 'failback', node: 'counter' }));
    junk.sendRaw(new Uint8Array([0, 1, 200, 200, 200, 200]));
    await settle(room, [big, fast, junk, fine]);
    expect(big.closed?.code).toBe(CLOSE.tooBig);
    expect(fast.closed?.code).toBe(CLOSE.rateLimited);
    expect(junk.closed?.code).toBe(CLOSE.malformed);
    expect(fine.closed).toBeUndefined();
    expect(room.connections.size).toBe(1);
  });

  it('refuses an update that depends on a refused one, and recovers for everyone else', async () => {
    const room = await openRoom();
    const o = new MemoryPeer(room, engineer());
    const a = new MemoryPeer(room, engineer('Li'));
    await settle(room, [o, a]);
    sessionParts(o.doc).commands.push([{ forged: true }]);
    await settle(room, [o, a]);
    sessionParts(o.doc).chat.push([{ author: 'Wang', text: 'after the forgery' }]);
    await settle(room, [o, a]);
    expect(o.denied[1]).toContain('depends on changes the server never accepted');
    sessionParts(a.doc).chat.push([{ author: 'Li', text: 'hello' }]);
    await settle(room, [o, a]);
    expect(sessionParts(room.doc).chat.toJSON()).toEqual([{ author: 'Li', text: 'hello' }]);
  });

  it('stores every accepted change and compacts the log into a checkpoint', async () => {
    const room = await openRoom({ compactEvery: 3 });
    const p = new MemoryPeer(room, lead());
    await settle(room, [p]);
    for (let i = 0; i < 5; i++) await room.submitCommand(lead(), { type: 'set_load', multiplier: i });
    sessionParts(p.doc).chat.push([{ author: 'Lead', text: 'five commands' }]);
    await settle(room, [p]);
    const stored = await storage.loadSession(ID);
    expect(stored?.checkpoint).not.toBeNull();
    expect(stored!.updates.length).toBeLessThan(3);
    const again = await openRoom();
    expect(readCommands(again.doc).commands).toEqual(readCommands(room.doc).commands);
    expect(sessionParts(again.doc).chat.toJSON()).toEqual([{ author: 'Lead', text: 'five commands' }]);
  });

  it('sends nothing to anyone before it is stored, and drops everyone when storage fails', async () => {
    const room = await openRoom();
    const a = new MemoryPeer(room, lead());
    const b = new MemoryPeer(room, engineer());
    await settle(room, [a, b]);
    await storage.close();
    await expect(room.submitCommand(lead(), { type: 'set_load', multiplier: 2 })).rejects.toThrow();
    b.flush();
    expect(sessionParts(b.doc).commands.length).toBe(0);
    expect(a.closed?.code).toBe(CLOSE.serverError);
    expect(room.isBroken).toBe(true);
  });

  it("accepts an observer's sync answer that changes nothing, deletions included (a reconnect with a full copy)", async () => {
    const room = await openRoom();
    const a = new MemoryPeer(room, lead());
    await settle(room, [a]);
    sessionParts(a.doc).chat.push([
      { author: 'Lead', text: 'one' },
      { author: 'Lead', text: 'two' },
    ]);
    await settle(room, [a]);
    sessionParts(a.doc).chat.delete(0, 1);
    await settle(room, [a]);
    const back = new MemoryPeer(room, observer());
    // What the observer's tab still holds from before it lost its socket: everything, deletions too.
    Y.applyUpdate(back.doc, Y.encodeStateAsUpdate(room.doc), back);
    await settle(room, [a, back]);
    expect(back.denied).toEqual([]);
    expect(back.closed).toBeUndefined();
    expect(sessionParts(room.doc).chat.toJSON()).toEqual([{ author: 'Lead', text: 'two' }]);
  });

  it('stamps a command without re-reading the whole log (issue 12, finding 5)', async () => {
    const room = await openRoom();
    for (let i = 0; i < 200; i++) await room.submitCommand(lead(), { type: 'set_load', multiplier: 1 });
    const parse = vi.spyOn(StampedCommand, 'safeParse');
    try {
      expect(await room.submitCommand(lead(), { type: 'set_load', multiplier: 2 })).toMatchObject({ ok: true, command: { seq: 200 } });
      // Only the entries appended since the last stamp are read: the previous command, not all 200.
      expect(parse.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('answers a command that was stored and spread as accepted even when folding the log then fails', async () => {
    const room = await openRoom({ compactEvery: 1 });
    const b = new MemoryPeer(room, engineer());
    await settle(room, [b]);
    storage.compact = () => Promise.reject(new Error('disk full'));
    const r = await room.submitCommand(lead(), { type: 'set_load', multiplier: 2 });
    expect(r).toMatchObject({ ok: true, command: { seq: 0 } });
    b.flush();
    expect(sessionParts(b.doc).commands.length).toBe(1);
    expect(room.isBroken).toBe(false);
    expect((await storage.loadSession(ID))!.updates.length).toBeGreaterThan(0);
  });

  it('answers a sync step 1 with exactly what the peer lacks', async () => {
    const room = await openRoom();
    const p = new MemoryPeer(room, observer());
    await settle(room, [p]);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, p.doc);
    p.sendRaw(encoding.toUint8Array(e));
    await room.idle();
    expect(p.inbox.length).toBe(1);
    expect(p.inbox[0]!.byteLength).toBeLessThan(12);
  });
});

describe('the rooms of a server', () => {
  it('unloads idle sessions after the idle time, checkpointed first', async () => {
    const rooms = new RoomManager(deps(), 10, 60_000);
    const room = await rooms.get(ID);
    await room!.submitCommand(lead(), { type: 'set_load', multiplier: 3 });
    await rooms.sweep(wall + 59_000);
    expect(rooms.size).toBe(1);
    await rooms.sweep(wall + 60_000);
    expect(rooms.size).toBe(0);
    const stored = await storage.loadSession(ID);
    expect(stored?.updates.length).toBe(0);
    const back = await rooms.get(ID);
    expect(readCommands(back!.doc).commands).toHaveLength(1);
  });

  it('holds at most maxRooms sessions, making room from idle ones, refusing when all are busy', async () => {
    await storeSession(storage, 'sess-2', 'chain-5hop', wall);
    const rooms = new RoomManager(deps(), 1, 60_000);
    const one = await rooms.get(ID);
    expect(await rooms.get('nope')).toBeUndefined();
    await rooms.get('sess-2');
    expect(rooms.loaded(ID)).toBeUndefined();
    const busy = new MemoryPeer((await rooms.get('sess-2'))!, engineer());
    await expect(rooms.get(ID)).rejects.toBeInstanceOf(CapacityError);
    expect(busy.closed).toBeUndefined();
    expect(one).toBeDefined();
  });

  it('closes the connections of a revoked invitation with 4403', async () => {
    const rooms = new RoomManager(deps(), 10, 60_000);
    const room = (await rooms.get(ID))!;
    const inv = engineer();
    const p = new MemoryPeer(room, inv);
    const q = new MemoryPeer(room, engineer('Li'));
    expect(rooms.closeInvitation(ID, inv.jti)).toBe(1);
    expect(p.closed?.code).toBe(CLOSE.forbidden);
    expect(q.closed).toBeUndefined();
  });
});
