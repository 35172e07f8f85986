import { datesFrom, scenarioTable } from '../calendar/calendar.ts';
import { covers } from '../calendar/table.ts';
import { isValidDate, isWeekend } from '../calendar/days.ts';
import { MAX_DAY_OFFSET, US_PER_DAY } from './units.ts';
import type { Calendar } from './load.ts';
import type { z } from 'zod';

/**
 * A run's window may span days (Friday 15:00 to Monday 09:30): its times are µs since midnight of
 * calendar.date, and every date it touches must be in a known exchange calendar.
 */

/** The calendar.<node>.* check paths (engine/days.ts calendarPath). */
export const CALENDAR_FIELDS = ['mismatches', 'makeupAsTrading', 'tradingToday', 'nextTradingDay'] as const;

type Cal = z.output<typeof Calendar>;
type Issue = (path: (string | number)[], message: string, say?: Record<string, string | number>) => void;

/** How many calendar days a window touches (1 for a one-day run). */
export const windowDays = (window: { start: number; end: number }): number => Math.floor(Math.max(0, window.end - 1) / US_PER_DAY) + 1;

/** The dates a window touches, from calendar.date. */
export const windowDates = (cal: { date: string }, window: { start: number; end: number }): string[] => datesFrom(cal.date, windowDays(window));

export function checkWindowDays(cal: Cal, window: { start: number; end: number }, issue: Issue): void {
  if (!isValidDate(cal.date)) return;
  const days = windowDays(window);
  if (days > MAX_DAY_OFFSET + 1) return issue(['window', 'end'], `the window spans ${days} days; at most ${MAX_DAY_OFFSET + 1}`, { say: 'windowTooLong', days, max: MAX_DAY_OFFSET + 1 });
  const dates = windowDates(cal, window);
  const table = scenarioTable(cal, dates);
  const years = table.years.join(', ');
  const missing = dates.find((d) => !covers(table, d));
  if (missing !== undefined) {
    issue(['calendar', 'date'], `${missing} is outside the known exchange calendars (${years}): add shared/src/calendar/data/${missing.slice(0, 4)}.ts from the exchanges' closure notice, or list the year's holidays and set calendar.unknownYears: assume_listed`, { say: 'unknownCalendarYear', value: missing, years, year: missing.slice(0, 4) });
  }
  if (cal.unknownYears === 'assume_listed' && cal.holidays === undefined) issue(['calendar', 'unknownYears'], 'assume_listed needs calendar.holidays: the closures the scenario vouches for');
  cal.makeupWorkdays?.forEach((d, i) => isValidDate(d) && !isWeekend(d) && issue(['calendar', 'makeupWorkdays', i], `${d} is a weekday: make-up working days (调休) are the weekend days society works`));
}
