import { HOLIDAYS_2026, MAKEUP_WORKDAYS_2026 } from '../calendar/ashare.ts';
import { dayNumber, isWeekend, parseYmd } from '../calendar/days.ts';

/**
 * The calendar as the exchanges published it (docs/domain.md C5, E2), to hold a configured one against.
 * Weekends are closed, make-up working Saturdays and Sundays (调休) included; the listed weekday
 * holidays are closed. Only years with a published notice are judged: for the others the answer
 * is undefined, not a guess.
 */
const PUBLISHED: Record<string, { holidays: readonly string[]; makeup: readonly string[] }> = {
  '2026': { holidays: HOLIDAYS_2026, makeup: MAKEUP_WORKDAYS_2026 },
};

const yearOf = (date: string) => date.slice(0, 4);

export function publishedYears(): string[] {
  return Object.keys(PUBLISHED);
}

/** The exchanges trade on this date, per their notice; undefined for a year without one. */
export function publishedTradingDay(date: string): boolean | undefined {
  const p = PUBLISHED[yearOf(date)];
  if (!p) return undefined;
  return !isWeekend(date) && !p.holidays.includes(date);
}

export function publishedMakeupDay(date: string): boolean | undefined {
  const p = PUBLISHED[yearOf(date)];
  return p ? p.makeup.includes(date) : undefined;
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
 * A configured weekday-holiday list against the published one. A list is usually loaded for the
 * closures around a holiday, not the whole year: it is judged on each published closure period it
 * touches (the holidays with the weekends between and around them), and on the period `date` falls
 * in. Weekend dates in the list change nothing (weekends are closed anyway).
 */
export function diffHolidays(holidays: readonly string[], date: string): CalendarDiff {
  const listed = new Set(holidays);
  const touched = [date, ...holidays].map(day);
  const omitted: string[] = [];
  const published: string[] = [];
  for (const p of Object.values(PUBLISHED)) {
    for (const period of periods(p.holidays)) {
      if (!touched.some((d) => d >= period.from && d <= period.to)) continue;
      published.push(...period.holidays);
      omitted.push(...period.holidays.filter((h) => !listed.has(h)));
    }
  }
  const extra = holidays.flatMap((d, index) => (publishedTradingDay(d) === true ? [{ date: d, index }] : []));
  return { omitted: [...new Set(omitted)].sort(), extra, published: [...new Set(published)].sort() };
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
