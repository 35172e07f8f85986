import type { Model } from './compile.ts';
import type { Command } from '../scenario/command.ts';
import { US_PER_DAY, formatClock } from '../scenario/units.ts';
import { dayOf, tradingAt } from './days.ts';
import { push } from './queue.ts';
import { postSettlement } from './clearing.ts';
import { EV, PRIO, type SimState } from './state.ts';
import { A_UNSETTLED, ACCT_WORDS, P_QTY, P_SELLABLE, POS_WORDS } from './book.ts';

/**
 * The night between trading days (scenario/night.ts, docs/domain.md C5 and drill 7). Each trading day of
 * the window has one night: from clearingFrom the batch posts the CSDC settlement files of that
 * night in order, each file a checkpoint; a file that has not arrived holds it, one that fails its
 * control totals stops it until an operator reruns it (rerun_clearing). After the last file it
 * initialises the next day: today's buys become sellable (T+1) and sell proceeds withdrawable.
 * Until then the counter refuses orders, so a late file delays the next open.
 */

/** A line on the cutover timeline (engine/cutover.ts note; inlined so the two modules do not import each other). */
const note = (s: SimState, at: number, kind: 'file' | 'input' | 'refused', actor: string, text: string) => void s.cut.timeline.push({ at, kind, actor, text });

export const STAGES = ['day', 'waiting', 'posting', 'stopped', 'initialising', 'ready'] as const;
const STAGE = { DAY: 0, WAITING: 1, POSTING: 2, STOPPED: 3, INIT: 4, READY: 5 } as const;

export interface NightState {
  day: number; // the trading day this night follows
  stage: number; // STAGES index
  next: number; // checkpoint: index into files of the next one to post
  files: number[]; // indices into scenario.files, in posting order
  entries: number[]; // per files entry: its index in night.settlement
  posts: number[]; // per files entry: times posted (more than 1 is a double posting)
  busyUntil: number; // when the current posting or initialisation ends, -1 none
  clearedAt: number; // when the next day was initialised, -1 not yet
}

/** The night's own state, one per trading day of the window; absent (and unhashed) without a night section. */
export interface NightsState {
  nights: NightState[];
  refused: number; // orders the counter refused because the day was not initialised
  credited?: Float64Array; // per account: dividends the clearing paid (fen), for the audit's cash identity; only with dividend records
}

/** The nights of a scenario: files go to the last trading day that closes before they arrive. */
export function createNights(m: Model): NightsState | undefined {
  const night = m.scenario.night;
  if (!night) return undefined;
  const days = [...m.days.trading.keys()].filter((d) => m.days.trading[d] === 1);
  const close = m.sessions.length > 0 ? m.sessions[m.sessions.length - 1]!.end : 0;
  const nights: NightState[] = days.map((day) => ({ day, stage: STAGE.DAY, next: 0, files: [], entries: [], posts: [], busyUntil: -1, clearedAt: -1 }));
  night.settlement.forEach((x, e) => {
    const f = m.scenario.files.findIndex((y) => y.id === x.file);
    const arrives = m.scenario.files[f]!.arrives;
    let k = 0;
    nights.forEach((n, j) => n.day * US_PER_DAY + close <= arrives && (k = j));
    const owner = nights[k];
    if (owner) {
      owner.files.push(f);
      owner.entries.push(e);
      owner.posts.push(0);
    }
  });
  const dividends = night.settlement.some((x) => (x.dividends?.length ?? 0) > 0);
  return { nights, refused: 0, ...(dividends ? { credited: new Float64Array(m.accountCount) } : {}) };
}

export function scheduleNights(m: Model, s: SimState): void {
  const n = s.night;
  if (!n) return;
  n.nights.forEach((x, k) => push(s.q, Math.max(m.windowStart, x.day * US_PER_DAY + m.scenario.night!.clearingFrom), PRIO.SCHEDULE, EV.NIGHT, k));
}

/** EV.NIGHT: the batch of night k starts, or its current posting or initialisation ends. */
export function onNight(m: Model, s: SimState, k: number, t: number): void {
  const x = s.night!.nights[k]!;
  if (x.stage === STAGE.DAY) x.stage = STAGE.WAITING;
  else if (x.busyUntil !== t)
    return; // a stale wake-up: a rerun moved the batch on since
  else if (x.stage === STAGE.POSTING) {
    x.posts[x.next]!++;
    const f = m.scenario.files[x.files[x.next]!]!;
    note(s, t, 'file', 'batch', `${f.title ?? f.id} posted${x.posts[x.next]! > 1 ? ` again (posted ${x.posts[x.next]} times: double posting)` : ''}`);
    postSettlement(m, s, x.entries[x.next]!, k, t);
    x.next++;
    x.stage = STAGE.WAITING;
  } else if (x.stage === STAGE.INIT) return initialised(m, s, x, t);
  advance(m, s, k, t);
}

/** A file arrived: a night waiting for it goes on. */
export function onNightFile(m: Model, s: SimState, t: number): void {
  s.night?.nights.forEach((x, k) => x.stage === STAGE.WAITING && advance(m, s, k, t));
}

function advance(m: Model, s: SimState, k: number, t: number): void {
  const x = s.night!.nights[k]!;
  const night = m.scenario.night!;
  if (x.next >= x.files.length) {
    x.stage = STAGE.INIT;
    x.busyUntil = t + night.initialisation;
    push(s.q, x.busyUntil, PRIO.SCHEDULE, EV.NIGHT, k);
    return;
  }
  const i = x.files[x.next]!;
  const f = s.cut.files[i]!;
  if (f.arrivedAt < 0) return; // waits for the file
  if (!f.valid) {
    x.stage = STAGE.STOPPED;
    x.busyUntil = -1;
    note(s, t, 'file', 'batch', `clearing stops at its checkpoint (${x.next} of ${x.files.length} files posted): ${m.scenario.files[i]!.id} fails its control totals`);
    return;
  }
  x.stage = STAGE.POSTING;
  x.busyUntil = t + night.clearing;
  push(s.q, x.busyUntil, PRIO.SCHEDULE, EV.NIGHT, k);
}

/** Next-day initialisation: what settled tonight is usable tomorrow (T+1) and withdrawable. */
function initialised(m: Model, s: SimState, x: NightState, t: number): void {
  // Unfilled orders expired at the close (simulation.ts), so nothing is frozen against a position.
  // Only touched entries are stored; an untouched one still reads as its opening (all sellable, nothing unsettled).
  const b = s.book;
  for (let w = 0; w < b.positions * POS_WORDS; w += POS_WORDS) b.pos[w + P_SELLABLE] = b.pos[w + P_QTY]!;
  for (let w = 0; w < b.accounts * ACCT_WORDS; w += ACCT_WORDS) b.acct[w + A_UNSETTLED] = 0;
  x.stage = STAGE.READY;
  x.busyUntil = -1;
  x.clearedAt = t;
  note(s, t, 'file', 'batch', `next-day initialisation done at ${formatClock(t)}: positions bought on day ${x.day} are sellable, sell proceeds withdrawable`);
}

/** Has every night before the day of t initialised its next day? */
export function dayReady(s: SimState, t: number): boolean {
  const n = s.night;
  if (!n) return true;
  const day = dayOf(t);
  for (const x of n.nights) if (x.day < day && x.stage !== STAGE.READY) return false;
  return true;
}

/** The counter refuses an order while the day is not initialised (counted in night.refused). */
export function refuseUninitialised(s: SimState, t: number): boolean {
  if (dayReady(s, t)) return false;
  s.night!.refused++;
  s.mkt.rejectBy[0]!++; // reason 'other': a reason of its own would change every run's hash (REJECT_REASONS)
  return true;
}

/** The night that matters now: the first one not ready, else the last. */
function current(s: SimState): NightState | undefined {
  const n = s.night?.nights ?? [];
  return n.find((x) => x.stage !== STAGE.READY && x.stage !== STAGE.DAY) ?? [...n].reverse().find((x) => x.stage !== STAGE.DAY);
}

export function nightPath(m: Model, s: SimState, rest: string): number | boolean | string | undefined {
  if (!s.night) return undefined;
  const x = current(s);
  switch (rest) {
    case 'stage':
      return x ? STAGES[x.stage]! : 'day';
    case 'ready':
      return dayReady(s, s.now) && (x === undefined || x.stage === STAGE.READY);
    case 'blocked':
      return x?.stage === STAGE.STOPPED;
    case 'posted':
      return x ? x.next : 0;
    case 'doublePosted':
      return s.night.nights.reduce((n, y) => n + y.posts.reduce((a, p) => a + Math.max(0, p - 1), 0), 0);
    case 'refused':
      return s.night.refused;
    case 'clearedAt':
      return x?.clearedAt ?? -1;
    default:
      return undefined;
  }
}

export function checkNightCommand(m: Model, c: Extract<Command, { type: 'rerun_clearing' }>): void {
  if (!m.scenario.night) throw new Error(`${c.type}: scenario ${m.scenario.id} has no night section`);
}

/** rerun_clearing: a stopped batch goes on from its checkpoint, or from the start (posting again what it posted). */
export function rerunClearing(m: Model, s: SimState, from: 'checkpoint' | 'start', actor: string, t: number): void {
  const nights = s.night!.nights;
  const k = nights.findIndex((x) => x.stage === STAGE.STOPPED);
  if (k < 0) return note(s, t, 'refused', actor, 'rerun_clearing: no clearing batch is stopped');
  const x = nights[k]!;
  if (from === 'start') x.next = 0;
  note(s, t, 'input', actor, `clearing rerun from ${from === 'start' ? 'the start' : `its checkpoint (file ${x.next + 1} of ${x.files.length})`}`);
  x.stage = STAGE.WAITING;
  advance(m, s, k, t);
}

/** Has the night of the last trading day that closed by t posted all its files (true when none closed, or no night section)? */
export function clearedBy(m: Model, s: SimState, t: number): boolean {
  if (!s.night) return true;
  const last = lastNightBy(m, s.night, t);
  return last === undefined || cleared(last);
}

/** The last night whose day closed by t (its batch may not have run yet). */
function lastNightBy(m: Model, n: NonNullable<SimState['night']>, t: number): NightState | undefined {
  const close = m.sessions.length > 0 ? m.sessions[m.sessions.length - 1]!.end : 0;
  let last: NightState | undefined;
  for (const x of n.nights) if (x.day * US_PER_DAY + close <= t) last = x;
  return last;
}

/** Its files all posted: the next day's initialisation running or done. */
const cleared = (x: NightState): boolean => x.stage === STAGE.INIT || x.stage === STAGE.READY;

/**
 * Is t after a night's clearing (its files all posted) and before the next open? Then a
 * reconciliation there is the post-clearing checkpoint of that night's day (dualrun/shadow.ts):
 * returns the day, or -1 (no night section, during a session, or the night not cleared yet).
 */
export function postClearingDay(m: Model, s: SimState, t: number): number {
  const n = s.night;
  if (!n || m.sessions.length === 0) return -1;
  const close = m.sessions[m.sessions.length - 1]!.end;
  const tod = t - dayOf(t) * US_PER_DAY;
  if (tradingAt(m.days, t) && tod >= m.sessions[0]!.start && tod < close) return -1;
  const last = lastNightBy(m, n, t);
  return last && cleared(last) ? last.day : -1;
}
