/**
 * The future event list: a binary min-heap over parallel typed arrays, ordered by
 * (time, priority, insertion sequence) as SimPy does, so equal times pop in a fixed order on
 * every host. The payload is one word, arg << 4 | type: a sift moves three arrays instead of
 * four, which measured a third faster on the engine's small heap.
 */
export interface EventQueue {
  size: number;
  seq: number; // next insertion sequence number
  time: Float64Array;
  key: Float64Array; // priority * 2^40 + seq
  event: Int32Array; // arg << 4 | type
}

const PRIORITY_SCALE = 2 ** 40;
const TYPE_BITS = 4;
const TYPE_MASK = (1 << TYPE_BITS) - 1;
/** Event arguments are indices (messages, faults, commands) and epochs: 2^27 of each is plenty. */
export const MAX_EVENT_ARG = 2 ** (31 - TYPE_BITS) - 1;

export function createQueue(capacity = 1024): EventQueue {
  return { size: 0, seq: 0, time: new Float64Array(capacity), key: new Float64Array(capacity), event: new Int32Array(capacity) };
}

/** Type and argument of an event word (read q.event[0] for the head). */
export const eventType = (word: number): number => word & TYPE_MASK;
export const eventArg = (word: number): number => word >>> TYPE_BITS;

function grow(q: EventQueue): void {
  const n = q.time.length * 2;
  const time = new Float64Array(n);
  time.set(q.time);
  const key = new Float64Array(n);
  key.set(q.key);
  const event = new Int32Array(n);
  event.set(q.event);
  q.time = time;
  q.key = key;
  q.event = event;
}

export function push(q: EventQueue, t: number, priority: number, type: number, arg: number): void {
  if (arg > MAX_EVENT_ARG || arg < 0) throw new RangeError(`event argument ${arg} is outside 0..${MAX_EVENT_ARG}`);
  if (q.size === q.time.length) grow(q);
  const k = priority * PRIORITY_SCALE + q.seq++;
  const w = (arg << TYPE_BITS) | type;
  const time = q.time;
  const key = q.key;
  const event = q.event;
  let i = q.size++;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pt = time[p]!;
    if (pt < t || (pt === t && key[p]! < k)) break;
    time[i] = pt;
    key[i] = key[p]!;
    event[i] = event[p]!;
    i = p;
  }
  time[i] = t;
  key[i] = k;
  event[i] = w;
}

/** Remove the head; read q.time[0] and q.event[0] before calling. */
export function pop(q: EventQueue): void {
  const n = --q.size;
  if (n === 0) return;
  const time = q.time;
  const key = q.key;
  const event = q.event;
  const t = time[n]!;
  const k = key[n]!;
  const w = event[n]!;
  let i = 0;
  const half = n >> 1;
  while (i < half) {
    let c = 2 * i + 1;
    let ct = time[c]!;
    let ck = key[c]!;
    const r = c + 1;
    if (r < n) {
      const rt = time[r]!;
      const rk = key[r]!;
      if (rt < ct || (rt === ct && rk < ck)) {
        c = r;
        ct = rt;
        ck = rk;
      }
    }
    if (t < ct || (t === ct && k < ck)) break;
    time[i] = ct;
    key[i] = ck;
    event[i] = event[c]!;
    i = c;
  }
  time[i] = t;
  key[i] = k;
  event[i] = w;
}
