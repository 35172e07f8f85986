import { describe, expect, it } from 'vitest';
import { cqPeek, cqPop, cqPush, createCalendarQueue } from './calendar-queue.ts';
import { createQueue, pop, push } from './queue.ts';
import { createStreams, nextU32 } from './rng.ts';

/** The calendar queue pops exactly what the heap pops, ties included, so either keeps the engine's hashes. */
describe('calendar queue', () => {
  it('pops the same (time, event) sequence as the heap: equal times by priority, then by insertion', () => {
    const heap = createQueue(8);
    const cal = createCalendarQueue(8);
    const rng = createStreams(3, 1);
    const popped: [number[], number[]] = [[], []];
    const both = (t: number, prio: number, type: number, arg: number) => {
      push(heap, t, prio, type, arg);
      cqPush(cal, t, prio, type, arg);
    };
    for (let i = 0; i < 300; i++) both(1_000 + (nextU32(rng, 0) % 50), nextU32(rng, 0) % 3, i % 16, i); // many equal times
    both(9_000_000_000, 0, 1, 999); // a far timer
    let n = 0;
    while (heap.size > 0) {
      popped[0].push(heap.time[0]!, heap.event[0]!);
      const t = heap.time[0]!;
      pop(heap);
      const e = cqPeek(cal);
      popped[1].push(cal.time[e]!, cal.event[e]!);
      cqPop(cal, e);
      // Keep the lists busy: successors at spreads that change over the run (the widths must follow).
      if (n++ < 20_000 && t < 9_000_000_000) both(t + (n < 10_000 ? nextU32(rng, 0) % 20 : nextU32(rng, 0) % 200_000), nextU32(rng, 0) % 2, 2, n % 1000);
    }
    expect(cqPeek(cal)).toBe(-1);
    expect(popped[1].length).toBe(popped[0].length);
    expect(popped[1]).toEqual(popped[0]);
  });
});
