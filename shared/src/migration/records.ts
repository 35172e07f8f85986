import type { Model } from '../engine/compile.ts';
import type { SimState } from '../engine/state.ts';

/**
 * Data migration into the new system: every account's cash and positions are converted, and a
 * configurable share of them come out dirty (a cash balance or a sellable position off). A
 * validation round finds a share of the dirty records still unfound; cleaning fixes those found;
 * reconciliation (dual-run) or the gate's criteria prove the result. Which accounts are dirty
 * and which a round finds are pure functions of the seed, so every host agrees.
 */

export interface MigratedRecord {
  account: number;
  kind: 'cash' | 'position';
  instrument: number; // -1 for cash
  delta: number; // fen or shares the migrated value is off by
  found: boolean;
  cleaned: boolean;
  /** Applied to the live books (sellable) while the new system is primary. */
  live: boolean;
}

export interface MigrationState {
  migrated: boolean;
  migratedAt: number;
  rounds: number;
  records: MigratedRecord[];
}

export const createMigration = (): MigrationState => ({ migrated: false, migratedAt: -1, rounds: 0, records: [] });

/** A 32-bit mix of three integers (murmur3 finaliser): deterministic everywhere, no state. */
export function mix(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(c + 0x165667b1, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO_POW_32 = 4294967296;

/** Convert every account; a dirtyShare of them get one wrong record. */
export function migrateAccounts(m: Model, s: SimState, mig: MigrationState, t: number): void {
  const spec = m.scenario.migration!;
  const seed = s.cut.seed;
  mig.migrated = true;
  mig.migratedAt = t;
  mig.records = [];
  for (let a = 0; a < m.accountCount; a++) {
    if (mix(seed, a, 1) / TWO_POW_32 >= spec.dirtyShare) continue;
    const r = mix(seed, a, 2);
    const kind = spec.kinds[r % spec.kinds.length]!;
    if (kind === 'cash') {
      const fen = 100 + (mix(seed, a, 3) % 500_000); // 1 to 5,000 yuan
      mig.records.push({ account: a, kind, instrument: -1, delta: mix(seed, a, 4) & 1 ? fen : -fen, found: false, cleaned: false, live: false });
    } else {
      const instrument = mix(seed, a, 3) % m.instrumentCount;
      const lots = 1 + (mix(seed, a, 4) % Math.max(1, m.openingShares / 100));
      // A converted sellable quantity is mostly too low (T+1 shares counted as today's), sometimes too high.
      const delta = mix(seed, a, 5) % 4 === 0 ? lots * 100 : -lots * 100;
      mig.records.push({ account: a, kind, instrument, delta, found: false, cleaned: false, live: false });
    }
  }
}

/** One validation round: finds ceil(detectShare × unfound) of the dirty records not yet found. */
export function validateRound(m: Model, s: SimState, mig: MigrationState): number {
  const share = m.scenario.migration!.detectShare;
  mig.rounds++;
  const unfound = mig.records.map((r, i) => ({ r, i })).filter((x) => !x.r.found && !x.r.cleaned);
  const n = Math.ceil(share * unfound.length);
  const round = mig.rounds;
  unfound.sort((x, y) => mix(s.cut.seed, x.i, 100 + round) - mix(s.cut.seed, y.i, 100 + round) || x.i - y.i);
  for (let k = 0; k < n; k++) unfound[k]!.r.found = true;
  return n;
}

export interface MigrationCounts {
  records: number;
  dirty: number; // not cleaned
  found: number; // found, not yet cleaned
  unfound: number;
  cleaned: number;
}

export function migrationCounts(mig: MigrationState): MigrationCounts {
  let dirty = 0;
  let found = 0;
  let cleaned = 0;
  for (const r of mig.records) {
    if (r.cleaned) cleaned++;
    else {
      dirty++;
      if (r.found) found++;
    }
  }
  return { records: mig.records.length, dirty, found, unfound: dirty - found, cleaned };
}
