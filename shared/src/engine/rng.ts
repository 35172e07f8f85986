/**
 * Seeded sfc32 streams, four uint32 words each, kept in one Uint32Array so a snapshot copies
 * them with the rest of the state. Each entity (node, link, load, exchange) has its own stream,
 * so adding a node does not shift the draws of the others.
 */
export const WORDS_PER_STREAM = 4;
const TWO_POW_32 = 4294967296;

export function createStreams(seed: number, count: number): Uint32Array {
  const s = new Uint32Array(count * WORDS_PER_STREAM);
  for (let i = 0; i < count; i++) seedStream(s, i, seed, i);
  return s;
}

/** splitmix32 spreads (seed, stream index) over the four words; then warm up. */
export function seedStream(s: Uint32Array, index: number, seed: number, salt: number): void {
  let x = (seed ^ Math.imul(salt + 1, 0x9e3779b9)) >>> 0;
  const o = index * WORDS_PER_STREAM;
  for (let w = 0; w < WORDS_PER_STREAM; w++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    s[o + w] = (z ^ (z >>> 16)) >>> 0;
  }
  for (let i = 0; i < 12; i++) nextU32(s, o);
}

/** One sfc32 step on the stream at word offset o. */
export function nextU32(s: Uint32Array, o: number): number {
  const a = s[o]!;
  const b = s[o + 1]!;
  const c = s[o + 2]!;
  const d = s[o + 3]!;
  let t = (a + b) | 0;
  const d2 = (d + 1) | 0;
  t = (t + d2) | 0;
  s[o] = b ^ (b >>> 9);
  s[o + 1] = (c + (c << 3)) | 0;
  s[o + 2] = (((c << 21) | (c >>> 11)) + t) | 0;
  s[o + 3] = d2;
  return t >>> 0;
}

/** Uniform in the open interval (0, 1). */
export function nextOpen01(s: Uint32Array, o: number): number {
  return (nextU32(s, o) + 0.5) / TWO_POW_32;
}

/** Uniform integer in [0, n), n ≤ 2^32. */
export function nextInt(s: Uint32Array, o: number, n: number): number {
  return Math.floor((nextU32(s, o) / TWO_POW_32) * n);
}

/** A 32-bit hash of three integers (murmur3 finaliser over a mix): no state, same on every host. */
export function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x2545f491, 0x9e3779b1) ^ Math.imul((b + 0x7f4a7c15) | 0, 0x85ebca6b) ^ Math.imul((c + 0x165667b1) | 0, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
