import { cqPeek, cqPop, cqPush, createCalendarQueue } from '../src/engine/calendar-queue.ts';
import { negLnUnit } from '../src/engine/neg-ln.ts';
import { createQueue, pop, push } from '../src/engine/queue.ts';
import { createStreams, nextU32 } from '../src/engine/rng.ts';

/**
 * The event list (issue 15): the engine's binary heap (engine/queue.ts) against a calendar queue
 * made for integer-microsecond times (engine/calendar-queue.ts), on the hold model the engine
 * runs: pop the head, push its successor an exponential service time later (mean 500 µs, as the
 * hops of chain-5hop), a few far timers (phase changes, the street tick) sitting behind. Depths:
 * 24 pending (chain-5hop), 512 (a busy broker) and 8,192 (the real-size open). Both must pop the
 * same (time, event) sequence; the check hash says so.
 */

const EVENTS = Number(process.env.EVENT_LIST_EVENTS ?? 5_000_000);
const fmt = (x: number) =>
  Math.round(x)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const T0 = 34_200_000_000;

function delay(rng: Uint32Array, arg: number): number {
  return 1 + Math.round(negLnUnit(nextU32(rng, (arg & 7) * 4)) * 500);
}

function heapRun(pending: number, events: number) {
  const q = createQueue(64);
  const rng = createStreams(1, 8);
  for (let i = 0; i < pending; i++) push(q, T0 + i * 37, 2, 2, i);
  for (let i = 0; i < 4; i++) push(q, T0 + 3_600_000_000 + i, 1, 3, pending + i); // far timers
  let check = 0;
  const t0 = performance.now();
  for (let e = 0; e < events; e++) {
    const t = q.time[0]!;
    const w = q.event[0]!;
    pop(q);
    check = (Math.imul(check, 31) + (t % 1_000_003) + w) | 0;
    push(q, t + delay(rng, w >>> 4), 2, 2, w >>> 4);
  }
  return { wallMs: performance.now() - t0, check };
}

function calendarRun(pending: number, events: number) {
  const q = createCalendarQueue(64);
  const rng = createStreams(1, 8);
  for (let i = 0; i < pending; i++) cqPush(q, T0 + i * 37, 2, 2, i);
  for (let i = 0; i < 4; i++) cqPush(q, T0 + 3_600_000_000 + i, 1, 3, pending + i);
  let check = 0;
  const t0 = performance.now();
  for (let e = 0; e < events; e++) {
    const h = cqPeek(q);
    const t = q.time[h]!;
    const w = q.event[h]!;
    cqPop(q, h);
    check = (Math.imul(check, 31) + (t % 1_000_003) + w) | 0;
    cqPush(q, t + delay(rng, w >>> 4), 2, 2, w >>> 4);
  }
  return { wallMs: performance.now() - t0, check };
}

export interface EventListRow {
  pending: number;
  heapEps: number;
  calendarEps: number;
  same: boolean;
}

export function compareEventLists(events = EVENTS): EventListRow[] {
  heapRun(24, 200_000); // warm both
  calendarRun(24, 200_000);
  return [24, 512, 8192].map((pending) => {
    const h = heapRun(pending, events);
    const c = calendarRun(pending, events);
    return { pending, heapEps: events / (h.wallMs / 1000), calendarEps: events / (c.wallMs / 1000), same: h.check === c.check };
  });
}

export function printEventLists(rows: EventListRow[]): void {
  console.log('event list: binary heap (engine/queue.ts) vs calendar queue (engine/calendar-queue.ts), hold model');
  console.log('pending      heap events/s   calendar events/s   calendar/heap   same pop order');
  for (const r of rows)
    console.log(`${fmt(r.pending).padStart(7)} ${fmt(r.heapEps).padStart(18)} ${fmt(r.calendarEps).padStart(19)} ${(r.calendarEps / r.heapEps).toFixed(2).padStart(15)}   ${r.same ? 'yes' : 'NO'}`);
}

if (import.meta.url === `file://${process.argv[1]}`) printEventLists(compareEventLists());
