import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { MESSAGE_REPLY, encodeCommandRequest, readReply } from '@twinlab/shared/session/protocol';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** One room's worth of clients on one server: how to join, how to submit, how to read a marker back. */
export interface Target {
  label: string;
  /** Make a room and return, per client, a way to join it. */
  room(index: number, clients: number): Promise<{ url: string; name: string; params: Record<string, string> }[]>;
  /** Called on each client once it is created (TwinLab reads its command replies). */
  prepare(client: BenchClient): void;
  submit(client: BenchClient, marker: string, seq: number): void;
  /** The markers carried by entries newly appended to the watched array. */
  markers(values: unknown[]): string[];
  stop(): Promise<void>;
}

export interface BenchClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  log: Y.Array<unknown>;
  refused: number;
}

export function connect(url: string, name: string, params: Record<string, string>): BenchClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, name, doc, { params, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
  return { doc, provider, log: doc.getArray('commands'), refused: 0 };
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
  const { proc, match } = await startProcess(['--import', here('../../node_modules/tsx/dist/esm/index.mjs'), here('../src/main.ts')], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, TWINLAB_DURABILITY: 'full' }, /TwinLab listening on (http:\/\/\S+)/);
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
      const tokens = await Promise.all(Array.from({ length: clients }, (_, i) => post(`/api/sessions/${s.session.id}/invitations`, { role: 'engineer', name: `engineer ${i}` }, s.token)));
      return tokens.map((t) => ({ url: `${base.replace(/^http/, 'ws')}/sync`, name: s.session.id, params: { token: t.token } }));
    },
    submit(client, marker, seq) {
      client.provider.ws?.send(encodeCommandRequest(seq, { type: 'set_config', node: 'counter', key: 'bench', value: marker }));
    },
    prepare(client) {
      // A TwinLab participant reads the server's answer to its command; a refusal would be a lost command.
      client.provider.messageHandlers[MESSAGE_REPLY] = (_encoder, decoder) => {
        const reply = readReply(decoder);
        if (!reply.ok) client.refused++;
      };
    },
    markers: (values) => values.map((v) => String((v as { command?: { value?: unknown } }).command?.value)),
    async stop() {
      await stopProcess(proc);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The plain Yjs relay of @y/websocket-server 0.1.1: a client appends to the array itself, nothing is checked or stored. */
export async function reference(): Promise<Target> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const { proc } = await startProcess([here('../../node_modules/@y/websocket-server/src/server.js')], { PORT: String(port), HOST: '127.0.0.1' }, /running at/);
  return {
    label: 'reference @y/websocket-server',
    async room(index, clients) {
      return Array.from({ length: clients }, () => ({ url: `ws://127.0.0.1:${port}`, name: `bench-${index}-${port}`, params: {} }));
    },
    prepare: () => undefined,
    submit(client, marker) {
      client.log.push([{ marker }]);
    },
    markers: (values) => values.map((v) => String((v as { marker?: unknown }).marker)),
    stop: () => stopProcess(proc),
  };
}
