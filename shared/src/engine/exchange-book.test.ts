import { describe, expect, it } from 'vitest';
import { pairOf, restIndex } from './exchange.ts';
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
      const fast: number[] = []; // the engine's book: (order, price) pairs
      const slow: number[] = [];
      const orders = () => fast.filter((_, k) => k % 2 === 0);
      let next = 0;
      const taken: number[] = []; // the best-first fills the street would take, in order
      for (let step = 0; step < 4_000; step++) {
        const r = nextInt(rng, 0, 10);
        if (r < 6 || fast.length === 0) {
          const o = next++;
          prices[o] = 1_000 + nextInt(rng, 0, 12); // few levels: many orders share a price
          fast.splice(2 * restIndex(fast, prices[o]!, buy), 0, o, prices[o]!);
          slow.splice(linearIndex(prices, slow, prices[o]!, buy), 0, o);
        } else if (r < 9) {
          const o = slow[nextInt(rng, 0, slow.length)]!; // a cancel anywhere in the book, found by its price
          const k = pairOf(fast, o, prices[o]!, buy);
          expect(k).toBe(slow.indexOf(o));
          fast.splice(2 * k, 2);
          slow.splice(slow.indexOf(o), 1);
        } else {
          taken.push(fast.splice(0, 2)[0]!);
          slow.shift();
        }
      }
      expect(pairOf(fast, next, 1_000, buy)).toBe(-1); // never joined
      expect(orders()).toEqual(slow);
      for (let k = 0; k < fast.length; k += 2) expect(fast[k + 1]).toBe(prices[fast[k]!]); // each price beside its order
      expect(taken.length).toBeGreaterThan(100);
      // Best first, and at one price the earlier order first.
      const book = orders();
      for (let i = 1; i < book.length; i++) {
        const a = prices[book[i - 1]!]!;
        const b = prices[book[i]!]!;
        expect(buy ? a >= b : a <= b).toBe(true);
        if (a === b) expect(book[i - 1]!).toBeLessThan(book[i]!);
      }
    });
  }
});
