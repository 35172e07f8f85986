import { datesFrom, scenarioTable } from '../calendar/calendar.ts';
import { covers } from '../calendar/table.ts';
import { isValidDate, isWeekend } from '../calendar/days.ts';
import { MAX_DAY_OFFSET, US_PER_DAY } from './units.ts';
import type { Calendar, TradingSession } from './load.ts';
import { A_SHARE_SESSIONS } from '../calendar/ashare.ts';
import { dayStatus } from '../calendar/table.ts';
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
    issue(
      ['calendar', 'date'],
      `${missing} is outside the known exchange calendars (${years}): add shared/src/calendar/data/${missing.slice(0, 4)}.ts from the exchanges' closure notice, or list the year's holidays and set calendar.unknownYears: assume_listed`,
      { say: 'unknownCalendarYear', value: missing, years, year: missing.slice(0, 4) },
    );
  }
  if (cal.unknownYears === 'assume_listed' && cal.holidays === undefined) issue(['calendar', 'unknownYears'], 'assume_listed needs calendar.holidays: the closures the scenario vouches for');
  cal.makeupWorkdays?.forEach(
    (d, i) => isValidDate(d) && !isWeekend(d) && issue(['calendar', 'makeupWorkdays', i], `${d} is a weekday: make-up working days (调休) are the weekend days society works`),
  );
}

/** What nextActive looks at: the parts of a scenario that schedule something at a time. */
interface Timed {
  calendar: Cal;
  window: { start: number; end: number };
  faults: readonly { at: number }[];
  files: readonly { arrives: number }[];
  runbook?: { window: { start: number; deadline: number } } | undefined;
  night?: { clearingFrom: number } | undefined;
}

/**
 * The next moment after t at which the scenario itself schedules something: a session starting on
 * a trading day, a night's clearing, a file arriving, a scheduled fault, the runbook window opening
 * or its deadline, else the window's end. The lead's clock may jump there over quiet hours (a
 * night, a closed weekend) without skipping anything the team is meant to see happen.
 */
export function nextActive(sc: Timed, t: number): number {
  const sessions: readonly TradingSession[] = sc.calendar.sessions ?? A_SHARE_SESSIONS;
  const dates = windowDates(sc.calendar, sc.window);
  const table = scenarioTable(sc.calendar, dates);
  const times: number[] = [sc.window.end, ...sc.faults.map((f) => f.at), ...sc.files.map((f) => f.arrives)];
  if (sc.runbook) times.push(sc.runbook.window.start, sc.runbook.window.deadline);
  dates.forEach((d, i) => {
    if (!dayStatus(table, d).trading) return;
    for (const x of sessions) times.push(i * US_PER_DAY + x.start, i * US_PER_DAY + x.end);
    if (sc.night) times.push(i * US_PER_DAY + sc.night.clearingFrom);
  });
  let best = sc.window.end;
  for (const x of times) if (x > t && x < best) best = x;
  return Math.max(best, t);
}

/**
 * Seconds of trading sessions (on the exchanges' trading days) between from and to: the only time
 * the load generates orders, so a run's order estimate over a weekend counts Friday's and Monday's
 * sessions, not the nights and closed days between.
 */
export function sessionSeconds(sc: Pick<Timed, 'calendar' | 'window'>, from: number, to: number): number {
  const sessions: readonly TradingSession[] = sc.calendar.sessions ?? A_SHARE_SESSIONS;
  const dates = windowDates(sc.calendar, sc.window);
  const table = scenarioTable(sc.calendar, dates);
  let us = 0;
  dates.forEach((d, i) => {
    if (!dayStatus(table, d).trading) return;
    for (const x of sessions) {
      const a = Math.max(from, i * US_PER_DAY + x.start);
      const b = Math.min(to, i * US_PER_DAY + x.end);
      if (b > a) us += b - a;
    }
  });
  return us / 1e6;
}
