import type { SimSnapshot } from './api.ts';

/**
 * A snapshot as bytes, for sending one over HTTP (the server's snapshot to a participant who
 * joins late). JSON alone would lose what the state hash sees: typed arrays, NaN/±Infinity, -0,
 * undefined values and Maps. So the tree goes as JSON with those replaced by tagged markers, and
 * the typed arrays' bytes follow it, each 8-byte aligned:
 *
 *   "TLSW" · u32 LE header length · header JSON (UTF-8) · padding to 8 · typed-array bytes
 *
 * Typed arrays are copied in the platform's byte order: every engine TwinLab runs on (V8 on
 * x86-64 and arm64, browsers) is little-endian, and a mismatch would show as a hash refusal.
 */
const MAGIC = 0x5753_4c54; // "TLSW" read as u32 LE
const TAG = '\u0000twinlab';

type TypedArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array | Uint8ClampedArray;
const TYPED: Record<string, new (b: ArrayBuffer, o: number, n: number) => TypedArray> = {
  Float64Array,
  Float32Array,
  Int32Array,
  Int16Array,
  Int8Array,
  Uint32Array,
  Uint16Array,
  Uint8Array,
  Uint8ClampedArray,
};

/** What travels with the snapshot: where and what it is, so the receiver can check it. */
export interface SnapshotMeta {
  /** Simulated µs the snapshot was taken at. */
  time: number;
  /** Log entries (in seq order) applied to it: those stamped at or before `time`. */
  applied: number;
  /** seq of the last applied entry, -1 when none. */
  lastSeq: number;
  /** The server's state hash of this snapshot. */
  stateHash: string;
}

interface Marker {
  [TAG]: 'typed' | 'number' | 'undefined' | 'map';
  t?: string;
  o?: number;
  n?: number;
  v?: string;
  e?: unknown;
}

const pad8 = (n: number) => (n + 7) & ~7;

export function encodeSnapshot(snapshot: SimSnapshot, meta: SnapshotMeta): Uint8Array {
  const blobs: { at: number; bytes: Uint8Array }[] = [];
  let size = 0;
  const mark = (v: unknown): unknown => {
    if (v === undefined) return { [TAG]: 'undefined' };
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return { [TAG]: 'number', v: 'NaN' };
      if (v === Infinity || v === -Infinity) return { [TAG]: 'number', v: String(v) };
      if (Object.is(v, -0)) return { [TAG]: 'number', v: '-0' };
      return v;
    }
    if (v === null || typeof v !== 'object') return v;
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const name = v.constructor.name;
      if (!(name in TYPED)) throw new Error(`snapshot: cannot encode a ${name}`);
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      blobs.push({ at: size, bytes });
      const marker = { [TAG]: 'typed', t: name, o: size, n: (v as TypedArray).length };
      size = pad8(size + bytes.byteLength);
      return marker;
    }
    if (v instanceof Map) return { [TAG]: 'map', e: [...v].map(([k, x]) => [mark(k), mark(x)]) };
    if (Array.isArray(v)) return v.map(mark);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      if (k === TAG) throw new Error(`snapshot: a state object has the reserved key ${JSON.stringify(TAG)}`);
      out[k] = mark((v as Record<string, unknown>)[k]);
    }
    return out;
  };
  const header = new TextEncoder().encode(JSON.stringify({ meta, snapshot: mark(snapshot) }));
  const start = pad8(8 + header.byteLength);
  const out = new Uint8Array(start + size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.byteLength, true);
  out.set(header, 8);
  for (const b of blobs) out.set(b.bytes, start + b.at);
  return out;
}

export type DecodedSnapshot = { ok: true; meta: SnapshotMeta; snapshot: SimSnapshot } | { ok: false; error: string };

/**
 * The inverse of encodeSnapshot; a clear error (never a throw) for bytes that are not one. The
 * typed arrays are views into `bytes`: restore from the result (which copies), do not run on it.
 */
export function decodeSnapshot(bytes: Uint8Array): DecodedSnapshot {
  if (bytes.byteLength < 8) return { ok: false, error: `a snapshot is at least 8 bytes, these are ${bytes.byteLength}` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) return { ok: false, error: 'these bytes are not a TwinLab snapshot (no "TLSW" at the start)' };
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.byteLength) return { ok: false, error: `the snapshot is cut short: its header needs ${headerLength} bytes, ${bytes.byteLength - 8} came` };
  const start = pad8(8 + headerLength);
  // Typed arrays view the data part where it lies (no copy: restoreSimulation copies what it keeps);
  // a body that does not start 8-byte aligned is copied once so a Float64Array can view it.
  const aligned = (bytes.byteOffset + start) % 8 === 0;
  const data = aligned ? bytes.buffer : bytes.slice(start).buffer;
  const base = aligned ? bytes.byteOffset + start : 0;
  const end = base + bytes.byteLength - start;
  const revive = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = revive(v[i]);
      return v;
    }
    const m = v as Marker;
    switch (m[TAG]) {
      case 'typed': {
        const Ctor = TYPED[m.t ?? ''];
        if (!Ctor) throw new Error(`unknown typed array ${m.t}`);
        const per = (Ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
        if (base + (m.o ?? 0) + (m.n ?? 0) * per > end) throw new Error(`a ${m.t} of ${m.n} runs past the end of the data`);
        return new Ctor(data as ArrayBuffer, base + (m.o ?? 0), m.n ?? 0);
      }
      case 'number':
        return m.v === '-0' ? -0 : Number(m.v);
      case 'undefined':
        return undefined;
      case 'map':
        return new Map((m.e as [unknown, unknown][]).map(([k, x]) => [revive(k), revive(x)]));
      case undefined:
        break;
      default:
        throw new Error(`unknown marker ${String(m[TAG])}`);
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = revive(o[k]);
    return o;
  };
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as { meta: SnapshotMeta; snapshot: unknown };
    return { ok: true, meta: parsed.meta, snapshot: revive(parsed.snapshot) as SimSnapshot };
  } catch (e) {
    return { ok: false, error: `the snapshot does not decode: ${e instanceof Error ? e.message : String(e)}` };
  }
}
