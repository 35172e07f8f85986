/**
 * The floor any discrete-event engine stands on: a hand-written binary heap of (time, seq)
 * keys in typed arrays, popping one event and pushing its successor, with no model at all.
 * The engine's events/s divided by this loop's is the share of time left for the model.
 */
export function heapBaseline(events: number, pending: number): { events: number; wallMs: number } {
  const cap = pending + 1;
  const time = new Float64Array(cap);
  const seq = new Float64Array(cap);
  let size = 0;
  let nextSeq = 0;
  let x = 0x9e3779b9 >>> 0; // xorshift32: cheap, deterministic delays
  const rand = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const push = (t: number) => {
    const k = nextSeq++;
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (time[p]! < t || (time[p] === t && seq[p]! < k)) break;
      time[i] = time[p]!;
      seq[i] = seq[p]!;
      i = p;
    }
    time[i] = t;
    seq[i] = k;
  };
  const pop = () => {
    const n = --size;
    const t = time[n]!;
    const k = seq[n]!;
    let i = 0;
    while (2 * i + 1 < n) {
      let c = 2 * i + 1;
      if (c + 1 < n && (time[c + 1]! < time[c]! || (time[c + 1] === time[c] && seq[c + 1]! < seq[c]!))) c++;
      if (t < time[c]! || (t === time[c] && k < seq[c]!)) break;
      time[i] = time[c]!;
      seq[i] = seq[c]!;
      i = c;
    }
    time[i] = t;
    seq[i] = k;
  };
  for (let i = 0; i < pending; i++) push(rand() % 1000);
  const t0 = performance.now();
  let now = 0;
  for (let e = 0; e < events; e++) {
    now = time[0]!;
    pop();
    push(now + 1 + (rand() % 2000));
  }
  return { events, wallMs: performance.now() - t0 };
}
