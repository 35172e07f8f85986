import { dayNumber, isValidDate, parseYmd } from '../calendar/days.ts';
import { calendarMismatches, covers, dayStatus, EXCHANGE_TABLE, type CalendarMismatch, type CalendarTable } from '../calendar/table.ts';

/**
 * The calendar as the exchanges published it (calendar/data; docs/domain.md C5, E2), to hold a
 * configured one against. Weekends are closed, make-up working Saturdays and Sundays (调休)
 * included; the listed weekday holidays are closed. Only years with a published notice are judged:
 * for the others the answer is undefined, not a guess.
 */
const published = (date: string) => isValidDate(date) && covers(EXCHANGE_TABLE, date);

export function publishedYears(): string[] {
  return EXCHANGE_TABLE.years.map(String);
}

/** The exchanges trade on this date, per their notice; undefined for a year without one. */
export function publishedTradingDay(date: string): boolean | undefined {
  return published(date) ? dayStatus(EXCHANGE_TABLE, date).trading : undefined;
}

export function publishedMakeupDay(date: string): boolean | undefined {
  return published(date) ? dayStatus(EXCHANGE_TABLE, date).makeupWorkday : undefined;
}

/** The rows of a system's own table that differ from the notice: what calendar.<node>.mismatches counts on a run on the exchanges' calendar. */
export function tableMismatches(t: CalendarTable): CalendarMismatch[] {
  return calendarMismatches(t, EXCHANGE_TABLE);
}

export interface CalendarDiff {
  /** Weekday closures the exchanges published that the list leaves out: that day would trade. */
  omitted: string[];
  /** Listed closures on days the exchanges trade, with their index in the list. */
  extra: { date: string; index: number }[];
  /** The published weekday closures of the periods judged. */
  published: string[];
}

/**
 * A scenario's own weekday-holiday list (calendar.holidays) against the published one. It is the
 * twin's exchanges for the few days a run covers and is usually written for the closures around
 * them, not the whole year: it is judged on each published closure period it touches (the holidays
 * with the weekends between and around them), and on the period `date` falls in. Weekend dates in
 * the list change nothing (weekends are closed anyway). A system's own table is judged whole
 * (tableMismatches), as the engine counts its mismatches.
 */
export function diffHolidays(holidays: readonly string[], date: string): CalendarDiff {
  const listed = new Set(holidays);
  const touched = [date, ...holidays].map(day);
  const omitted: string[] = [];
  const closures: string[] = [];
  for (const period of periods(EXCHANGE_TABLE.holidays)) {
    if (!touched.some((d) => d >= period.from && d <= period.to)) continue;
    closures.push(...period.holidays);
    omitted.push(...period.holidays.filter((h) => !listed.has(h)));
  }
  const extra = holidays.flatMap((d, index) => (publishedTradingDay(d) === true ? [{ date: d, index }] : []));
  return { omitted: [...new Set(omitted)].sort(), extra, published: [...new Set(closures)].sort() };
}

const day = (iso: string) => dayNumber(parseYmd(iso));
const weekendDay = (n: number) => {
  const w = (((n + 4) % 7) + 7) % 7;
  return w === 0 || w === 6;
};

/** Closure periods: runs of holidays joined by the weekends between them, widened over the weekends around them (day numbers). */
function periods(holidays: readonly string[]): { from: number; to: number; holidays: string[] }[] {
  const out: { from: number; to: number; holidays: string[] }[] = [];
  for (const h of [...holidays].sort()) {
    const n = day(h);
    const last = out[out.length - 1];
    let joined = last !== undefined;
    if (last) for (let d = last.to + 1; d < n; d++) if (!weekendDay(d)) joined = false;
    if (last && joined) {
      last.to = n;
      last.holidays.push(h);
    } else out.push({ from: n, to: n, holidays: [h] });
  }
  for (const p of out) {
    while (weekendDay(p.from - 1)) p.from--;
    while (weekendDay(p.to + 1)) p.to++;
  }
  return out;
}
