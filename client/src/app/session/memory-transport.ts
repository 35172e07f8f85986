import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import {
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_CLOCK,
  MESSAGE_COMMAND,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  encodeReply,
  isFinalClose,
  readJsonPayload,
  type Reply,
} from '@twinlab/shared/session/protocol';
import type { ConnectTransport, SessionTransport, TransportStatus, TransportTarget } from './transport.ts';

/**
 * An in-memory server and sockets for unit tests of SessionClient (test support, not shipped).
 * Nothing moves until the test delivers it: `flush()` delivers every queued frame, `step(pick)`
 * one, so a test chooses the interleaving. The client end behaves as y-websocket 3's provider
 * does (sync step 1 and its own presence on open, remote presence dropped on close); the server
 * end as the Room does (sync step 1 and everyone's presence on join), minus the judge: it accepts
 * every write, and answers requests through `onRequest`.
 */

type Item = { kind: 'open' } | { kind: 'frame'; data: Uint8Array } | { kind: 'close'; code: number; reason: string };

export interface MemoryRequest {
  type: 'command' | 'clock';
  id: string | number;
  body: unknown;
  link: MemoryLink;
}

export class MemoryHub {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly links: MemoryLink[] = [];
  /** Answer a request; the default accepts it. Write to `doc` here to act as the judge would. */
  onRequest: (request: MemoryRequest) => Omit<Reply, 'id' | 'serverMs'> = () => ({ ok: true });
  serverMs = 0;

  constructor() {
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeUpdate(e, update);
      const frame = encoding.toUint8Array(e);
      for (const l of this.links) if (l.open) l.toClient.push({ kind: 'frame', data: frame });
    });
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin instanceof MemoryLink) {
        added.forEach((id) => origin.awarenessIds.add(id));
        removed.forEach((id) => origin.awarenessIds.delete(id));
      }
      const frame = awarenessFrame(this.awareness, [...added, ...updated, ...removed]);
      for (const l of this.links) if (l.open) l.toClient.push({ kind: 'frame', data: frame });
    });
  }

  readonly connect: ConnectTransport = (doc, target) => {
    const link = new MemoryLink(this, doc, target);
    this.links.push(link);
    return link.transport;
  };

  destroy(): void {
    for (const l of [...this.links]) l.transport.destroy();
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** Queued items in both directions over every link. */
  get queued(): number {
    return this.links.reduce((n, l) => n + l.toClient.length + l.toServer.length, 0);
  }

  /** Deliver one item: `pick(n)` chooses among the n non-empty queues (each socket direction keeps its order). */
  step(pick: (n: number) => number = () => 0): boolean {
    const queues: { link: MemoryLink; toServer: boolean }[] = [];
    for (const l of this.links) {
      if (l.toServer.length > 0) queues.push({ link: l, toServer: true });
      if (l.toClient.length > 0) queues.push({ link: l, toServer: false });
    }
    if (queues.length === 0) return false;
    const q = queues[pick(queues.length)]!;
    if (q.toServer) this.receive(q.link, q.link.toServer.shift()!);
    else q.link.deliver(q.link.toClient.shift()!);
    return true;
  }

  /** Deliver until nothing is queued. */
  flush(pick?: (n: number) => number): void {
    for (let i = 0; this.step(pick); i++) if (i > 100_000) throw new Error('MemoryHub.flush: messages keep coming');
  }

  /** The socket opens (the server side has accepted it). */
  join(link: MemoryLink): void {
    link.open = true;
    link.toClient.push({ kind: 'open' });
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, this.doc);
    link.toClient.push({ kind: 'frame', data: encoding.toUint8Array(e) });
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) link.toClient.push({ kind: 'frame', data: awarenessFrame(this.awareness, states) });
  }

  /** The network drops the socket: whatever was in flight is lost, both ends see it close. */
  drop(link: MemoryLink): void {
    this.leave(link);
    link.toClient.length = 0;
    link.toServer.length = 0;
    link.closeClient(1006, '');
  }

  /** The server closes the socket with a code; the client reads it after what was sent before. */
  close(link: MemoryLink, code: number, reason: string): void {
    this.leave(link);
    link.toServer.length = 0;
    link.toClient.push({ kind: 'close', code, reason });
  }

  /** The server refuses a write: y-protocols' permission-denied message. */
  deny(link: MemoryLink, reason: string): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_AUTH);
    authProtocol.writePermissionDenied(e, reason);
    link.toClient.push({ kind: 'frame', data: encoding.toUint8Array(e) });
  }

  private leave(link: MemoryLink): void {
    if (!link.open) return;
    link.open = false;
    if (link.awarenessIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...link.awarenessIds], null);
  }

  private receive(link: MemoryLink, item: Item): void {
    if (!link.open || item.kind !== 'frame') return;
    const d = decoding.createDecoder(item.data);
    const type = decoding.readVarUint(d);
    if (type === MESSAGE_SYNC) {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.readSyncMessage(d, e, this.doc, link);
      if (encoding.length(e) > 1) link.toClient.push({ kind: 'frame', data: encoding.toUint8Array(e) });
    } else if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(d), link);
    } else if (type === MESSAGE_COMMAND || type === MESSAGE_CLOCK) {
      const payload = readJsonPayload(d) as { id: string | number; command?: unknown; request?: unknown };
      const answer = this.onRequest({ type: type === MESSAGE_COMMAND ? 'command' : 'clock', id: payload.id, body: payload.command ?? payload.request, link });
      if (link.open) link.toClient.push({ kind: 'frame', data: encodeReply({ ...answer, id: payload.id, serverMs: this.serverMs } as Reply) });
    }
  }
}

/** One client's socket to the hub, and the client end of it (`transport`). */
export class MemoryLink {
  readonly toServer: Item[] = [];
  readonly toClient: Item[] = [];
  readonly awarenessIds = new Set<number>();
  /** The server side holds this socket. */
  open = false;
  /** The client side has seen it open. */
  connected = false;
  synced = false;
  destroyed = false;
  /** After a close with a final code (44xx) the client stops, as y-websocket does. */
  stopped = false;
  readonly transport: SessionTransport;
  readonly awareness: awarenessProtocol.Awareness;
  private readonly handlers = new Map<number, (d: decoding.Decoder) => void>();
  private readonly statusListeners: ((s: TransportStatus) => void)[] = [];
  private readonly closedListeners: ((code: number, reason: string) => void)[] = [];
  private readonly syncedListeners: (() => void)[] = [];

  constructor(
    readonly hub: MemoryHub,
    readonly doc: Y.Doc,
    readonly target: TransportTarget,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    const isConnected = () => this.connected;
    this.transport = {
      awareness: this.awareness,
      get connected() {
        return isConnected();
      },
      send: (frame) => this.sendToServer(frame),
      handle: (type, handler) => void this.handlers.set(type, handler),
      onStatus: (l) => void this.statusListeners.push(l),
      onClosed: (l) => void this.closedListeners.push(l),
      onSynced: (l) => void this.syncedListeners.push(l),
      destroy: () => this.destroy(),
    };
    hub.join(this);
  }

  /** The client connects again after a drop (y-websocket does so after a backoff). */
  reconnect(): void {
    if (this.destroyed || this.stopped || this.open) return;
    this.statusListeners.forEach((l) => l('connecting'));
    this.hub.join(this);
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeUpdate(e, update);
    this.sendToServer(encoding.toUint8Array(e));
  };

  private readonly onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    this.sendToServer(awarenessFrame(this.awareness, [...added, ...updated, ...removed]));
  };

  private sendToServer(frame: Uint8Array): void {
    if (this.connected && this.open) this.toServer.push({ kind: 'frame', data: frame });
  }

  deliver(item: Item): void {
    if (this.destroyed) return;
    if (item.kind === 'close') return this.closeClient(item.code, item.reason);
    if (item.kind === 'open') {
      this.connected = true;
      this.statusListeners.forEach((l) => l('connected'));
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(e, this.doc);
      this.sendToServer(encoding.toUint8Array(e));
      if (this.awareness.getLocalState() !== null) this.sendToServer(awarenessFrame(this.awareness, [this.doc.clientID]));
      return;
    }
    if (!this.connected) return;
    const d = decoding.createDecoder(item.data);
    const type = decoding.readVarUint(d);
    if (type === MESSAGE_SYNC) {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_SYNC);
      const kind = syncProtocol.readSyncMessage(d, e, this.doc, this);
      if (encoding.length(e) > 1) this.sendToServer(encoding.toUint8Array(e));
      if (kind === syncProtocol.messageYjsSyncStep2 && !this.synced) {
        this.synced = true;
        this.syncedListeners.forEach((l) => l());
      }
    } else if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(d), this);
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      this.sendToServer(awarenessFrame(this.awareness, [...this.awareness.getStates().keys()]));
    } else {
      this.handlers.get(type)?.(d);
    }
  }

  /** The client's side of a close, as y-websocket's closeWebsocketConnection. */
  closeClient(code: number, reason: string): void {
    const was = this.connected;
    this.connected = false;
    this.synced = false;
    this.toServer.length = 0;
    if (was) {
      const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
      awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
      this.statusListeners.forEach((l) => l('disconnected'));
    }
    if (isFinalClose(code)) {
      this.stopped = true;
      this.closedListeners.forEach((l) => l(code, reason));
    }
  }

  private destroy(): void {
    if (this.destroyed) return;
    this.hub.drop(this);
    this.destroyed = true;
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    const i = this.hub.links.indexOf(this);
    if (i >= 0) this.hub.links.splice(i, 1);
  }
}

function awarenessFrame(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(e);
}
