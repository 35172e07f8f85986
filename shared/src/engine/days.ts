import type { Scenario } from '../scenario/schema.ts';
import { scenarioTable } from '../calendar/calendar.ts';
import { calendarMismatches, covers, dayStatus, loadedTable, nextTradingDays, withRow, type CalendarMismatch, type CalendarTable } from '../calendar/table.ts';
import { isValidDate } from '../calendar/days.ts';
import { windowDates } from '../scenario/window.ts';
import { US_PER_DAY } from '../scenario/units.ts';
import type { SimState } from './state.ts';

/**
 * The days a run covers and the calendar tables the systems hold. Time is µs since midnight of
 * calendar.date (day 0); day d runs from d × 24 h. A counter's table starts as the scenario's (the
 * cutover's new system may load its own, wrong one) and is corrected row by row with calendar_set,
 * kept as config entries `calendar.YYYY-MM-DD` so a run that never edits one hashes as before.
 */
export interface DaysModel {
  dates: string[]; // per day of the window, from calendar.date
  trading: Uint8Array; // per day: 1 when the exchanges open
  multi: boolean; // the window spans more than one calendar day
  table: CalendarTable; // the exchanges' calendar the scenario runs on
  nodeTable: (CalendarTable | null)[]; // per node: its own table when it differs (null: the exchanges')
}

/** Which node holds which starting table, from the scenario's cutover section. */
export function compileDays(sc: Scenario, nodeIndex: Map<string, number>): DaysModel {
  const dates = windowDates(sc.calendar, sc.window);
  const table = scenarioTable(sc.calendar, dates);
  const nodeTable: (CalendarTable | null)[] = sc.nodes.map(() => null);
  const own = sc.cutover?.newCalendar;
  if (own) nodeTable[nodeIndex.get(sc.cutover!.new)!] = loadedTable(table, own);
  return { dates, trading: Uint8Array.from(dates, (d) => (dayStatus(table, d).trading ? 1 : 0)), multi: dates.length > 1, table, nodeTable };
}

/** Day index of time t (0: calendar.date). */
export const dayOf = (t: number): number => Math.floor(t / US_PER_DAY);

/** µs since midnight of t's own day. */
export const timeOfDay = (t: number): number => t - dayOf(t) * US_PER_DAY;

/** The date at time t (clamped to the window's days). */
export function dateAt(d: DaysModel, t: number): string {
  const i = Math.min(Math.max(dayOf(t), 0), d.dates.length - 1);
  return d.dates[i]!;
}

/** Do the exchanges open on the day of t? */
export const tradingAt = (d: DaysModel, t: number): boolean => d.trading[Math.min(Math.max(dayOf(t), 0), d.trading.length - 1)] === 1;

const ROW = 'calendar.';
const isRow = (key: string) => key.startsWith(ROW) && isValidDate(key.slice(ROW.length));

/** Node n's calendar table now: its starting table with the rows operators have set since. */
export function nodeTable(d: DaysModel, s: SimState, n: number): CalendarTable {
  return tableEntry(d, s, n).table;
}

/**
 * Node tables by the rows set on them, with their mismatches once asked: a check reads them every
 * few simulated seconds and a row changes only on calendar_set. A cache of pure functions of the
 * model and the rows, so it is not state and snapshots ignore it.
 */
interface TableEntry {
  table: CalendarTable;
  mismatches?: CalendarMismatch[];
}
const TABLES = new WeakMap<DaysModel, Map<string, TableEntry>>();

function tableEntry(d: DaysModel, s: SimState, n: number): TableEntry {
  let rows = `${n}`;
  for (const [key, value] of s.nodeConfig[n]!) if (isRow(key)) rows += `|${key}=${String(value)}`;
  let byRows = TABLES.get(d);
  if (!byRows) TABLES.set(d, (byRows = new Map()));
  let e = byRows.get(rows);
  if (!e) {
    let t = d.nodeTable[n] ?? d.table;
    for (const [key, value] of s.nodeConfig[n]!) if (isRow(key)) t = withRow(t, key.slice(ROW.length), value === true || value === 'trading');
    if (byRows.size >= 256) byRows.clear(); // a bound: operators set a handful of rows
    e = { table: t };
    byRows.set(rows, e);
  }
  return e;
}

/** Does node n's own calendar say the market opens on the day of t? */
export function nodeTradingAt(d: DaysModel, s: SimState, n: number, t: number): boolean {
  const table = nodeTable(d, s, n);
  const date = dateAt(d, t);
  return covers(table, date) && dayStatus(table, date).trading;
}

/** Why calendar_set cannot set this row, or undefined when it can. */
export function calendarRowProblem(d: DaysModel, date: string): string | undefined {
  if (!isValidDate(date)) return `${date} is not a calendar date`;
  if (!covers(d.table, date)) return `${date} is outside the known exchange calendars (${d.table.years.join(', ')})`;
  return undefined;
}

/**
 * calendar.<node>.mismatches | tradingToday | nextTradingDay | makeupAsTrading: the evidence a
 * team compares against the exchanges' notice, for runbook checks.
 */
export function calendarPath(d: DaysModel, nodeIds: readonly string[], s: SimState, rest: string): number | boolean | string | undefined {
  const k = rest.lastIndexOf('.');
  const n = nodeIds.indexOf(rest.slice(0, k));
  if (n < 0) return undefined;
  const e = tableEntry(d, s, n);
  const table = e.table;
  switch (rest.slice(k + 1)) {
    case 'mismatches':
      return (e.mismatches ??= calendarMismatches(table, d.table)).length;
    case 'makeupAsTrading':
      return (e.mismatches ??= calendarMismatches(table, d.table)).filter((x) => x.makeupWorkday && x.table === 'trading').length;
    case 'tradingToday':
      return nodeTradingAt(d, s, n, s.now);
    case 'nextTradingDay': {
      const next = safeNext(table, dateAt(d, s.now));
      return next ?? 'unknown';
    }
    default:
      return undefined;
  }
}

function safeNext(t: CalendarTable, from: string): string | undefined {
  try {
    return nextTradingDays(t, from, 1)[0];
  } catch {
    return undefined; // the table ends before its next trading day
  }
}
