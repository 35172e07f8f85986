import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { Join, Presence } from './targets.ts';

/**
 * A participant the bench does not measure: a real socket that joins the room the way its
 * protocol's client does (sync step 1, presence when on, renewed every 15 s) and receives every
 * frame the server fans out, but does not apply them. The server does the same work for it as
 * for a full client; the bench process does not decode 200 documents' worth of updates on one
 * CPU, work that real participants each do in their own browser.
 */
export interface Listener {
  frames: number;
  open(): boolean;
  destroy(): void;
}

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const EMPTY = new Y.Doc();

function listener(url: string, frame: (body: (e: encoding.Encoder) => void) => Uint8Array, j: Join, presence: Presence, first: Uint8Array[] = []): Listener {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const awareness = presence === 'on' ? new Awareness(new Y.Doc()) : undefined;
  const state = { frames: 0, open: false };
  const send = (m: Uint8Array) => ws.readyState === WebSocket.OPEN && ws.send(m);
  const sendPresence = () =>
    awareness &&
    send(
      frame((e) => {
        encoding.writeVarUint(e, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(e, encodeAwarenessUpdate(awareness, [awareness.clientID]));
      }),
    );
  ws.on('open', () => {
    state.open = true;
    for (const m of first) send(m);
    send(
      frame((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(e, EMPTY);
      }),
    );
    awareness?.setLocalState({ name: j.name, region: '上海' });
    sendPresence();
    // The Awareness renews its own state every 15 s, as a provider's does.
    awareness?.on('update', (_c: unknown, origin: unknown) => origin === 'local' && sendPresence());
  });
  ws.on('message', () => state.frames++);
  ws.on('error', () => undefined);
  return {
    get frames() {
      return state.frames;
    },
    open: () => state.open,
    destroy() {
      awareness?.destroy();
      ws.close();
    },
  };
}

/** A y-websocket protocol listener (TwinLab and @y/websocket-server): the URL the provider would open. */
export function yWebsocketListener(j: Join, presence: Presence): Listener {
  const params = new URLSearchParams(j.params).toString();
  const frame = (body: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder();
    body(e);
    return encoding.toUint8Array(e);
  };
  return listener(`${j.url}/${j.room}${params ? `?${params}` : ''}`, frame, j, presence);
}

/** A Hocuspocus listener: every frame starts with the document name; the first says who it is (no token here). */
export function hocuspocusListener(j: Join, presence: Presence): Listener {
  const frame = (body: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder();
    encoding.writeVarString(e, j.room);
    body(e);
    return encoding.toUint8Array(e);
  };
  const auth = frame((e) => {
    encoding.writeVarUint(e, 2); // MessageType.Auth
    encoding.writeVarUint(e, 0); // AuthMessageType.Token
    encoding.writeVarString(e, '');
  });
  return listener(j.url, frame, j, presence, [auth]);
}
