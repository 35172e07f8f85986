import type * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { ConnectTransport, SessionTransport, TransportStatus, TransportTarget } from './transport.ts';

/** The real transport: y-websocket 3's provider, which reconnects with backoff and stops on 44xx closes. */
export const websocketTransport: ConnectTransport = (doc: Y.Doc, target: TransportTarget): SessionTransport => {
  // No BroadcastChannel: every change must pass the server's judge, even between tabs.
  const provider = new WebsocketProvider(target.url, target.room, doc, { params: { token: target.token }, disableBc: true });
  return {
    awareness: provider.awareness,
    get connected() {
      const ws = provider.ws;
      return provider.wsconnected && ws !== null && ws.readyState === WebSocket.OPEN;
    },
    send(frame) {
      provider.ws?.send(frame);
    },
    handle(type, handler) {
      provider.messageHandlers[type] = (_encoder, decoder) => handler(decoder);
    },
    onStatus(listener) {
      provider.on('status', ({ status }: { status: TransportStatus }) => listener(status));
    },
    onClosed(listener) {
      provider.on('closed', ({ code, reason }: { code: number; reason: string }) => listener(code, reason));
    },
    onSynced(listener) {
      provider.on('sync', (synced: boolean) => synced && listener());
    },
    destroy() {
      provider.destroy();
    },
  };
};
