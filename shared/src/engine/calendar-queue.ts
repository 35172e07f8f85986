import { MAX_EVENT_ARG } from './queue.ts';

/**
 * A calendar queue (Brown 1988) for the engine's integer-microsecond times: a year of `buckets`
 * days, each `width` µs (a power of two), each day a list sorted by (time, priority, insertion
 * sequence) – the order queue.ts's heap pops in, so the two pop the same events in the same order.
 * It resizes as the list grows or shrinks, taking the day width from the spread of the events
 * near the head. Measured against the heap in bench/event-list.bench.ts; the engine keeps the
 * faster one.
 */
export interface CalendarQueue {
  size: number;
  seq: number;
  // Entries: a pool with a free list
  time: Float64Array;
  key: Float64Array; // priority * 2^40 + seq
  event: Int32Array; // arg << 4 | type
  next: Int32Array; // next entry in its day, -1 last
  free: number; // head of the free list, -1 none
  // The calendar
  head: Int32Array; // per day: first entry, -1 empty
  width: number;
  cur: number; // the day the last pop came from
  top: number; // end of the current day in the current year
  calm: number; // seq at the last resize: a resize for long walks waits until size more pushes
}

const PRIORITY_SCALE = 2 ** 40;
const TYPE_BITS = 4;

export function createCalendarQueue(capacity = 1024): CalendarQueue {
  const q: CalendarQueue = {
    size: 0,
    seq: 0,
    time: new Float64Array(capacity),
    key: new Float64Array(capacity),
    event: new Int32Array(capacity),
    next: new Int32Array(capacity),
    free: -1,
    head: new Int32Array(2).fill(-1),
    width: 1024,
    cur: 0,
    top: 1024,
    calm: 0,
  };
  for (let i = capacity - 1; i >= 0; i--) {
    q.next[i] = q.free;
    q.free = i;
  }
  return q;
}

function growPool(q: CalendarQueue): void {
  const old = q.time.length;
  const n = old * 2;
  const time = new Float64Array(n);
  time.set(q.time);
  const key = new Float64Array(n);
  key.set(q.key);
  const event = new Int32Array(n);
  event.set(q.event);
  const next = new Int32Array(n);
  next.set(q.next);
  q.time = time;
  q.key = key;
  q.event = event;
  q.next = next;
  for (let i = n - 1; i >= old; i--) {
    next[i] = q.free;
    q.free = i;
  }
}

const dayOf = (q: CalendarQueue, t: number): number => Math.floor(t / q.width) % q.head.length;

/** Steps the last insertion walked in its day: long walks mean the days are too wide. */
let walked = 0;

function link(q: CalendarQueue, e: number): void {
  const t = q.time[e]!;
  const k = q.key[e]!;
  const d = dayOf(q, t);
  let p = -1;
  let c = q.head[d]!;
  const time = q.time;
  const key = q.key;
  let steps = 0;
  while (c >= 0 && (time[c]! < t || (time[c] === t && key[c]! < k))) {
    p = c;
    c = q.next[c]!;
    steps++;
  }
  walked = steps;
  q.next[e] = c;
  if (p < 0) q.head[d] = e;
  else q.next[p] = e;
}

export function cqPush(q: CalendarQueue, t: number, priority: number, type: number, arg: number): void {
  if (arg > MAX_EVENT_ARG || arg < 0) throw new RangeError(`event argument ${arg} is outside 0..${MAX_EVENT_ARG}`);
  if (q.free < 0) growPool(q);
  const e = q.free;
  q.free = q.next[e]!;
  q.time[e] = t;
  q.key[e] = priority * PRIORITY_SCALE + q.seq++;
  q.event[e] = (arg << TYPE_BITS) | type;
  if (q.size === 0 || t < q.top - q.width) {
    // Earlier than the current day: the calendar restarts there.
    q.cur = dayOf(q, t);
    q.top = (Math.floor(t / q.width) + 1) * q.width;
  }
  link(q, e);
  if (++q.size > 2 * q.head.length) resize(q, q.head.length * 2);
  else if (walked > 24 && q.seq - q.calm > q.size) resize(q, q.head.length); // the spread changed under a steady size: new widths
}

/** The entry that pops next (read q.time[e], q.event[e]), -1 when empty; moves the calendar to its day. */
export function cqPeek(q: CalendarQueue): number {
  if (q.size === 0) return -1;
  const days = q.head.length;
  const time = q.time;
  for (let n = 0; n < days; n++) {
    const e = q.head[q.cur]!;
    if (e >= 0 && time[e]! < q.top) {
      if (n > 64 && q.size > 64 && q.seq - q.calm > q.size) {
        resize(q, days); // many empty days before this one: the days are too narrow
        return cqPeek(q);
      }
      return e;
    }
    q.cur = q.cur + 1 === days ? 0 : q.cur + 1;
    q.top += q.width;
  }
  // A whole year without an event: jump to the earliest one.
  let best = -1;
  for (let d = 0; d < days; d++) {
    const e = q.head[d]!;
    if (e >= 0 && (best < 0 || time[e]! < time[best]! || (time[e] === time[best] && q.key[e]! < q.key[best]!))) best = e;
  }
  q.cur = dayOf(q, time[best]!);
  q.top = (Math.floor(time[best]! / q.width) + 1) * q.width;
  return best;
}

/** Remove the head entry found by cqPeek. */
export function cqPop(q: CalendarQueue, e: number): void {
  q.head[q.cur] = q.next[e]!;
  q.next[e] = q.free;
  q.free = e;
  if (--q.size < q.head.length / 2 && q.head.length > 2) resize(q, q.head.length / 2);
}

/** Re-file every entry into `days` days about three times as wide as the mean gap between the earliest events (Brown's sample: far-future timers must not widen the days). */
function resize(q: CalendarQueue, days: number): void {
  const entries: number[] = [];
  for (let d = 0; d < q.head.length; d++) for (let e = q.head[d]!; e >= 0; e = q.next[e]!) entries.push(e);
  const times = Float64Array.from(entries, (e) => q.time[e]!).sort();
  const n = Math.min(times.length, 32);
  const gap = n > 1 ? (times[n - 1]! - times[0]!) / (n - 1) : 1;
  let width = 1;
  while (width < 3 * gap && width < 2 ** 30) width *= 2;
  q.width = width;
  q.calm = q.seq;
  q.head = new Int32Array(days).fill(-1);
  for (const e of entries) link(q, e);
  if (times.length > 0) {
    q.cur = dayOf(q, times[0]!);
    q.top = (Math.floor(times[0]! / width) + 1) * width;
  }
}
