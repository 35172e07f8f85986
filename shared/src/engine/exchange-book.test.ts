import { describe, expect, it } from 'vitest';
import { restIndex } from './exchange.ts';
import { createStreams, nextInt } from './rng.ts';

/** The reference: walk back from the end past every order at a strictly worse price. */
function linearIndex(prices: ArrayLike<number>, book: readonly number[], p: number, buy: boolean): number {
  let i = book.length;
  while (i > 0 && (buy ? prices[book[i - 1]!]! < p : prices[book[i - 1]!]! > p)) i--;
  return i;
}

describe('price-time book', () => {
  for (const buy of [true, false]) {
    it(`keeps the ${buy ? 'buy' : 'sell'} book in the order a linear scan gives, under random joins and cancels`, () => {
      const rng = createStreams(7, 1);
      const prices = new Int32Array(5_000);
      const fast: number[] = [];
      const slow: number[] = [];
      let next = 0;
      const taken: number[] = []; // the best-first fills the street would take, in order
      for (let step = 0; step < 4_000; step++) {
        const r = nextInt(rng, 0, 10);
        if (r < 6 || fast.length === 0) {
          const o = next++;
          prices[o] = 1_000 + nextInt(rng, 0, 12); // few levels: many orders share a price
          fast.splice(restIndex(prices, fast, prices[o]!, buy), 0, o);
          slow.splice(linearIndex(prices, slow, prices[o]!, buy), 0, o);
        } else if (r < 9) {
          const o = fast[nextInt(rng, 0, fast.length)]!; // a cancel anywhere in the book
          fast.splice(fast.indexOf(o), 1);
          slow.splice(slow.indexOf(o), 1);
        } else {
          taken.push(fast.shift()!);
          slow.shift();
        }
      }
      expect(fast).toEqual(slow);
      expect(taken.length).toBeGreaterThan(100);
      // Best first, and at one price the earlier order first.
      for (let i = 1; i < fast.length; i++) {
        const a = prices[fast[i - 1]!]!;
        const b = prices[fast[i]!]!;
        expect(buy ? a >= b : a <= b).toBe(true);
        if (a === b) expect(fast[i - 1]!).toBeLessThan(fast[i]!);
      }
    });
  }
});
