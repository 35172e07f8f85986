/**
 * Deep copy and a canonical hash of plain data (numbers, strings, booleans, arrays, typed
 * arrays, plain objects with keys visited in sorted order). The engine's whole state is plain
 * data, so these two functions are its snapshot and its state hash; packClone is the copy a
 * participant keeps in memory.
 */

type TypedArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

function isTyped(v: unknown): v is TypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** A fresh copy of v's arrays and objects, each typed array replaced by leaf(it), each packed one by packed(it) when given. */
function cloneWith<T>(v: T, leaf: (a: TypedArray) => unknown, packed?: (p: PackedArray) => unknown): T {
  if (v === null || typeof v !== 'object') return v;
  if (isTyped(v)) return leaf(v) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => cloneWith(x, leaf, packed)) as T;
  if (packed !== undefined && isPacked(v)) return packed(v) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v as object)) out[k] = cloneWith((v as Record<string, unknown>)[k], leaf, packed);
  return out as T;
}

/** The sum of size(a) over v's typed arrays. */
function sumArrays(v: unknown, size: (a: TypedArray) => number): number {
  if (v === null || typeof v !== 'object') return 0;
  if (isTyped(v)) return size(v);
  let n = 0;
  if (Array.isArray(v)) for (const x of v) n += typeof x === 'object' ? sumArrays(x, size) : 0;
  else for (const k of Object.keys(v as object)) n += sumArrays((v as Record<string, unknown>)[k], size);
  return n;
}

const copy = (a: TypedArray) => a.slice();

export function deepClone<T>(v: T): T {
  return cloneWith(v, copy);
}

/**
 * A typed array kept as its non-zero 4 KiB pages, for snapshots a participant holds in memory: at
 * a real client's open the order and message pools grow to a million slots that are nearly all
 * free (and zeroed) an hour later. The pages are compared as bytes, so -0 and NaN payloads survive.
 */
export interface PackedArray {
  readonly packed: 'zero-pages';
  readonly type: string;
  readonly length: number;
  readonly pages: Int32Array; // indices of the pages kept, ascending
  readonly data: TypedArray; // those pages, end to end (the last one may be short)
}

const PAGE_BYTES = 4096;
/** Smaller arrays are copied whole: their pages would not pay for the bookkeeping. */
const PACK_MIN_BYTES = 16 * PAGE_BYTES;
const TYPED_CTORS: Record<string, new (n: number) => TypedArray> = { Float64Array, Float32Array, Int32Array, Int16Array, Int8Array, Uint32Array, Uint16Array, Uint8Array };

function isPacked(v: unknown): v is PackedArray {
  return (v as PackedArray).packed === 'zero-pages';
}

const packable = (v: TypedArray) => v.byteLength >= PACK_MIN_BYTES && TYPED_CTORS[v.constructor.name] !== undefined && v.byteOffset % 4 === 0 && v.byteLength % 4 === 0;

/** The pages of v that hold a non-zero byte. */
function nonZeroPages(v: TypedArray): number[] {
  const words = new Uint32Array(v.buffer, v.byteOffset, v.byteLength / 4);
  const kept: number[] = [];
  for (let p = 0, w = 0; w < words.length; p++, w += PAGE_BYTES / 4) {
    const end = Math.min(words.length, w + PAGE_BYTES / 4);
    let k = w;
    while (k < end && words[k] === 0) k++;
    if (k < end) kept.push(p);
  }
  return kept;
}

/** Elements of page p of an array of `length` elements, `perPage` to a page (the last page may be short). */
const pageLength = (p: number, perPage: number, length: number) => Math.min(length, (p + 1) * perPage) - p * perPage;

function pack(v: TypedArray): PackedArray | TypedArray {
  if (!packable(v)) return v.slice();
  const perPage = PAGE_BYTES / v.BYTES_PER_ELEMENT;
  const kept = nonZeroPages(v);
  let n = 0;
  for (const p of kept) n += pageLength(p, perPage, v.length);
  const data = new TYPED_CTORS[v.constructor.name]!(n);
  let at = 0;
  for (const p of kept) {
    const page = v.subarray(p * perPage, p * perPage + pageLength(p, perPage, v.length));
    data.set(page, at);
    at += page.length;
  }
  return { packed: 'zero-pages', type: v.constructor.name, length: v.length, pages: Int32Array.from(kept), data };
}

function unpack(v: PackedArray): TypedArray {
  const out = new TYPED_CTORS[v.type]!(v.length);
  const perPage = PAGE_BYTES / out.BYTES_PER_ELEMENT;
  let at = 0;
  for (const p of v.pages) {
    const n = pageLength(p, perPage, v.length);
    out.set(v.data.subarray(at, at + n), p * perPage);
    at += n;
  }
  return out;
}

/** deepClone with large typed arrays kept as their non-zero pages (unpackClone gives the original back, byte for byte). */
export function packClone<T>(v: T): T {
  return cloneWith(v, pack);
}

/** deepClone that also expands what packClone packed. */
export function unpackClone<T>(v: T): T {
  return cloneWith(v, copy, unpack);
}

/** Bytes of typed-array storage packClone(v) would make, without making it. */
export function packedBytes(v: unknown): number {
  return sumArrays(v, (a) => (packable(a) ? Math.min(a.byteLength, nonZeroPages(a).length * PAGE_BYTES) : a.byteLength));
}

/** Bytes of typed-array storage in a value (what a kept snapshot costs). */
export function storedBytes(v: unknown): number {
  return sumArrays(v, (a) => a.byteLength);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Two independent 32-bit lanes (FNV-1a style and a murmur3-style mix) → 64-bit hex. */
export class Hasher {
  private a = 0x811c9dc5 | 0;
  private b = 0x9747b28c | 0;

  word(w: number): void {
    this.a = Math.imul(this.a ^ w, 0x01000193);
    let k = Math.imul(w, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    this.b ^= Math.imul(k, 0x1b873593);
    this.b = (this.b << 13) | (this.b >>> 19);
    this.b = (Math.imul(this.b, 5) + 0xe6546b64) | 0;
  }

  number(x: number): void {
    f64[0] = x;
    this.word(u32[0]!);
    this.word(u32[1]!);
  }

  string(str: string): void {
    this.word(str.length);
    for (let i = 0; i < str.length; i++) this.word(str.charCodeAt(i));
  }

  value(v: unknown): void {
    if (v === null || v === undefined) return this.word(v === null ? 0x6e756c6c : 0x756e6466);
    switch (typeof v) {
      case 'number':
        this.word(1);
        return this.number(v);
      case 'string':
        this.word(2);
        return this.string(v);
      case 'boolean':
        return this.word(v ? 0x74727565 : 0x66616c73);
      case 'object':
        break;
      default:
        throw new Error(`cannot hash a ${typeof v}`);
    }
    if (isTyped(v)) {
      this.word(3);
      this.string(v.constructor.name);
      this.word(v.length);
      // Hash the bytes as 32-bit words, padding a tail of fewer than four bytes.
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      const whole = bytes.length >> 2;
      const words = v.byteOffset % 4 === 0 ? new Uint32Array(v.buffer, v.byteOffset, whole) : new Uint32Array(bytes.slice(0, whole * 4).buffer);
      for (let i = 0; i < whole; i++) this.word(words[i]!);
      for (let i = whole * 4; i < bytes.length; i++) this.word(bytes[i]!);
      return;
    }
    if (Array.isArray(v)) {
      this.word(4);
      this.word(v.length);
      for (const x of v) this.value(x);
      return;
    }
    this.word(5);
    const keys = Object.keys(v as object).sort();
    this.word(keys.length);
    for (const k of keys) {
      this.string(k);
      this.value((v as Record<string, unknown>)[k]);
    }
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}

export function hashValue(v: unknown): string {
  const h = new Hasher();
  h.value(v);
  return h.hex();
}
