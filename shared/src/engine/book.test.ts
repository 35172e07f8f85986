import { describe, expect, it } from 'vitest';
import { readRepoFile } from '../../scripts/repo-files.mjs';
import { parseScenario } from '../scenario/parse.ts';
import { A_CASH, account, acctAt, acctIdAt, ACCT_WORDS, addAcct, createBook, DENSE_CELLS, findAccount, findPosition, P_ACCT, P_INS, position, POS_WORDS, readAccount, readPosition } from './book.ts';
import { deepClone } from './snapshot.ts';
import { compile } from './compile.ts';
import { heldInstrument, holdingCount, openingCash, openingShares } from './holdings.ts';
import { compileLinkIndex, linkBetween } from './links.ts';
import { createSimulation, restoreSimulation } from './simulation.ts';
import type { SimSnapshot } from './api.ts';
import type { SimState } from './state.ts';
import { broker, clock } from './test-scenario.ts';

/** Sparse client books (issue 15): accounts and positions exist once touched, read as their opening values before. */

const classed = () =>
  broker((s) => {
    s.accounts = {
      count: 200_000,
      skew: 0,
      classes: [
        { class: 'retail', count: 199_900, cash: { min: '5,000.00', max: '300,000.00' }, holdings: { min: 1, max: 4 }, lots: { min: 1, max: 30 } },
        { class: 'fund_product', count: 100, cash: { min: '1,000,000.00', max: '5,000,000.00' }, holdings: { min: 5, max: 8 }, lots: { min: 100, max: 500 } },
      ],
    };
  });

const stateOf = (sim: ReturnType<typeof createSimulation>) => (sim.snapshot().state as { state: SimState }).state;

describe('opening holdings: a function of seed, account and instrument', () => {
  const m = compile(classed());

  it('gives each class its own cash range and a handful of holdings, and nothing else', () => {
    for (const a of [0, 17, 199_899]) {
      const cash = openingCash(m.open, 7, a);
      expect(cash).toBeGreaterThanOrEqual(500_000);
      expect(cash).toBeLessThanOrEqual(30_000_000);
      expect(cash % 100).toBe(0); // whole yuan
      const n = holdingCount(m.open, 7, a);
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(4);
      const held = new Set(Array.from({ length: n }, (_, j) => heldInstrument(m.open, 7, a, j)));
      for (let i = 0; i < m.instrumentCount; i++) expect(openingShares(m.open, 7, a, i) > 0).toBe(held.has(i));
    }
    expect(openingCash(m.open, 7, 199_950)).toBeGreaterThanOrEqual(100_000_000); // a fund product
    expect(holdingCount(m.open, 7, 199_950)).toBeGreaterThanOrEqual(5);
  });

  it('changes with the seed and only with it', () => {
    const cash = (seed: number) => Array.from({ length: 50 }, (_, a) => openingCash(m.open, seed, a));
    expect(cash(7)).toEqual(cash(7));
    expect(cash(8)).not.toEqual(cash(7));
  });

  it('without classes, every account starts as the scenario says, in every instrument', () => {
    const plain = compile(broker());
    expect(openingCash(plain.open, 3, 123)).toBe(200_000_000);
    expect(openingShares(plain.open, 3, 123, 4)).toBe(20_000);
  });
});

describe('the sparse book', () => {
  it('finds the same slots through a direct table (small id space) as through the hash (large one), also after a restore', () => {
    const m = compile(classed());
    const I = m.instrumentCount;
    const small = createBook(3, 200_000, 100); // a direct account table, hashed positions (20 M cells)
    const large = createBook(3, DENSE_CELLS + 1, I); // beyond DENSE_CELLS: both tables hashed
    expect(200_000 * 100).toBeGreaterThan(DENSE_CELLS);
    const tiny = createBook(3, 1000, 20); // every table direct
    const touches = Array.from({ length: 3000 }, (_, k) => [(k * 7919) % 1000, (k * 31) % 20] as const);
    const slots = (b: ReturnType<typeof createBook>) => touches.map(([a, i]) => [account(m, b, a), position(m, b, a, i)]);
    const expected = slots(large);
    expect(slots(small)).toEqual(expected);
    expect(slots(tiny)).toEqual(expected);
    expect(tiny.positions).toBe(new Set(touches.map(([a, i]) => a * 20 + i)).size);
    expect(tiny.acct.length).toBe(1024 * ACCT_WORDS); // 1000 accounts: 256 slots doubled twice
    for (const b of [tiny, deepClone(tiny), deepClone(large)]) {
      for (let x = 0; x < b.positions; x++) expect(findPosition(b, b.pos[x * POS_WORDS + P_ACCT]!, b.pos[x * POS_WORDS + P_INS]!)).toBe(x);
      for (let x = 0; x < b.accounts; x++) expect(findAccount(b, acctIdAt(b, x))).toBe(x);
      expect(findAccount(b, 1001)).toBe(-1);
      expect(findPosition(b, 0, 19)).toBe(touches.some(([a, i]) => a === 0 && i === 19) ? expect.any(Number) : -1);
    }
  });

  it('an untouched account and position read the same before and after they are touched', () => {
    const sim = createSimulation(classed(), { seed: 5 });
    const m = compile(sim.scenario);
    const b = stateOf(sim).book;
    const a = 4321;
    const i = heldInstrument(m.open, 5, a, 0);
    const before = { acct: readAccount(m, b, a), pos: readPosition(m, b, a, i), other: readPosition(m, b, a, (i + 1) % m.instrumentCount) };
    expect(findAccount(b, a)).toBe(-1);
    expect(before.pos.qty).toBeGreaterThan(0);
    const x = account(m, b, a);
    const p = position(m, b, a, i);
    expect([x, p]).toEqual([0, 0]); // slots in order of first touch
    expect(readAccount(m, b, a)).toEqual(before.acct);
    expect(readPosition(m, b, a, i)).toEqual(before.pos);
    expect(readPosition(m, b, a, (i + 1) % m.instrumentCount)).toEqual(before.other);
    expect(sim.account(a).usable).toBe(before.acct.cash);
    expect([b.accounts, b.positions]).toEqual([1, 1]);
  });

  it('stores only what orders touched, and the audit finds no break in it', () => {
    const sim = createSimulation(classed(), { seed: 5 });
    sim.runUntil(clock('10:00'));
    const b = stateOf(sim).book;
    expect(b.accounts).toBeGreaterThan(100);
    expect(b.accounts).toBeLessThan(200_000);
    expect(b.positions).toBeLessThan(b.accounts * 3); // the accounts touched, in an instrument or two each
    for (let x = 0; x < b.positions; x++) expect(findPosition(b, b.pos[x * POS_WORDS + P_ACCT]!, b.pos[x * POS_WORDS + P_INS]!)).toBe(x);
    const audit = sim.audit();
    expect(audit.cashBreaks).toEqual([]);
    expect(audit.negativePositions).toBe(0);
    // Clients sell what they hold: a sell fails for want of a position only when it asks for more
    // lots than the holding has (picked blindly, nearly every sell would: about half of all orders).
    const rejects = sim.metrics().market.rejects;
    expect(rejects.insufficient_position).toBeLessThan(sim.metrics().orders.created / 8);
  });

  it('a snapshot of a sparse state restores to the same hash and runs on bit for bit, through structuredClone', () => {
    const sc = classed();
    const first = createSimulation(sc, { seed: 9 });
    first.runUntil(clock('09:45'));
    const snap = structuredClone(first.snapshot());
    const hashAtSnap = first.stateHash();
    first.runUntil(clock('10:30'));
    const restored = restoreSimulation(sc, snap);
    expect(restored.stateHash()).toBe(hashAtSnap);
    restored.runUntil(clock('10:30'));
    expect(restored.stateHash()).toBe(first.stateHash());
    expect(stateOf(restored).book.positions).toBe(stateOf(first).book.positions);
    const again = createSimulation(sc, { seed: 9 });
    again.runUntil(clock('10:30'));
    expect(again.stateHash()).toBe(first.stateHash());
  });

  it("an account's slot is in the hash, the restore and the audit; a snapshot of the old layout is refused", () => {
    const sc = classed();
    const sim = createSimulation(sc, { seed: 5 });
    sim.runUntil(clock('09:45'));
    const snap = sim.snapshot();
    const b = (snap.state as { state: SimState }).state.book;
    const a = acctIdAt(b, 0);
    expect(acctAt(b, 0, A_CASH)).toBe(sim.account(a).usable);
    addAcct(b, 0, A_CASH, -1); // a fen lost from one account's usable cash
    const bent = restoreSimulation(sc, snap);
    expect(bent.stateHash()).not.toBe(sim.stateHash());
    expect(bent.account(a).usable).toBe(sim.account(a).usable - 1);
    expect(bent.audit().cashBreaks).toEqual([a]);
    expect(sim.audit().cashBreaks).toEqual([]);
    const old = { ...snap, format: 'twinlab-sim/5' } as unknown as SimSnapshot;
    expect(() => restoreSimulation(sc, old)).toThrow('snapshot format twinlab-sim/5 is not twinlab-sim/6');
  });

  it('reading an untouched account leaves the state (and its hash) as it was', () => {
    const sim = createSimulation(classed(), { seed: 2 });
    const h = sim.stateHash();
    sim.account(777);
    expect(sim.stateHash()).toBe(h);
  });
});

describe('the real-size library scenario', () => {
  it('compiles 2 M accounts × the whole market without a position stored before any order', () => {
    const parsed = parseScenario(readRepoFile('scenarios/real-size-broker.yaml'), 'real-size-broker.yaml');
    if (!parsed.ok) throw new Error('real-size-broker.yaml does not load');
    expect(parsed.scenario.accounts.count).toBe(2_000_000);
    const sim = createSimulation(parsed.scenario);
    const m = compile(parsed.scenario);
    expect(m.instrumentCount).toBeGreaterThan(5000);
    const b = stateOf(sim).book;
    expect([b.accounts, b.positions]).toEqual([0, 0]);
    expect(b.pos.length / POS_WORDS).toBeLessThan(10_000); // not accounts × instruments (10 billion)
    sim.runUntil(clock('09:15:02'));
    const after = stateOf(sim).book;
    expect(after.positions).toBeGreaterThan(0);
    expect(after.pos.length / POS_WORDS).toBeLessThan(100_000);
  });
});

describe('links without a nodes × nodes table', () => {
  it('finds the link between two nodes either way, the later of two parallel ones, -1 for none', () => {
    const idx = compileLinkIndex(4, [
      [0, 1],
      [1, 2],
      [2, 1],
      [3, 0],
    ]);
    expect(linkBetween(idx, 0, 1)).toBe(0);
    expect(linkBetween(idx, 1, 0)).toBe(0);
    expect(linkBetween(idx, 1, 2)).toBe(2);
    expect(linkBetween(idx, 2, 1)).toBe(2);
    expect(linkBetween(idx, 0, 3)).toBe(3);
    expect(linkBetween(idx, 0, 2)).toBe(-1);
    expect(idx.linkAdjNode.length).toBe(8);
  });
});
