/**
 * Deep copy and a canonical hash of plain data (numbers, strings, booleans, arrays, typed
 * arrays, plain objects with keys visited in sorted order). The engine's whole state is plain
 * data, so these two functions are its snapshot and its state hash.
 */

type TypedArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

function isTyped(v: unknown): v is TypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

export function deepClone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (isTyped(v)) return v.slice() as T;
  if (Array.isArray(v)) return v.map(deepClone) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v as object)) out[k] = deepClone((v as Record<string, unknown>)[k]);
  return out as T;
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
