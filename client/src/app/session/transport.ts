import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type * as decoding from 'lib0/decoding';

export type TransportStatus = 'connecting' | 'connected' | 'disconnected';

/** Where a transport connects: the sync endpoint, the session (room) and the invitation token. */
export interface TransportTarget {
  url: string;
  room: string;
  token: string;
}

/**
 * What SessionClient needs from its connection to the server: the document kept in sync (y-websocket
 * protocol), presence, and a way to send and receive TwinLab's own frames. The real one is
 * y-websocket's provider (transport-ws.ts); unit tests pass an in-memory one and deliver frames by
 * hand, as the server's tests do with PeerSocket.
 */
export interface SessionTransport {
  readonly awareness: Awareness;
  /** True while a frame sent now goes to the server (the socket is open and the handshake done). */
  readonly connected: boolean;
  /** Send one frame (a TwinLab request); only call it while connected. */
  send(frame: Uint8Array): void;
  /** Read frames of this message type (TwinLab's replies, auth) with handler; replaces any earlier one. */
  handle(type: number, handler: (decoder: decoding.Decoder) => void): void;
  onStatus(listener: (status: TransportStatus) => void): void;
  /** The server closed for good (a 44xx code): no reconnect follows. */
  onClosed(listener: (code: number, reason: string) => void): void;
  /** The document has caught up with the server's after a (re)connect. */
  onSynced(listener: () => void): void;
  destroy(): void;
}

export type ConnectTransport = (doc: Y.Doc, target: TransportTarget) => SessionTransport;
