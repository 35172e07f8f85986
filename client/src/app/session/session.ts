import * as Y from 'yjs';
import * as authProtocol from 'y-protocols/auth';
import type { Awareness } from 'y-protocols/awareness';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { Command, StampedCommand } from '@twinlab/shared/scenario/command';
import { ChatNote, readClock, readCommands, readMeta, readScenarioText, sessionParts, type SessionMeta } from '@twinlab/shared/session/layout';
import type { ClockRequest, ClockState } from '@twinlab/shared/session/clock';
import type { Role } from '@twinlab/shared/session/roles';
import { MESSAGE_AUTH, MESSAGE_REPLY, encodeClockRequest, encodeCommandRequest, readReply, type Reply } from '@twinlab/shared/session/protocol';
import { createStore, type Store } from '../store/store.ts';
import { ServerClock } from '../clock/offset.ts';
import { MetricsHistory, type FrameTarget } from '../engine/history.ts';
import type { FromWorker, JoinReport, JoinStage, ToWorker } from '../engine/protocol.ts';
import { peersFrom, type Peer } from './peers.ts';
import type { ConnectTransport, SessionTransport } from './transport.ts';
import { websocketTransport } from './transport-ws.ts';
import { keepPresenceAcrossReconnect } from './rejoin.ts';

export type EngineStatus = 'syncing' | 'parsing' | 'preparing' | JoinStage | 'ready' | 'error';

export interface SessionState {
  status: 'connecting' | 'connected' | 'disconnected' | 'closed';
  closed: { code: number; reason: string } | null;
  denied: string | null;
  meta: SessionMeta | null;
  scenario: Scenario | null;
  clock: ClockState | null;
  commands: StampedCommand[];
  chat: ChatNote[];
  peers: Peer[];
  selectedNode: string | null;
  engine: EngineStatus;
  engineError: string | null;
  /** Simulated time the local run has reached, µs. */
  simNow: number | null;
  /** The state hash at a paused clock, once the run stands there. */
  hash: { now: number; hash: string } | null;
  /** Bumped on every metrics sample (a few per second). */
  metricsVersion: number;
  notice: { ok: boolean; text: string } | null;
  /** How the engine started: from the server's snapshot, or a replay (and why). */
  join: JoinReport | null;
  /** The server's snapshot downloading, for a late joiner. */
  joinBytes: { received: number; total: number | null; until: number } | null;
}

export interface WorkerLike {
  postMessage(m: ToWorker): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
  terminate(): void;
}

export interface SessionOptions {
  /** http(s) origin of the server. */
  origin: string;
  sessionId: string;
  token: string;
  name: string;
  role: Role;
  region: string;
  createWorker: () => WorkerLike;
  createFrame: (scenario: Scenario) => FrameTarget;
  /** For the clock offset; GET /api/time. */
  fetchTime: () => Promise<number>;
  /** The connection to the server; y-websocket's provider unless a test passes an in-memory one. */
  connectTransport?: ConnectTransport;
}

/**
 * One participant's connection to a session: the shared Y.Doc over y-websocket, presence, the
 * TwinLab request/reply messages, and the engine worker fed from the document. React-free; the
 * UI reads `store` and calls the methods.
 */
export class SessionClient {
  readonly store: Store<SessionState>;
  readonly serverClock = new ServerClock();
  history: MetricsHistory | null = null;
  frame: FrameTarget | null = null;
  private doc!: Y.Doc;
  private transport!: SessionTransport;
  private worker: WorkerLike | null = null;
  private scenarioText = '';
  private seed = -1;
  private nextId = 1;
  private pending = new Map<number, { sentMs: number; resolve: (r: Reply) => void }>();
  private disposed = false;

  constructor(private readonly opts: SessionOptions) {
    this.store = createStore<SessionState>({
      status: 'connecting',
      closed: null,
      denied: null,
      meta: null,
      scenario: null,
      clock: null,
      commands: [],
      chat: [],
      peers: [],
      selectedNode: null,
      engine: 'syncing',
      engineError: null,
      simNow: null,
      hash: null,
      metricsVersion: 0,
      notice: null,
      join: null,
      joinBytes: null,
    });
    this.connect();
    void this.syncTime();
  }

  get role(): Role {
    return this.opts.role;
  }

  get name(): string {
    return this.opts.name;
  }

  /** The shared document and presence as they are now (a rejoin replaces them), for the scenario editor's binding. */
  get shared(): { doc: Y.Doc; awareness: Awareness } {
    return { doc: this.doc, awareness: this.transport.awareness };
  }

  private connect(): void {
    const doc = new Y.Doc();
    this.doc = doc;
    sessionParts(doc);
    const url = this.opts.origin.replace(/^http/, 'ws') + '/sync';
    const connectTransport = this.opts.connectTransport ?? websocketTransport;
    const transport = connectTransport(doc, { url, room: this.opts.sessionId, token: this.opts.token });
    this.transport = transport;
    transport.handle(MESSAGE_REPLY, (dec) => this.onReply(readReply(dec)));
    transport.handle(MESSAGE_AUTH, (dec) => authProtocol.readAuthMessage(dec, doc, (_d, reason) => this.onDenied(reason)));
    transport.onStatus((status) => {
      keepPresenceAcrossReconnect(transport.awareness, status);
      this.store.set({ status: this.store.get().closed ? 'closed' : status });
      // Replies to requests on a dropped socket never come: answer them so nothing waits forever.
      if (status === 'disconnected')
        for (const [id, p] of [...this.pending]) {
          this.pending.delete(id);
          p.resolve({ id, ok: false, serverMs: 0, error: 'the connection dropped before the server answered' });
        }
    });
    transport.onClosed((code, reason) => this.store.set({ status: 'closed', closed: { code, reason } }));
    transport.awareness.setLocalState({ name: this.opts.name, role: this.opts.role, region: this.opts.region, selectedNode: this.store.get().selectedNode });
    const showPeers = () => this.store.set({ peers: peersFrom(transport.awareness.getStates(), doc.clientID) });
    transport.awareness.on('change', showPeers);
    showPeers(); // our own state was set before the listener existed
    doc.on('update', () => this.readDoc());
    transport.onSynced(() => this.readDoc());
  }

  /** The server refused a write: this copy of the document has diverged, so drop it and rejoin. */
  private onDenied(reason: string): void {
    this.store.set({ denied: reason });
    this.transport.destroy();
    this.doc.destroy();
    if (!this.disposed) this.connect();
  }

  private readDoc(): void {
    const doc = this.doc;
    const meta = readMeta(doc) ?? null;
    const prev = this.store.get();
    const read = readClock(doc) ?? null;
    const clock = read && prev.clock && JSON.stringify(read) === JSON.stringify(prev.clock) ? prev.clock : read;
    const { commands } = readCommands(doc);
    const chat = sessionParts(doc)
      .chat.toArray()
      .flatMap((raw) => {
        const r = ChatNote.safeParse(raw);
        return r.success ? [r.data] : [];
      });
    const text = readScenarioText(doc);
    this.store.set({
      meta: meta && prev.meta && meta.id === prev.meta.id && meta.seed === prev.meta.seed ? prev.meta : meta,
      clock,
      chat: chat.length === prev.chat.length ? prev.chat : chat,
      commands: commands.length === prev.commands.length ? prev.commands : commands,
    });
    if (meta && text && (text !== this.scenarioText || meta.seed !== this.seed)) this.startEngine(text, meta.seed);
    if (this.worker) {
      if (commands !== prev.commands && commands.length !== prev.commands.length) this.worker.postMessage({ type: 'log', commands });
      if (clock && clock !== prev.clock) this.worker.postMessage({ type: 'clock', clock, offsetMs: this.serverClock.offsetMs });
    }
  }

  private startEngine(text: string, seed: number): void {
    this.scenarioText = text;
    this.seed = seed;
    const parsed = parseScenario(text, 'session scenario');
    if (!parsed.ok) {
      this.store.set({ engine: 'error', engineError: parsed.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('; ') });
      return;
    }
    this.worker?.terminate();
    this.frame = this.opts.createFrame(parsed.scenario);
    this.history = new MetricsHistory(parsed.scenario);
    this.store.set({ scenario: parsed.scenario, engine: 'parsing', simNow: null, hash: null, join: null, joinBytes: null });
    const worker = this.opts.createWorker();
    this.worker = worker;
    worker.onmessage = (e) => this.onWorker(e.data);
    const join = { snapshotUrl: `${this.opts.origin}/api/sessions/${encodeURIComponent(this.opts.sessionId)}/snapshot`, token: this.opts.token };
    worker.postMessage({ type: 'init', scenarioText: text, seed, join });
    worker.postMessage({ type: 'log', commands: this.store.get().commands });
    const clock = this.store.get().clock;
    if (clock) worker.postMessage({ type: 'clock', clock, offsetMs: this.serverClock.offsetMs });
  }

  private onWorker(m: FromWorker): void {
    switch (m.type) {
      case 'status':
        this.store.set({ engine: m.status });
        return;
      case 'error':
        this.store.set({ engine: 'error', engineError: m.message });
        return;
      case 'sample':
        this.history?.push(m.sample, this.frame ?? undefined);
        this.store.set((s) => ({ simNow: m.sample.now, metricsVersion: s.metricsVersion + 1, hash: s.hash && s.hash.now === m.sample.now ? s.hash : null }));
        return;
      case 'hash':
        this.store.set({ hash: { now: m.now, hash: m.hash }, simNow: m.now });
        return;
      case 'join-bytes':
        this.store.set({ joinBytes: { received: m.received, total: m.total, until: m.until } });
        return;
      case 'joined':
        this.store.set({ join: m.report });
        return;
      case 'rollback':
        return;
    }
  }

  private async syncTime(): Promise<void> {
    for (let i = 0; i < 3 && !this.disposed; i++) {
      const sent = Date.now();
      try {
        const serverMs = await this.opts.fetchTime();
        this.serverClock.add(sent, serverMs, Date.now());
      } catch {
        return; // the socket's replies refine it later
      }
    }
    const clock = this.store.get().clock;
    if (clock) this.worker?.postMessage({ type: 'clock', clock, offsetMs: this.serverClock.offsetMs });
  }

  private onReply(reply: Reply): void {
    const id = typeof reply.id === 'number' ? reply.id : -1;
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.serverClock.add(p.sentMs, reply.serverMs, Date.now());
    p.resolve(reply);
  }

  /** The open socket, waiting up to `ms` for a reconnect (y-websocket reconnects after a quiet spell). */
  private async openSocket(ms = 15_000): Promise<SessionTransport | null> {
    const deadline = Date.now() + ms;
    while (!this.disposed && Date.now() < deadline) {
      if (this.transport.connected) return this.transport;
      if (this.store.get().closed) return null;
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  }

  private async request(frame: (id: number) => Uint8Array): Promise<Reply> {
    const socket = await this.openSocket();
    if (!socket) return { id: null, ok: false, serverMs: 0, error: 'not connected to the session' };
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { sentMs: Date.now(), resolve });
      socket.send(frame(id));
    });
  }

  async submit(command: Command): Promise<Reply> {
    const reply = await this.request((id) => encodeCommandRequest(id, command));
    this.store.set({ notice: reply.ok ? { ok: true, text: command.type } : { ok: false, text: reply.error } });
    return reply;
  }

  /**
   * The clock as the lead last asked for it: pressing + three times quickly must step three
   * speeds, though the server's answer to the first press has not come back yet.
   */
  intendedClock(): { running: boolean; speed: number } | null {
    const clock = this.store.get().clock;
    if (!clock) return null;
    return { running: this.intent.running ?? clock.running, speed: this.intent.speed ?? clock.speed };
  }

  private intent: { running?: boolean; speed?: number } = {};
  private intentsInFlight = 0;

  async clockRequest(request: ClockRequest): Promise<Reply> {
    if (request.action === 'speed') this.intent.speed = request.speed;
    if (request.action === 'play' || request.action === 'pause') this.intent.running = request.action === 'play';
    this.intentsInFlight++;
    const reply = await this.request((id) => encodeClockRequest(id, request));
    if (--this.intentsInFlight === 0) this.intent = {};
    if (!reply.ok) this.store.set({ notice: { ok: false, text: reply.error } });
    return reply;
  }

  select(node: string | null): void {
    this.store.set({ selectedNode: node });
    this.transport.awareness.setLocalStateField('selectedNode', node);
  }

  addNote(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    const note: ChatNote = { author: this.opts.name, text: trimmed.slice(0, 2000), ...(this.store.get().simNow !== null ? { atSim: this.store.get().simNow! } : {}) };
    sessionParts(this.doc).chat.push([note]);
  }

  dispose(): void {
    this.disposed = true;
    this.worker?.terminate();
    this.transport.destroy();
    this.doc.destroy();
  }
}
