import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { sessionParts } from '@twinlab/shared/session/layout';
import type { SessionParts } from '@twinlab/shared/session/layout';
import { waitFor } from './wait.ts';

/** Call the REST API with a bearer token; returns status and parsed JSON. */
export async function api<T = Record<string, unknown>>(base: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

export interface Created {
  id: string;
  leadToken: string;
}

export async function createSession(base: string, scenarioId = 'chain-5hop', extra: Record<string, unknown> = {}): Promise<Created> {
  const r = await api<{ session: { id: string }; token: string }>(base, '/api/sessions', { body: { scenarioId, leadName: 'Lead', ...extra } });
  if (r.status !== 201) throw new Error(`create session: ${r.status} ${JSON.stringify(r.body)}`);
  return { id: r.body.session.id, leadToken: r.body.token };
}

export async function invite(base: string, created: Created, role: 'lead' | 'engineer' | 'observer', name: string): Promise<string> {
  const r = await api<{ token: string }>(base, `/api/sessions/${created.id}/invitations`, { token: created.leadToken, body: { role, name } });
  if (r.status !== 201) throw new Error(`invite: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

export interface Participant {
  doc: Y.Doc;
  parts: SessionParts;
  provider: WebsocketProvider;
  closes: { code: number; reason: string }[];
  synced(): Promise<void>;
  destroy(): void;
}

/** A real y-websocket WebsocketProvider over the ws package, exactly as a Node participant joins. */
export function join(wsUrl: string, sessionId: string, token: string): Participant {
  const doc = new Y.Doc();
  const parts = sessionParts(doc);
  const provider = new WebsocketProvider(`${wsUrl}/sync`, sessionId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const closes: { code: number; reason: string }[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    parts,
    provider,
    closes,
    synced: () => waitFor(() => provider.synced, `participant to sync with session ${sessionId}`),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}
