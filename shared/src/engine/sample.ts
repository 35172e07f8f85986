import type { ServiceTime } from '../scenario/topology.ts';
import { negLnUnit } from './neg-ln.ts';
import { nextInt, nextU32 } from './rng.ts';

/** A service-time distribution flattened to numbers, so sampling is a switch, not a closure. */
export interface Dist {
  kind: 0 | 1 | 2 | 3; // const, exp, uniform, erlang
  a: number; // const value | mean | min | mean of each phase
  b: number; // uniform max - min + 1
  k: number; // erlang phases
}

export function compileDist(d: ServiceTime): Dist {
  switch (d.dist) {
    case 'const':
      return { kind: 0, a: d.value, b: 0, k: 1 };
    case 'exp':
      return { kind: 1, a: d.mean, b: 0, k: 1 };
    case 'uniform':
      return { kind: 2, a: Math.min(d.min, d.max), b: Math.abs(d.max - d.min) + 1, k: 1 };
    case 'erlang':
      return { kind: 3, a: d.mean / d.k, b: 0, k: d.k };
  }
}

/** Exponential with the given mean, in whole microseconds (rounded to nearest: the mean is kept). */
export function sampleExp(s: Uint32Array, o: number, mean: number): number {
  return Math.round(negLnUnit(nextU32(s, o)) * mean);
}

export function sample(d: Dist, s: Uint32Array, o: number): number {
  switch (d.kind) {
    case 0:
      return d.a;
    case 1:
      return Math.round(negLnUnit(nextU32(s, o)) * d.a);
    case 2:
      return d.a + nextInt(s, o, d.b);
    case 3: {
      let x = 0;
      for (let i = 0; i < d.k; i++) x += negLnUnit(nextU32(s, o));
      return Math.round(x * d.a);
    }
  }
}

export function meanOf(d: Dist): number {
  return d.kind === 2 ? d.a + (d.b - 1) / 2 : d.kind === 3 ? d.a * d.k : d.a;
}
