import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionParts, writeMap, type ChatNote } from '@twinlab/shared/session/layout';
import { initialClock } from '@twinlab/shared/session/clock';
import type { ToWorker } from '../engine/protocol.ts';
import { SessionClient, type SessionOptions, type WorkerLike } from './session.ts';
import { MemoryHub } from './memory-transport.ts';

const scenarioText = readFileSync(new URL('../../../../scenarios/chain-5hop.yaml', import.meta.url), 'utf8');

class RecordingWorker implements WorkerLike {
  readonly posted: ToWorker[] = [];
  onmessage: WorkerLike['onmessage'] = null;
  terminated = false;
  postMessage(m: ToWorker): void {
    this.posted.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
}

let hub: MemoryHub;
const clients: SessionClient[] = [];
afterEach(() => {
  clients.splice(0).forEach((c) => c.dispose());
  hub.destroy();
});

function join(name: string, extra: Partial<SessionOptions> = {}): { client: SessionClient; workers: RecordingWorker[] } {
  const workers: RecordingWorker[] = [];
  const client = new SessionClient({
    origin: 'http://lab.test',
    sessionId: 's1',
    token: `token-${name}`,
    name,
    role: 'engineer',
    region: '上海',
    createWorker: () => {
      const w = new RecordingWorker();
      workers.push(w);
      return w;
    },
    createFrame: () => ({ version: 0, nodeHealth: new Uint8Array(0), nodeRate: new Float32Array(0), nodeQueue: new Float32Array(0), linkRate: new Float32Array(0), linkUp: new Uint8Array(0) }),
    fetchTime: () => Promise.reject(new Error('no time endpoint in this test')),
    connectTransport: hub.connect,
    ...extra,
  });
  clients.push(client);
  return { client, workers };
}

/** A session as the server creates it: meta, scenario text, a paused clock. */
function seedSession(): void {
  const parts = sessionParts(hub.doc);
  hub.doc.transact(() => {
    writeMap(parts.meta, { id: 's1', title: 'rehearsal', scenarioId: 'chain-5hop', scenarioHash: 'a'.repeat(64), seed: 5, createdAt: 1, createdBy: 'Li Wei' });
    parts.scenario.insert(0, scenarioText);
    writeMap(parts.clock, { ...initialClock(9 * 3600e6, 15 * 3600e6, 1) });
  });
}

/** Let the client's async request path (it awaits an open socket) put its frame on the wire. */
const settle = () => new Promise((r) => setImmediate(r));

describe('SessionClient over an in-memory transport', () => {
  it('shows the session once synced and feeds the engine the scenario, seed and log', () => {
    hub = new MemoryHub();
    seedSession();
    const { client, workers } = join('张伟');
    expect(client.store.get().status).toBe('connecting');
    hub.flush();
    const s = client.store.get();
    expect(s.status).toBe('connected');
    expect(s.meta?.title).toBe('rehearsal');
    expect(s.scenario?.nodes.length).toBeGreaterThan(0);
    expect(s.clock?.anchorSim).toBe(9 * 3600e6);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.posted.slice(0, 3).map((m) => m.type)).toEqual(['init', 'log', 'clock']);
    for (const m of workers[0]!.posted.slice(2)) expect(m).toMatchObject({ type: 'clock', clock: { anchorSim: 9 * 3600e6, running: false } });
    expect(workers[0]!.posted[0]).toMatchObject({ type: 'init', seed: 5, scenarioText });
  });

  it('submits a command, resolves with the server answer and passes the new log to the engine', async () => {
    hub = new MemoryHub();
    seedSession();
    hub.onRequest = ({ type, body }) => {
      if (type !== 'command') return { ok: false, error: 'unexpected' };
      sessionParts(hub.doc).commands.push([{ seq: 0, at: 9 * 3600e6, actor: '张伟', command: body }]);
      return { ok: true };
    };
    const { client, workers } = join('张伟');
    hub.flush();
    const reply = client.submit({ type: 'restart_node', node: 'gateway' });
    await settle();
    hub.flush();
    expect((await reply).ok).toBe(true);
    expect(client.store.get().notice).toEqual({ ok: true, text: 'restart_node' });
    expect(client.store.get().commands.map((c) => c.command.type)).toEqual(['restart_node']);
    expect(workers[0]!.posted.at(-1)).toMatchObject({ type: 'log', commands: [{ seq: 0, actor: '张伟' }] });
  });

  it('answers a request whose socket dropped, so no button waits forever', async () => {
    hub = new MemoryHub();
    const { client } = join('张伟');
    hub.flush();
    const reply = client.submit({ type: 'restart_node', node: 'gateway' });
    await settle();
    expect(hub.links[0]!.toServer).toHaveLength(1); // on the wire, unanswered
    hub.drop(hub.links[0]!);
    const r = await reply;
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('dropped') });
    expect(client.store.get().status).toBe('disconnected');
    expect(client.store.get().notice).toMatchObject({ ok: false });
  });

  it('after a refused write drops its diverged copy and rejoins with the server document', () => {
    hub = new MemoryHub();
    seedSession();
    const { client } = join('张伟');
    hub.flush();
    const firstDoc = client.shared.doc;
    // A write the server will not accept: it never reaches the server document.
    hub.links[0]!.open = false;
    client.addNote('edited where I may not');
    hub.links[0]!.open = true;
    hub.deny(hub.links[0]!, 'engineers may not write the chat here');
    hub.flush();
    expect(client.store.get().denied).toBe('engineers may not write the chat here');
    expect(client.shared.doc).not.toBe(firstDoc);
    expect(firstDoc.isDestroyed).toBe(true);
    expect(sessionParts(client.shared.doc).chat.length).toBe(0);
    expect(client.store.get().chat).toEqual([]);
    expect(client.store.get().meta?.title).toBe('rehearsal');
    expect(client.store.get().status).toBe('connected');
    // The new copy writes through again.
    client.addNote('hello');
    hub.flush();
    expect((sessionParts(hub.doc).chat.toArray() as ChatNote[]).map((n) => n.text)).toEqual(['hello']);
  });

  it('stops on a final close and says why; a request then fails at once', async () => {
    hub = new MemoryHub();
    const { client } = join('张伟');
    hub.flush();
    hub.close(hub.links[0]!, 4403, 'the invitation was revoked');
    hub.flush();
    expect(client.store.get()).toMatchObject({ status: 'closed', closed: { code: 4403, reason: 'the invitation was revoked' } });
    hub.links[0]!.reconnect(); // y-websocket does not retry after 44xx; neither does the memory link
    hub.flush();
    expect(client.store.get().status).toBe('closed');
    expect(await client.submit({ type: 'restart_node', node: 'gateway' })).toMatchObject({ ok: false, error: 'not connected to the session' });
  });

  it('lists who is here and what they selected; someone who drops leaves the list', () => {
    hub = new MemoryHub();
    const a = join('张伟').client;
    const b = join('Li Lei', { region: '深圳' }).client;
    hub.flush();
    b.select('gw-sse');
    hub.flush();
    expect(a.store.get().peers.map((p) => [p.name, p.region, p.selectedNode, p.self])).toEqual([
      ['张伟', '上海', null, true],
      ['Li Lei', '深圳', 'gw-sse', false],
    ]);
    hub.drop(hub.links[1]!);
    hub.flush();
    expect(a.store.get().peers.map((p) => p.name)).toEqual(['张伟']);
  });

  it('lists someone again as soon as their socket is back, and they everyone', () => {
    hub = new MemoryHub();
    const a = join('张伟').client;
    const b = join('Li Lei').client;
    hub.flush();
    hub.drop(hub.links[1]!);
    hub.flush();
    expect(b.store.get().peers.map((p) => p.name)).toEqual(['Li Lei']);
    hub.links[1]!.reconnect();
    hub.flush();
    expect(a.store.get().peers.map((p) => p.name)).toEqual(['张伟', 'Li Lei']);
    expect(b.store.get().peers.map((p) => p.name)).toEqual(['Li Lei', '张伟']);
  });
});
