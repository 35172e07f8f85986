import type { Model } from './compile.ts';
import { heldInstrument, holdingCount, openingCash, openingShares } from './holdings.ts';

/**
 * The counter's client books, stored sparsely: an account or a position exists in the state once
 * something touched it (an order, a fill, a transfer), created then from the opening model
 * (holdings.ts). Until then it reads as its opening values. Slots are numbered in order of first
 * touch, so the book is plain data: a snapshot copies it, the state hash and the audit walk exactly
 * the touched entries, in the same order on every host. Memory grows with what happens, not with
 * accounts × instruments. The lookup tables (account → slot, position → slot) are derived from the
 * slots and kept outside the state (a snapshot's deltas and hash stay free of them), rebuilt on
 * first use after a restore.
 */
export interface Book {
  seed: number;
  // The id spaces (accounts, instruments): they size the lookup tables, never the stored books.
  accountSpace: number;
  instrumentSpace: number;
  // Accounts (fen), interleaved: slot x holds acct[x*8 + A_ID | A_CASH | … | A_BANK_NET], 64 bytes,
  // so a fill touches one cache line (two at worst: JS cannot align the buffer) instead of six
  // arrays' worth. The opening cash is left out to fit: it is openingCash(seed, id), fixed once the
  // slot exists, so the audit recomputes it (openingOf) as it does for an untouched account.
  accounts: number; // touched so far
  acct: Float64Array;
  // Positions (shares), interleaved: slot x holds pos[x*4 + P_ACCT | P_INS | P_QTY | P_SELLABLE], so
  // an order's fill, freeze and slot check read one cache line instead of four arrays' worth.
  positions: number;
  pos: Int32Array;
}

/** Where a position's fields sit in its four words of `Book.pos`. */
export const P_ACCT = 0;
export const P_INS = 1;
export const P_QTY = 2; // total (a 2^31-share cap per position is plenty)
export const P_SELLABLE = 3; // T+1: today's buys are not
export const POS_WORDS = 4;

/** Where an account's fields sit in its eight words of `Book.acct`. */
export const A_ID = 0; // the account number (an int32, exact in a double)
export const A_CASH = 1; // usable
export const A_FROZEN = 2;
export const A_FEES = 3;
export const A_BOUGHT = 4;
export const A_SOLD = 5;
export const A_UNSETTLED = 6; // today's net sell proceeds: usable, not withdrawable (docs/domain.md E1)
export const A_BANK_NET = 7; // bank transfers in − out
export const ACCT_WORDS = 8;

const CAP0 = 256;

export function createBook(seed: number, accountSpace: number, instrumentSpace: number): Book {
  return {
    seed,
    accountSpace,
    instrumentSpace,
    accounts: 0,
    acct: new Float64Array(CAP0 * ACCT_WORDS),
    positions: 0,
    pos: new Int32Array(CAP0 * POS_WORDS),
  };
}

const acctHash = (a: number): number => Math.imul(a, 0x9e3779b1) >>> 0;
const posHash = (a: number, i: number): number => (Math.imul(a, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0;

/**
 * Where a slot lives. While the id space is small enough (DENSE_CELLS), a direct table indexed by
 * account (and account × instrument) answers in one read: the benchmark's 10,000 × 500 book takes
 * 20 MB. Beyond it, as at a real client's 2 M accounts × 5,000 instruments, an open-addressing hash
 * of the touched entries, whose size follows what happened. Both hold slot + 1, 0 for untouched.
 */
interface Index {
  book: Book;
  accounts: number; // slots the tables hold: a mismatch means the book was restored or patched
  positions: number;
  denseAcct: boolean;
  densePos: boolean;
  acct: Int32Array; // dense: by account; hashed: a power of two above twice the entries
  pos: Int32Array; // dense: by account × instrumentSpace + instrument
}

/** Cells of a direct table (4 bytes each) above which the hashed one is used: 32 MiB. */
export const DENSE_CELLS = 1 << 23;

const indexes = new WeakMap<Book, Index>();
let last: Index | null = null;

function tableFor(n: number): Int32Array {
  let size = 512;
  while (size < n * 2 + 2) size *= 2;
  return new Int32Array(size);
}

function insert(table: Int32Array, h: number, slot: number): void {
  const mask = table.length - 1;
  h &= mask;
  while (table[h] !== 0) h = (h + 1) & mask;
  table[h] = slot + 1;
}

function rebuildAccounts(x: Index, b: Book): void {
  if (x.denseAcct) {
    if (x.acct.length === 0) x.acct = new Int32Array(b.accountSpace);
    else x.acct.fill(0);
    for (let slot = 0; slot < b.accounts; slot++) x.acct[b.acct[slot * ACCT_WORDS + A_ID]!] = slot + 1;
  } else {
    x.acct = tableFor(b.accounts);
    for (let slot = 0; slot < b.accounts; slot++) insert(x.acct, acctHash(b.acct[slot * ACCT_WORDS + A_ID]!), slot);
  }
  x.accounts = b.accounts;
}

function rebuildPositions(x: Index, b: Book): void {
  if (x.densePos) {
    if (x.pos.length === 0) x.pos = new Int32Array(b.accountSpace * b.instrumentSpace);
    else x.pos.fill(0);
    const I = b.instrumentSpace;
    for (let slot = 0, w = 0; slot < b.positions; slot++, w += POS_WORDS) x.pos[b.pos[w + P_ACCT]! * I + b.pos[w + P_INS]!] = slot + 1;
  } else {
    x.pos = tableFor(b.positions);
    for (let slot = 0, w = 0; slot < b.positions; slot++, w += POS_WORDS) insert(x.pos, posHash(b.pos[w + P_ACCT]!, b.pos[w + P_INS]!), slot);
  }
  x.positions = b.positions;
}

function indexOf(b: Book): Index {
  let x = last !== null && last.book === b ? last : indexes.get(b);
  if (x === undefined) {
    const denseAcct = b.accountSpace <= DENSE_CELLS;
    const densePos = b.accountSpace * b.instrumentSpace <= DENSE_CELLS;
    x = { book: b, accounts: -1, positions: -1, denseAcct, densePos, acct: new Int32Array(0), pos: new Int32Array(0) };
    indexes.set(b, x);
  }
  if (x.accounts !== b.accounts) rebuildAccounts(x, b);
  if (x.positions !== b.positions) rebuildPositions(x, b);
  last = x;
  return x;
}

/** The account's slot, or -1 when nothing has touched it yet. */
export function findAccount(b: Book, a: number): number {
  const x = indexOf(b);
  const t = x.acct;
  if (x.denseAcct) return a >= 0 && a < t.length ? t[a]! - 1 : -1;
  const mask = t.length - 1;
  for (let h = acctHash(a) & mask; ; h = (h + 1) & mask) {
    const e = t[h]!;
    if (e === 0) return -1;
    if (b.acct[(e - 1) * ACCT_WORDS + A_ID] === a) return e - 1;
  }
}

/** The account's slot, created from its opening cash on first touch. */
export function account(m: Model, b: Book, a: number): number {
  const x = indexOf(b);
  const t = x.acct;
  let h = a;
  if (x.denseAcct) {
    if (!(a >= 0 && a < t.length)) throw new RangeError(`account ${a} is outside the scenario's ${b.accountSpace} accounts`);
    const e = t[a]!;
    if (e !== 0) return e - 1;
  } else {
    const mask = t.length - 1;
    for (h = acctHash(a) & mask; ; h = (h + 1) & mask) {
      const e = t[h]!;
      if (e === 0) break;
      if (b.acct[(e - 1) * ACCT_WORDS + A_ID] === a) return e - 1;
    }
  }
  const slot = b.accounts++;
  if (slot * ACCT_WORDS === b.acct.length) {
    const next = new Float64Array(b.acct.length * 2);
    next.set(b.acct);
    b.acct = next;
  }
  const w = slot * ACCT_WORDS;
  b.acct[w + A_ID] = a;
  b.acct[w + A_CASH] = openingCash(m.open, b.seed, a);
  if (!x.denseAcct && b.accounts * 2 > t.length) rebuildAccounts(x, b);
  else {
    t[h] = slot + 1;
    x.accounts = b.accounts;
  }
  return slot;
}

/** Slot x's account number; one of its fields (A_CASH, …); a change to one. */
export const acctIdAt = (b: Book, x: number): number => b.acct[x * ACCT_WORDS + A_ID]!;
export const acctAt = (b: Book, x: number, f: number): number => b.acct[x * ACCT_WORDS + f]!;
export function addAcct(b: Book, x: number, f: number, d: number): void {
  const w = x * ACCT_WORDS + f;
  b.acct[w] = b.acct[w]! + d;
}

/** Slot x's opening cash, for the audit's cash identity: a function of seed and account, like an untouched account's. */
export const openingOf = (m: Model, b: Book, x: number): number => openingCash(m.open, b.seed, acctIdAt(b, x));

/** Does slot x hold account a's position in instrument i? */
export function isPosition(b: Book, x: number, a: number, i: number): boolean {
  const w = x * POS_WORDS;
  return b.pos[w + P_ACCT] === a && b.pos[w + P_INS] === i;
}

/** Slot x's total shares and sellable shares; a change to either. */
export const qtyAt = (b: Book, x: number): number => b.pos[x * POS_WORDS + P_QTY]!;
export const sellableAt = (b: Book, x: number): number => b.pos[x * POS_WORDS + P_SELLABLE]!;
export function addQty(b: Book, x: number, d: number): void {
  const w = x * POS_WORDS + P_QTY;
  b.pos[w] = b.pos[w]! + d;
}
export function addSellable(b: Book, x: number, d: number): void {
  const w = x * POS_WORDS + P_SELLABLE;
  b.pos[w] = b.pos[w]! + d;
}

export function findPosition(b: Book, a: number, i: number): number {
  const x = indexOf(b);
  const t = x.pos;
  if (x.densePos) {
    const h = a * b.instrumentSpace + i;
    return a >= 0 && i >= 0 && i < b.instrumentSpace && h < t.length ? t[h]! - 1 : -1;
  }
  const mask = t.length - 1;
  for (let h = posHash(a, i) & mask; ; h = (h + 1) & mask) {
    const e = t[h]!;
    if (e === 0) return -1;
    if (isPosition(b, e - 1, a, i)) return e - 1;
  }
}

/** The position's slot, created from the opening holding on first touch. */
export function position(m: Model, b: Book, a: number, i: number): number {
  const x = indexOf(b);
  const t = x.pos;
  let h: number;
  if (x.densePos) {
    h = a * b.instrumentSpace + i;
    if (!(a >= 0 && i >= 0 && i < b.instrumentSpace && h < t.length)) throw new RangeError(`position (${a}, ${i}) is outside the scenario's accounts × instruments`);
    const e = t[h]!;
    if (e !== 0) return e - 1;
  } else {
    const mask = t.length - 1;
    for (h = posHash(a, i) & mask; ; h = (h + 1) & mask) {
      const e = t[h]!;
      if (e === 0) break;
      if (isPosition(b, e - 1, a, i)) return e - 1;
    }
  }
  const slot = b.positions++;
  if (slot * POS_WORDS === b.pos.length) {
    const next = new Int32Array(b.pos.length * 2);
    next.set(b.pos);
    b.pos = next;
  }
  const w = slot * POS_WORDS;
  const shares = openingShares(m.open, b.seed, a, i);
  b.pos[w + P_ACCT] = a;
  b.pos[w + P_INS] = i;
  b.pos[w + P_QTY] = shares;
  b.pos[w + P_SELLABLE] = shares;
  if (!x.densePos && b.positions * 2 > t.length) rebuildPositions(x, b);
  else {
    t[h] = slot + 1;
    x.positions = b.positions;
  }
  return slot;
}

/** One account's books as they read now, without touching it. */
export interface AccountView {
  cash: number;
  frozen: number;
  fees: number;
  bought: number;
  sold: number;
  unsettled: number;
  bankNet: number;
}

export function readAccount(m: Model, b: Book, a: number): AccountView {
  const x = findAccount(b, a);
  if (x < 0) return { cash: openingCash(m.open, b.seed, a), frozen: 0, fees: 0, bought: 0, sold: 0, unsettled: 0, bankNet: 0 };
  const w = x * ACCT_WORDS;
  const t = b.acct;
  return { cash: t[w + A_CASH]!, frozen: t[w + A_FROZEN]!, fees: t[w + A_FEES]!, bought: t[w + A_BOUGHT]!, sold: t[w + A_SOLD]!, unsettled: t[w + A_UNSETTLED]!, bankNet: t[w + A_BANK_NET]! };
}

/** Total and sellable shares as they read now, without touching the position. */
export function readPosition(m: Model, b: Book, a: number, i: number): { qty: number; sellable: number } {
  const x = findPosition(b, a, i);
  if (x < 0) {
    const shares = openingShares(m.open, b.seed, a, i);
    return { qty: shares, sellable: shares };
  }
  return { qty: qtyAt(b, x), sellable: sellableAt(b, x) };
}

/** Usable cash and frozen cash as they read now, without touching the account. */
export function cashOf(m: Model, b: Book, a: number): number {
  const x = findAccount(b, a);
  return x < 0 ? openingCash(m.open, b.seed, a) : acctAt(b, x, A_CASH);
}

export function frozenOf(b: Book, a: number): number {
  const x = findAccount(b, a);
  return x < 0 ? 0 : acctAt(b, x, A_FROZEN);
}

/**
 * Every account's opening position in every instrument, dense (account × instruments + instrument).
 * Only for the dual-run shadow, whose books the schema keeps under MAX_BOOK_CELLS.
 */
export function denseOpening(m: Model, seed: number): Int32Array {
  const I = m.instrumentCount;
  const om = m.open;
  const out = new Int32Array(m.accountCount * I);
  if (!om.classed) return out.fill(om.shares);
  for (let a = 0; a < m.accountCount; a++) {
    const n = holdingCount(om, seed, a);
    for (let j = 0; j < n; j++) {
      const i = heldInstrument(om, seed, a, j);
      out[a * I + i] = openingShares(om, seed, a, i);
    }
  }
  return out;
}

/** The counter's positions now, dense: the opening ones with every touched position laid over. */
export function densePositions(m: Model, b: Book): Int32Array {
  const out = denseOpening(m, b.seed);
  const I = m.instrumentCount;
  for (let w = 0; w < b.positions * POS_WORDS; w += POS_WORDS) out[b.pos[w + P_ACCT]! * I + b.pos[w + P_INS]!] = b.pos[w + P_QTY]!;
  return out;
}
