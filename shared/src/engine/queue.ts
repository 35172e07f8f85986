/**
 * The future event list: a binary min-heap over parallel typed arrays, ordered by
 * (time, priority, insertion sequence) as SimPy does, so equal times pop in a fixed order on
 * every host. Payload is one event type and one integer.
 */
export interface EventQueue {
  size: number;
  seq: number; // next insertion sequence number
  time: Float64Array;
  key: Float64Array; // priority * 2^40 + seq
  type: Uint8Array;
  arg: Int32Array;
}

const PRIORITY_SCALE = 2 ** 40;

export function createQueue(capacity = 1024): EventQueue {
  return { size: 0, seq: 0, time: new Float64Array(capacity), key: new Float64Array(capacity), type: new Uint8Array(capacity), arg: new Int32Array(capacity) };
}

function grow(q: EventQueue): void {
  const n = q.time.length * 2;
  const time = new Float64Array(n);
  time.set(q.time);
  const key = new Float64Array(n);
  key.set(q.key);
  const type = new Uint8Array(n);
  type.set(q.type);
  const arg = new Int32Array(n);
  arg.set(q.arg);
  q.time = time;
  q.key = key;
  q.type = type;
  q.arg = arg;
}

export function push(q: EventQueue, t: number, priority: number, type: number, arg: number): void {
  if (q.size === q.time.length) grow(q);
  const k = priority * PRIORITY_SCALE + q.seq++;
  const time = q.time;
  const key = q.key;
  let i = q.size++;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pt = time[p]!;
    if (pt < t || (pt === t && key[p]! < k)) break;
    time[i] = pt;
    key[i] = key[p]!;
    q.type[i] = q.type[p]!;
    q.arg[i] = q.arg[p]!;
    i = p;
  }
  time[i] = t;
  key[i] = k;
  q.type[i] = type;
  q.arg[i] = arg;
}

/** Remove the head; read q.time[0], q.type[0], q.arg[0] before calling. */
export function pop(q: EventQueue): void {
  const n = --q.size;
  if (n === 0) return;
  const time = q.time;
  const key = q.key;
  const type = q.type;
  const arg = q.arg;
  const t = time[n]!;
  const k = key[n]!;
  const ty = type[n]!;
  const a = arg[n]!;
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
    type[i] = type[c]!;
    arg[i] = arg[c]!;
    i = c;
  }
  time[i] = t;
  key[i] = k;
  type[i] = ty;
  arg[i] = a;
}
