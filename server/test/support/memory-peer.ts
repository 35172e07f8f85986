import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_REPLY, MESSAGE_SYNC, readReply } from '@twinlab/shared/session/protocol';
import type { Reply } from '@twinlab/shared/session/protocol';
import { sessionParts } from '@twinlab/shared/session/layout';
import type { Invitation } from '../../src/auth/tokens.ts';
import type { Connection, Room } from '../../src/sync/room.ts';
import type { PeerSocket } from '../../src/sync/socket.ts';

/**
 * A participant for unit tests: a Y.Doc speaking the y-websocket protocol to a room through an
 * in-memory socket. Frames wait in `inbox` until flush() delivers them, so a test decides when
 * anything arrives and never sleeps.
 */
export class MemoryPeer implements PeerSocket {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly inbox: Uint8Array[] = [];
  readonly denied: string[] = [];
  readonly replies: Reply[] = [];
  closed: { code: number; reason: string } | undefined;
  bufferedAmount = 0;
  readonly conn: Connection;

  constructor(
    readonly room: Room,
    readonly invitation: Invitation,
  ) {
    sessionParts(this.doc);
    this.conn = room.join(this, invitation);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeUpdate(e, update);
      this.room.receive(this.conn, encoding.toUint8Array(e));
    });
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, this.doc);
    room.receive(this.conn, encoding.toUint8Array(e));
  }

  send(data: Uint8Array): void {
    this.inbox.push(data);
  }

  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }

  /** Send a raw frame to the room, as a misbehaving client would. */
  sendRaw(frame: Uint8Array): void {
    this.room.receive(this.conn, frame);
  }

  setPresence(state: Record<string, unknown> | null): void {
    this.awareness.setLocalState(state);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
    this.room.receive(this.conn, encoding.toUint8Array(e));
  }

  /** Deliver every waiting frame; returns whether there were any. */
  flush(): boolean {
    const frames = this.inbox.splice(0);
    for (const frame of frames) {
      const d = decoding.createDecoder(frame);
      const type = decoding.readVarUint(d);
      if (type === MESSAGE_SYNC) {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.readSyncMessage(d, e, this.doc, this);
        if (encoding.length(e) > 1) this.room.receive(this.conn, encoding.toUint8Array(e));
      } else if (type === MESSAGE_AWARENESS) {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(d), this);
      } else if (type === MESSAGE_AUTH) {
        authProtocol.readAuthMessage(d, this.doc, (_doc, reason) => this.denied.push(reason));
      } else if (type === MESSAGE_REPLY) {
        this.replies.push(readReply(d));
      }
    }
    return frames.length > 0;
  }
}

/** Let the room and the peers exchange frames until nothing is left in flight. */
export async function settle(room: Room, peers: MemoryPeer[]): Promise<void> {
  for (let round = 0; round < 100; round++) {
    await room.idle();
    let moved = false;
    for (const p of peers) moved = p.flush() || moved;
    await room.idle();
    if (!moved && peers.every((p) => p.inbox.length === 0)) return;
  }
  throw new Error('the room and its peers did not settle in 100 rounds');
}
