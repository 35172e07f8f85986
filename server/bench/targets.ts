import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { MESSAGE_REPLY, encodeCommandRequest, readReply } from '@twinlab/shared/session/protocol';
import { hocuspocusListener, yWebsocketListener, type Listener } from './light.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Presence: `off` sends no awareness at all (local state null before connecting); `on` gives
 * every client a name and city, as a person in the lab has, renewed by the provider every 15 s.
 */
export type Presence = 'off' | 'on';

export interface Join {
  url: string;
  room: string;
  name: string;
  params: Record<string, string>;
}

/** One room's worth of clients on one server: how to join, how to submit, how to read a marker back. */
export interface Target {
  label: string;
  /** Make a room and return, per client, how it joins. */
  room(index: number, clients: number): Promise<Join[]>;
  connect(join: Join, presence: Presence): BenchClient;
  /** A participant that receives everything but is not measured (light.ts). */
  listen(join: Join, presence: Presence): Listener;
  submit(client: BenchClient, marker: string, seq: number): void;
  /** The markers carried by entries newly appended to the watched array. */
  markers(values: unknown[]): string[];
  stop(): Promise<void>;
}

export interface BenchClient {
  doc: Y.Doc;
  log: Y.Array<unknown>;
  refused: number;
  synced(): boolean;
  /** Presence entries this client holds (its own included). */
  peers(): number;
  send?: (data: Uint8Array) => void;
  destroy(): void;
}

/** A y-websocket 3 participant, as the TwinLab lab and y-websocket's own users run one. */
function yWebsocketClient(j: Join, presence: Presence): BenchClient & { provider: WebsocketProvider } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(j.url, j.room, doc, { params: j.params, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, connect: false });
  provider.awareness.setLocalState(presence === 'on' ? { name: j.name, region: '上海' } : null);
  provider.connect();
  return {
    doc,
    provider,
    log: doc.getArray('commands'),
    refused: 0,
    synced: () => provider.synced,
    peers: () => provider.awareness.getStates().size,
    send: (data) => provider.ws?.send(data),
    destroy: () => provider.destroy(),
  };
}

function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ proc: ChildProcess; match: RegExpExecArray }> {
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, match: m });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
}

const stopProcess = (proc: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });

/** TwinLab: judged commands over the sync socket, stored in SQLite (synchronous=FULL) before they spread. */
export async function twinlab(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'twinlab-bench-'));
  // The lab's default limits: 100 messages/s per connection is far above one participant's share here.
  const { proc, match } = await startProcess(
    ['--import', here('../../node_modules/tsx/dist/esm/index.mjs'), here('../src/main.ts')],
    { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, TWINLAB_DURABILITY: 'full', LOG_LEVEL: 'warn' },
    /TwinLab listening on (http:\/\/\S+)/,
  );
  const base = match[1]!;
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { token: string; session: { id: string } };
  };
  return {
    label: 'twinlab (judged, SQLite FULL)',
    async room(index, clients) {
      const s = await post('/api/sessions', { scenarioId: 'chain-5hop', leadName: 'Bench lead', title: `bench ${index}` });
      const names = Array.from({ length: clients }, (_, i) => `engineer ${i}`);
      const tokens = await Promise.all(names.map((name) => post(`/api/sessions/${s.session.id}/invitations`, { role: 'engineer', name }, s.token)));
      return tokens.map((t, i) => ({ url: `${base.replace(/^http/, 'ws')}/sync`, room: s.session.id, name: names[i]!, params: { token: t.token } }));
    },
    connect(j, presence) {
      const client = yWebsocketClient(j, presence);
      // A TwinLab participant reads the server's answer to its command; a refusal would be a lost command.
      client.provider.messageHandlers[MESSAGE_REPLY] = (_encoder, decoder) => {
        if (!readReply(decoder).ok) client.refused++;
      };
      return client;
    },
    listen: yWebsocketListener,
    submit(client, marker, seq) {
      client.send!(encodeCommandRequest(seq, { type: 'set_config', node: 'counter', key: 'bench', value: marker }));
    },
    markers: (values) => values.map((v) => String((v as { command?: { value?: unknown } }).command?.value)),
    async stop() {
      await stopProcess(proc);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The plain Yjs relay of @y/websocket-server 0.1.1, run as its README does (`node src/server.js`),
 * with y-websocket clients: a client appends to the array itself, nothing is checked or stored.
 */
export async function reference(): Promise<Target> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const { proc } = await startProcess([here('../../node_modules/@y/websocket-server/src/server.js')], { PORT: String(port), HOST: '127.0.0.1' }, /running at/);
  return {
    label: 'reference @y/websocket-server',
    async room(index, clients) {
      return Array.from({ length: clients }, (_, i) => ({ url: `ws://127.0.0.1:${port}`, room: `bench-${index}-${port}`, name: `engineer ${i}`, params: {} }));
    },
    connect: yWebsocketClient,
    listen: yWebsocketListener,
    submit(client, marker) {
      client.log.push([{ marker }]);
    },
    markers: (values) => values.map((v) => String((v as { marker?: unknown }).marker)),
    stop: () => stopProcess(proc),
  };
}

/**
 * Hocuspocus 3.4.4 (Node 20), a second reference: its Server with default settings in a child
 * process, driven by its own HocuspocusProvider, one WebSocket per client as in a browser tab.
 */
export async function hocuspocus(): Promise<Target> {
  const { proc, match } = await startProcess([here('./hocuspocus-server.mjs')], { HOST: '127.0.0.1' }, /hocuspocus on (\d+)/);
  const port = Number(match[1]);
  return {
    label: 'reference hocuspocus 3.4.4',
    async room(index, clients) {
      return Array.from({ length: clients }, (_, i) => ({ url: `ws://127.0.0.1:${port}`, room: `bench-${index}`, name: `engineer ${i}`, params: {} }));
    },
    connect(j, presence) {
      const doc = new Y.Doc();
      const socket = new HocuspocusProviderWebsocket({ url: j.url, WebSocketPolyfill: WebSocket });
      const provider = new HocuspocusProvider({ websocketProvider: socket, name: j.room, document: doc, ...(presence === 'off' ? { awareness: null } : {}) });
      provider.attach();
      if (presence === 'on') provider.setAwarenessField('name', j.name);
      return {
        doc,
        log: doc.getArray('commands'),
        refused: 0,
        synced: () => provider.isSynced,
        peers: () => provider.awareness?.getStates().size ?? 0,
        destroy: () => {
          provider.destroy();
          socket.destroy();
        },
      };
    },
    listen: hocuspocusListener,
    submit(client, marker) {
      client.log.push([{ marker }]);
    },
    markers: (values) => values.map((v) => String((v as { marker?: unknown }).marker)),
    stop: () => stopProcess(proc),
  };
}
