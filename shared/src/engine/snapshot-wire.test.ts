import { describe, expect, it } from 'vitest';
import { broker, clock } from './test-scenario.ts';
import { createSimulation, restoreSimulation } from './simulation.ts';
import { decodeSnapshot, encodeSnapshot } from './snapshot-wire.ts';
import { hashValue } from './snapshot.ts';
import type { SimSnapshot } from './api.ts';

const meta = { time: 0, applied: 0, lastSeq: -1, stateHash: '' };

describe('a snapshot as bytes', () => {
  it('a mid-day snapshot sent as bytes restores to the same hash and runs on bit for bit', () => {
    const sc = broker();
    const sim = createSimulation(sc, { seed: 7 });
    sim.runUntil(clock('10:00'));
    const bytes = encodeSnapshot(sim.snapshot(), { ...meta, time: sim.now, stateHash: sim.stateHash() });
    // As a response body arrives: a view into a larger buffer, at an odd offset.
    const inBody = new Uint8Array(bytes.byteLength + 3);
    inBody.set(bytes, 3);
    const decoded = decodeSnapshot(inBody.subarray(3));
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.meta).toEqual({ ...meta, time: clock('10:00'), stateHash: sim.stateHash() });
    const restored = restoreSimulation(sc, decoded.snapshot);
    expect(restored.stateHash()).toBe(sim.stateHash());
    sim.runUntil(clock('10:30'));
    restored.runUntil(clock('10:30'));
    expect(restored.stateHash()).toBe(sim.stateHash());
  });

  it('keeps what JSON would lose: NaN, ±Infinity, -0, undefined, Maps and typed arrays', () => {
    const state = { a: [NaN, Infinity, -Infinity, -0, 1.5, undefined], u: undefined, m: new Map([['k', new Int16Array([-3, 4])]]), t: new Float64Array([0.1, -0]), e: new Uint8Array(0) };
    const snap = { format: 'twinlab-sim/6', scenarioHash: 'x', state } as SimSnapshot;
    const decoded = decodeSnapshot(encodeSnapshot(snap, meta));
    if (!decoded.ok) throw new Error(decoded.error);
    const back = decoded.snapshot.state as typeof state;
    expect(Object.is(back.a[3], -0)).toBe(true);
    expect('u' in back).toBe(true);
    expect(back.m.get('k')).toEqual(new Int16Array([-3, 4]));
    expect(hashValue({ ...back, m: [...back.m] })).toBe(hashValue({ ...state, m: [...state.m] }));
  });

  it('says what is wrong with bytes that are not a snapshot', () => {
    expect(decodeSnapshot(new Uint8Array(4))).toEqual({ ok: false, error: 'a snapshot is at least 8 bytes, these are 4' });
    expect(decodeSnapshot(new TextEncoder().encode('{"error":"nope"}'))).toMatchObject({ ok: false, error: expect.stringMatching(/not a TwinLab snapshot/) });
    const bytes = encodeSnapshot({ format: 'twinlab-sim/6', scenarioHash: 'x', state: { t: new Float64Array(100) } }, meta);
    expect(decodeSnapshot(bytes.subarray(0, 20))).toMatchObject({ ok: false, error: expect.stringMatching(/cut short/) });
    expect(decodeSnapshot(bytes.subarray(0, bytes.byteLength - 8))).toMatchObject({ ok: false, error: expect.stringMatching(/runs past the end/) });
  });
});
