import { EXCHANGE_YEARS } from './data/index.ts';
import { dayNumber, isValidDate, isWeekend, parseYmd } from './days.ts';
import type { YearCalendar } from './year.ts';

export type { YearCalendar };

/** Whether the exchanges trade on a date, and why not. */
export interface DayStatus {
  date: string;
  trading: boolean;
  closedReason?: 'weekend' | 'holiday';
  /** A weekend day society works (调休): closed all the same, the classic calendar trap. */
  makeupWorkday: boolean;
}

/**
 * A calendar table: the years it covers, the closed weekdays and the make-up days. A counter holds
 * one (which can be wrong: the holiday drill); the exchanges' is built from calendar/data.
 */
export interface CalendarTable {
  years: readonly number[];
  holidays: readonly string[]; // closures on weekdays, sorted
  makeupWorkdays: readonly string[];
  /** Weekend days the table wrongly lists as trading days, e.g. a make-up Saturday copied from the State Council's working days. Empty for the exchanges. */
  tradingWeekends: readonly string[];
}

/** A date the table has no year for: the lab refuses to guess whether the market is open. */
export class UnknownCalendarDate extends Error {
  constructor(
    readonly date: string,
    readonly years: readonly number[],
  ) {
    super(
      `${date} is outside the known exchange calendars (${years.join(', ') || 'none'}): add shared/src/calendar/data/${date.slice(0, 4)}.ts from the exchanges' 休市安排 notice, or list the year's holidays in calendar.holidays and set calendar.unknownYears: assume_listed`,
    );
  }
}

const yearOf = (iso: string) => Number(iso.slice(0, 4));

function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = dayNumber(parseYmd(from)); d <= dayNumber(parseYmd(to)); d++) out.push(isoOfDay(d));
  return out;
}

/** Days since 1970-01-01 back to YYYY-MM-DD (Hinnant's civil_from_days). */
export function isoOfDay(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The date `days` calendar days after iso. */
export const addDays = (iso: string, days: number): string => isoOfDay(dayNumber(parseYmd(iso)) + days);

/** A table from published years: closure ranges flattened to weekdays, weekends being closed anyway. */
export function tableFromYears(years: readonly YearCalendar[]): CalendarTable {
  const holidays = years.flatMap((y) => y.closures.flatMap((c) => datesBetween(c.from, c.to))).filter((d) => !isWeekend(d));
  return { years: years.map((y) => y.year), holidays: [...new Set(holidays)].sort(), makeupWorkdays: years.flatMap((y) => y.makeupWorkdays), tradingWeekends: [] };
}

/** The table a system loaded itself (cutover.newCalendar), over base's years; make-up days default to base's. */
export function loadedTable(base: CalendarTable, own: { holidays: readonly string[]; makeupWorkdays?: readonly string[]; tradingWeekends?: readonly string[] }): CalendarTable {
  return { years: base.years, holidays: [...own.holidays].sort(), makeupWorkdays: own.makeupWorkdays ?? base.makeupWorkdays, tradingWeekends: [...(own.tradingWeekends ?? [])].sort() };
}

/** The SSE/SZSE calendar of every year in calendar/data. */
export const EXCHANGE_TABLE: CalendarTable = tableFromYears(EXCHANGE_YEARS);

/** Does the table cover the date's year? */
export const covers = (t: CalendarTable, iso: string): boolean => t.years.includes(yearOf(iso));

/** The exchanges' view of a date under table t; throws UnknownCalendarDate outside its years. */
export function dayStatus(t: CalendarTable, iso: string): DayStatus {
  if (!isValidDate(iso)) throw new Error(`${iso} is not a calendar date`);
  if (!covers(t, iso)) throw new UnknownCalendarDate(iso, t.years);
  const makeupWorkday = t.makeupWorkdays.includes(iso);
  // A listed holiday is the more telling reason, even when it falls on a weekend.
  const closedReason = t.holidays.includes(iso) ? 'holiday' : isWeekend(iso) && !t.tradingWeekends.includes(iso) ? 'weekend' : undefined;
  return { date: iso, trading: closedReason === undefined, ...(closedReason ? { closedReason } : {}), makeupWorkday };
}

/** The next n trading days after iso (exclusive). Refuses to walk into a year the table lacks. */
export function nextTradingDays(t: CalendarTable, iso: string, n: number): string[] {
  const out: string[] = [];
  for (let d = addDays(iso, 1); out.length < n; d = addDays(d, 1)) if (dayStatus(t, d).trading) out.push(d);
  return out;
}

/** One row of a table that differs from the exchanges' (the holiday drill's evidence). */
export interface CalendarMismatch {
  date: string;
  /** What the table says; the exchanges do the opposite. */
  table: 'trading' | 'closed';
  /** The exchanges close on it although society works (调休): the usual cause of a wrong trading row. */
  makeupWorkday: boolean;
}

/** Every date of the truth's years on which table t disagrees about trading; a year t lacks counts whole. */
export function calendarMismatches(t: CalendarTable, truth: CalendarTable = EXCHANGE_TABLE): CalendarMismatch[] {
  const out: CalendarMismatch[] = [];
  for (const y of truth.years) {
    for (let d = `${y}-01-01`; yearOf(d) === y; d = addDays(d, 1)) {
      const want = dayStatus(truth, d).trading;
      const got = covers(t, d) ? dayStatus(t, d).trading : !want;
      if (got !== want) out.push({ date: d, table: got ? 'trading' : 'closed', makeupWorkday: truth.makeupWorkdays.includes(d) });
    }
  }
  return out;
}

/** Table t with one row set: the operator's correction of a counter's calendar. */
export function withRow(t: CalendarTable, iso: string, trading: boolean): CalendarTable {
  const weekend = isWeekend(iso);
  const holidays = t.holidays.filter((d) => d !== iso);
  const tradingWeekends = t.tradingWeekends.filter((d) => d !== iso);
  if (!trading && !weekend) holidays.push(iso);
  if (trading && weekend) tradingWeekends.push(iso);
  return { years: t.years, holidays: holidays.sort(), makeupWorkdays: t.makeupWorkdays, tradingWeekends: tradingWeekends.sort() };
}
