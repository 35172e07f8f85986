import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { createStreams, nextInt } from '@twinlab/shared/engine/rng';
import { sessionParts } from '@twinlab/shared/session/layout';
import { SessionClient } from './session.ts';
import { MemoryHub, type MemoryLink } from './memory-transport.ts';

/**
 * N participants edit one session while their sockets drop and come back and frames arrive in a
 * seeded order; once everyone is connected and the wires are quiet, every copy must be the
 * server's and every participant must list the same people. A seed that ever failed is kept below
 * as a named test.
 */

const NAMES = ['张伟', 'Li Lei', '王芳', 'Chen Jie', '刘洋'];

let hub: MemoryHub | null = null;
let clients: SessionClient[] = [];
afterEach(() => {
  clients.forEach((c) => c.dispose());
  clients = [];
  hub?.destroy();
  hub = null;
});

function linkOf(c: SessionClient): MemoryLink {
  return hub!.links.find((l) => l.doc === c.shared.doc)!;
}

function content(doc: Y.Doc) {
  const p = sessionParts(doc);
  return { scenario: p.scenario.toString(), chat: p.chat.toJSON(), commands: p.commands.toJSON(), runbook: p.runbook.toJSON() };
}

async function run(seed: number, participants: number, steps: number): Promise<void> {
  const rng = createStreams(seed, 1);
  const draw = (n: number) => nextInt(rng, 0, n);
  hub = new MemoryHub();
  let seq = 0;
  hub.onRequest = ({ body }) => {
    sessionParts(hub!.doc).commands.push([{ seq: seq++, at: 0, actor: 'server', command: body }]);
    return { ok: true };
  };
  for (let i = 0; i < participants; i++) {
    clients.push(
      new SessionClient({
        origin: 'http://lab.test',
        sessionId: 's1',
        token: 't',
        name: NAMES[i]!,
        role: 'lead',
        region: '上海',
        createWorker: () => ({ postMessage() {}, onmessage: null, terminate() {} }),
        createFrame: () => ({ version: 0, nodeHealth: new Uint8Array(0), nodeRate: new Float32Array(0), nodeQueue: new Float32Array(0), linkRate: new Float32Array(0), linkUp: new Uint8Array(0) }),
        fetchTime: () => Promise.reject(new Error('offline')),
        connectTransport: hub.connect,
      }),
    );
  }
  for (let step = 0; step < steps; step++) {
    const c = clients[draw(participants)]!;
    const link = linkOf(c);
    const text = sessionParts(c.shared.doc).scenario;
    switch (draw(9)) {
      case 0:
        c.addNote(`note ${step}`);
        break;
      case 1:
        text.insert(draw(text.length + 1), `s${step} `);
        break;
      case 2:
        if (text.length > 0) text.delete(draw(text.length), 1 + draw(3));
        break;
      case 3:
        c.select(draw(2) ? `node-${draw(4)}` : null);
        break;
      case 4:
        if (link.connected) void c.submit({ type: 'set_load', multiplier: draw(5) });
        break;
      case 5:
        if (link.open) hub.drop(link);
        else link.reconnect();
        break;
      default:
        // Deliver a few frames, chosen among every socket direction by the seed.
        for (let k = draw(6); k > 0 && hub.step(draw); k--);
    }
    await new Promise((r) => setImmediate(r));
  }
  for (const c of clients) linkOf(c).reconnect();
  for (let round = 0; round < 10 && hub.queued > 0; round++) {
    hub.flush(draw);
    await new Promise((r) => setImmediate(r));
  }
  const server = content(hub.doc);
  for (const c of clients) {
    expect(content(c.shared.doc), `${c.name} after seed ${seed}`).toEqual(server);
    expect(c.store.get().chat).toEqual(server.chat);
    expect(c.store.get().commands.length).toBe(server.commands.length);
    expect(
      c.store
        .get()
        .peers.map((p) => p.name)
        .sort(),
      `${c.name} lists everyone after seed ${seed}`,
    ).toEqual(NAMES.slice(0, participants).sort());
  }
}

describe('N participants converge', () => {
  // Kept failing seeds. Seed 1 (and 15 of the first 30): after a drop and rejoin nobody listed the
  // rejoiner, nor the rejoiner anybody, because both ends resent presence with clocks the other
  // already knew (fixed in rejoin.ts). The documents themselves converged.
  it('seed 1: presence returns after a reconnect', () => run(1, 4, 150));
  it('seed 2: presence returns after a reconnect', () => run(2, 4, 150));

  it('with 5 participants and long runs', () => run(31, 5, 400));
  it('for seeds 3–30, 4 participants, 150 random steps each', async () => {
    for (let seed = 3; seed <= 30; seed++) {
      await run(seed, 4, 150);
      clients.forEach((c) => c.dispose());
      clients = [];
      hub!.destroy();
      hub = null;
    }
  });
});
