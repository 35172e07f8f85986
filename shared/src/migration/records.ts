import type { Model } from '../engine/compile.ts';
import { classOf, heldInstrument, holdingCount } from '../engine/holdings.ts';
import type { SimState } from '../engine/state.ts';
import type { ConvertedField } from '../scenario/cutover.ts';

/**
 * Data migration into the new system: every account's cash and positions are converted, and a
 * configurable share of them come out dirty (a cash balance or a sellable position off). A
 * validation round finds a share of the dirty records still unfound; cleaning fixes those found;
 * reconciliation (dual-run) or the gate's criteria prove the result. Which accounts are dirty
 * and which a round finds are pure functions of the seed, so every host agrees.
 *
 * The traps of docs/domain.md E2 on top: a conversion rule that breaks every account of one class
 * (brokenClass), and per-account fields (fee template, trading permissions, bank link) that a
 * totals check never compares; only a full check (every account x security and every account's
 * fields against the legacy backup) finds those. A field record changes no balance or position.
 */

export interface MigratedRecord {
  account: number;
  kind: 'cash' | 'position' | ConvertedField;
  instrument: number; // -1 for cash and the fields
  /** Broken by the class rule (every account of brokenClass), not by chance. */
  byClass: boolean;
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
  fullChecks: number;
  records: MigratedRecord[];
}

export const createMigration = (): MigrationState => ({ migrated: false, migratedAt: -1, rounds: 0, fullChecks: 0, records: [] });

/** A record of a balance or a position (what a totals check compares), not of a field. */
export const isBookRecord = (r: MigratedRecord): r is MigratedRecord & { kind: 'cash' | 'position' } => r.kind === 'cash' || r.kind === 'position';

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

/** Convert every account; a dirtyShare of them get one wrong record, then the class rule and the skipped fields break theirs. */
export function migrateAccounts(m: Model, s: SimState, mig: MigrationState, t: number): void {
  const spec = m.scenario.migration!;
  const seed = s.cut.seed;
  mig.migrated = true;
  mig.migratedAt = t;
  mig.records = [];
  const cls = spec.brokenClass ? m.open.classNames.indexOf(spec.brokenClass.class) : -1;
  for (let a = 0; a < m.accountCount; a++) {
    if (cls >= 0 && classOf(m.open, a) === cls) mig.records.push(classRecord(m, seed, a, spec.brokenClass!.kind));
    else if (mix(seed, a, 1) / TWO_POW_32 < spec.dirtyShare) mig.records.push(chanceRecord(m, seed, a, spec.kinds[mix(seed, a, 2) % spec.kinds.length]!));
    spec.skipped.forEach((f, j) => {
      if (mix(seed, a, 20 + j) / TWO_POW_32 < f.share) mig.records.push({ account: a, kind: f.field, instrument: -1, delta: 0, byClass: false, found: false, cleaned: false, live: false });
    });
  }
}

function chanceRecord(m: Model, seed: number, a: number, kind: 'cash' | 'position'): MigratedRecord {
  const r = { account: a, kind, byClass: false, found: false, cleaned: false, live: false };
  if (kind === 'cash') {
    const fen = 100 + (mix(seed, a, 3) % 500_000); // 1 to 5,000 yuan
    return { ...r, instrument: -1, delta: mix(seed, a, 4) & 1 ? fen : -fen };
  }
  const instrument = mix(seed, a, 3) % m.instrumentCount;
  const lots = 1 + (mix(seed, a, 4) % Math.max(1, m.openingShares / 100));
  // A converted sellable quantity is mostly too low (T+1 shares counted as today's), sometimes too high.
  return { ...r, instrument, delta: mix(seed, a, 5) % 4 === 0 ? lots * 100 : -lots * 100 };
}

/** The class rule's break: one lot short on a security the account holds, or 1,000 yuan short in cash. */
function classRecord(m: Model, seed: number, a: number, kind: 'cash' | 'position'): MigratedRecord {
  const r = { account: a, kind, byClass: true, found: false, cleaned: false, live: false };
  if (kind === 'cash') return { ...r, instrument: -1, delta: -100_000 };
  const held = holdingCount(m.open, seed, a) > 0 ? heldInstrument(m.open, seed, a, 0) : mix(seed, a, 3) % m.instrumentCount;
  return { ...r, instrument: held, delta: -100 };
}

/**
 * A totals check (totals, and the accounts behind each difference in balances and positions)
 * finds every book record and skips the fields; a full check finds every record. Returns how many
 * it found.
 */
export function checkRecords(mig: MigrationState, scope: 'totals' | 'full'): number {
  mig.rounds++;
  if (scope === 'full') mig.fullChecks++;
  let n = 0;
  for (const r of mig.records) {
    if (r.found || r.cleaned || (scope === 'totals' && !isBookRecord(r))) continue;
    r.found = true;
    n++;
  }
  return n;
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
  skipped: number; // dirty records in fields a totals check skips
  classBroken: number; // dirty records the class rule broke
  fullChecks: number;
}

/** The found, uncleaned records by what is wrong, for the check's note: "position 200 (margin, every one), fee_template 19". */
export function foundByKind(mig: MigrationState): string {
  const by = new Map<string, number>();
  for (const r of mig.records) if (r.found && !r.cleaned) by.set(r.kind, (by.get(r.kind) ?? 0) + 1);
  return [...by].map(([k, n]) => `${k} ${n}`).join(', ');
}

export function migrationCounts(mig: MigrationState): MigrationCounts {
  let dirty = 0;
  let found = 0;
  let cleaned = 0;
  let skipped = 0;
  let classBroken = 0;
  for (const r of mig.records) {
    if (r.cleaned) cleaned++;
    else {
      dirty++;
      if (r.found) found++;
      if (!isBookRecord(r)) skipped++;
      if (r.byClass) classBroken++;
    }
  }
  return { records: mig.records.length, dirty, found, unfound: dirty - found, cleaned, skipped, classBroken, fullChecks: mig.fullChecks };
}
