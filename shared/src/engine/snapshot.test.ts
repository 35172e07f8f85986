import { describe, expect, it } from 'vitest';
import { broker, clock } from './test-scenario.ts';
import { createSimulation, restoreSimulation } from './simulation.ts';
import { hashValue, packClone, storedBytes, unpackClone } from './snapshot.ts';

/** Compact snapshots (issue 15): what a participant's worker keeps, without the pools' free rows. */
describe('compact snapshots', () => {
  it('keep only the non-zero pages and give every byte back, -0, NaN and a short last page included', () => {
    const f = new Float64Array(100_003); // 196 pages of 512, the last one short
    f[3] = -0;
    f[70_000] = Number.NaN;
    f[100_002] = 1.5;
    const i = new Int32Array(50_000);
    i[49_999] = -1;
    const small = new Uint8Array(10).fill(7); // below the packing size: copied whole
    const state = { f, list: [i, { small }], n: 3, s: 'x' };
    const packed = packClone(state);
    expect(storedBytes(packed)).toBeLessThan(4 * 4096 + 4 * 4096 + 10 + 64); // three pages of f, one of i, the small array, the page lists
    const back = unpackClone(packed);
    expect(hashValue(back)).toBe(hashValue(state));
    expect(Object.is(back.f[3], -0)).toBe(true);
    expect(back.list[0]).toBeInstanceOf(Int32Array);
    packed.list.length = 0; // the copy shares nothing with the original
    expect(state.list.length).toBe(2);
  });

  it('restore to the state hash of the run they were taken from, and the run goes on bit for bit', () => {
    const sc = broker();
    const straight = createSimulation(sc, { seed: 9 });
    straight.runUntil(clock('10:00'));
    const first = createSimulation(sc, { seed: 9 });
    first.runUntil(clock('09:31'));
    const full = first.snapshot();
    const compact = structuredClone(first.compactSnapshot());
    // The opening's orders are done by 09:31 and their pool rows zeroed: the compact one leaves them out.
    expect(storedBytes(compact.state)).toBeLessThan(storedBytes(full.state) / 2);
    const restored = restoreSimulation(sc, compact);
    expect(restored.stateHash()).toBe(first.stateHash());
    restored.runUntil(clock('10:00'));
    expect(restored.stateHash()).toBe(straight.stateHash());
  });
});
