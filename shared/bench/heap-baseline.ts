import { negLnUnit } from '../src/engine/neg-ln.ts';
import { createQueue, eventArg, pop, push } from '../src/engine/queue.ts';
import { createStreams, nextU32 } from '../src/engine/rng.ts';

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

/**
 * The floor under any engine that keeps one event per hop: the engine's own event list at about
 * the engine's depth on the reference chain (18 events on average), popping one event and pushing
 * its successor after one exponential draw (a hop's service time or an arrival gap), with no
 * model at all. At the engine's events per order, this bounds what such an engine can reach here.
 */
export function drawFloor(events: number, pending = 24): { events: number; wallMs: number } {
  const q = createQueue(64);
  const rng = createStreams(1, 8);
  for (let i = 0; i < pending; i++) push(q, 34_200_000_000 + i * 37, 2, 2, i);
  const t0 = performance.now();
  for (let e = 0; e < events; e++) {
    const t = q.time[0]!;
    const arg = eventArg(q.event[0]!);
    pop(q);
    push(q, t + 1 + Math.round(negLnUnit(nextU32(rng, (arg & 7) * 4)) * 500), 2, 2, arg);
  }
  return { events, wallMs: performance.now() - t0 };
}
