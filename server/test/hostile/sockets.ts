import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import { MESSAGE_AUTH } from '@twinlab/shared/session/protocol';
import type { Participant } from '../support/clients.ts';

export interface RawSocket {
  ws: WebSocket;
  /** The close code and reason, once the server closes it. */
  closed: Promise<{ code: number; reason: string }>;
  /** Permission-denied reasons the server sent (y-protocols auth messages). */
  denied: string[];
}

/** A bare WebSocket on the sync endpoint: what a hostile client holds without any provider logic. */
export function openRaw(wsUrl: string, sessionId: string, token: string): Promise<RawSocket> {
  const ws = new WebSocket(`${wsUrl}/sync/${sessionId}?token=${token}`);
  const denied: string[] = [];
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(d) === MESSAGE_AUTH && decoding.readVarUint(d) === 0) denied.push(decoding.readVarString(d));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, closed, denied }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => reject(new Error(`HTTP ${res.statusCode}: ${String(res.headers['x-twinlab-error'] ?? body)}`)));
    });
  });
}

/** Capture the permission-denied reasons a real provider receives (it only logs them by default). */
export function captureDenied(p: Participant): string[] {
  const reasons: string[] = [];
  p.provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === 0) reasons.push(decoding.readVarString(decoder));
  };
  return reasons;
}

/** A counter's value from /metrics, or undefined when the server does not export it. */
export async function metric(base: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}
