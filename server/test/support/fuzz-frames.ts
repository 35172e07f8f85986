import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { sessionParts } from '@twinlab/shared/session/layout';

/** mulberry32: a small seeded generator, so a failing run can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/** Real updates a participant could send, to mutate: a note, a runbook step, a forged command. */
function realUpdates(): Uint8Array[] {
  const doc = new Y.Doc();
  const p = sessionParts(doc);
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  p.chat.push([{ author: 'Fuzz', text: 'hello' }]);
  p.runbook.set('step-1', { status: 'done', by: 'Fuzz' });
  p.commands.push([{ seq: 0, at: 0, actor: 'Fuzz', command: { type: 'set_load', multiplier: 1 } }]);
  p.scenario.insert(0, 'x');
  p.chat.delete(0, 1);
  return out;
}

/**
 * Frames a broken or hostile client might send: random bytes, real message types with random
 * bodies, real updates with flipped bytes, truncated frames, absurd lengths, bad JSON, text.
 */
export function makeFrames(seed: number, count: number): (Uint8Array | string)[] {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  const updates = realUpdates();
  const pick = <T>(xs: T[]) => xs[int(xs.length)]!;
  const mutate = (u: Uint8Array) => {
    const c = u.slice();
    for (let i = 0, n = 1 + int(4); i < n; i++) c[int(c.length)] = int(256);
    return r() < 0.3 ? c.slice(0, int(c.length)) : c;
  };
  const kinds: (() => Uint8Array | string)[] = [
    () => bytes(int(64)),
    () => frame((e) => (encoding.writeVarUint(e, pick([0, 1, 2, 3, 100, 101, 102, 7, 255])), encoding.writeUint8Array(e, bytes(int(48))))),
    () => frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, bytes(int(32))))),
    () => frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, pick([1, 2])), encoding.writeVarUint8Array(e, mutate(pick(updates))))),
    () => frame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeUpdate(e, pick(updates)))),
    () => frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0xffffffff))),
    () => frame((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, bytes(int(40))))),
    () =>
      frame((e) => {
        encoding.writeVarUint(e, 1);
        const inner = frame(
          (i) => (
            encoding.writeVarUint(i, 1),
            encoding.writeVarUint(i, int(1e9)),
            encoding.writeVarUint(i, int(10)),
            encoding.writeVarString(i, pick(['{"role":"lead"}', '{', 'null', '{"name":5}', '[]', '{"cursor":1}']))
          ),
        );
        encoding.writeVarUint8Array(e, inner);
      }),
    () =>
      frame(
        (e) => (
          encoding.writeVarUint(e, pick([100, 101])),
          encoding.writeVarString(e, pick(['{', '{"id":1}', '{"id":1,"command":{"type":"restart_node","node":"counter"}}', '{"id":{},"request":1}', '"x"', '{"id":2,"request":{"action":"play"}}']))
        ),
      ),
    () => String.fromCharCode(...bytes(int(20))),
    () => new Uint8Array(0),
  ];
  return Array.from({ length: count }, () => pick(kinds)());
}
