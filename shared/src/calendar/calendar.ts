import type { Scenario } from '../scenario/schema.ts';
import type { TradingSession } from '../scenario/load.ts';
import { parseClock, US_PER_DAY } from '../scenario/units.ts';
import { A_SHARE_SESSIONS, HOLIDAYS_2026 } from './ashare.ts';
import { dayNumber, parseYmd } from './days.ts';
import { addDays, dayStatus, EXCHANGE_TABLE, type CalendarTable } from './table.ts';

/** What the exchanges are doing at a time of day outside every session. */
export const OFF_SESSION_PHASES = ['closed', 'pre_market', 'lunch_break', 'break', 'after_close'] as const;
export type OffSessionPhase = (typeof OFF_SESSION_PHASES)[number];

export interface PhaseAt {
  /** Index into `sessions`, or -1 between sessions and on a closed day. */
  readonly index: number;
  /** The session's phase name (e.g. continuous_am), or an off-session phase. */
  readonly phase: string | OffSessionPhase;
  /** When this phase gives way to the next, µs since midnight (end of day if nothing follows). */
  readonly until: number;
}

export interface CompiledCalendar {
  date: string;
  /** The exchanges open on this date: a weekday that is not a holiday. */
  isTradingDay: boolean;
  closedReason?: 'weekend' | 'holiday';
  /** A weekend day society works (调休). The exchanges still stay closed: a classic config trap. */
  isMakeupWorkday: boolean;
  /** Sorted by start. The day's sessions even when the exchanges are closed, for display. */
  sessions: TradingSession[];
  /** Phase at t, µs since midnight of the date. */
  phaseAt(t: number): PhaseAt;
}

const NOON = parseClock('12:00')!;

type CalendarInput = Pick<Scenario['calendar'], 'date'> & Partial<Omit<Scenario['calendar'], 'date'>>;

/**
 * The calendar table a scenario runs on: the exchanges' (calendar/data), or its own holidays and
 * make-up days when it lists them. `dates` are the days the run covers: with unknownYears:
 * assume_listed their years count as covered by the listed holidays, otherwise a date outside the
 * known years throws UnknownCalendarDate when it is looked up.
 */
export function scenarioTable(cal: CalendarInput, dates: readonly string[] = [cal.date]): CalendarTable {
  const own = cal.unknownYears === 'assume_listed' ? [...new Set(dates.map((d) => Number(d.slice(0, 4))))].filter((y) => !EXCHANGE_TABLE.years.includes(y)) : [];
  return {
    years: [...EXCHANGE_TABLE.years, ...own],
    holidays: cal.holidays ?? EXCHANGE_TABLE.holidays,
    makeupWorkdays: cal.makeupWorkdays ?? EXCHANGE_TABLE.makeupWorkdays,
    tradingWeekends: [],
  };
}

/** The dates from `first` for `count` days. */
export const datesFrom = (first: string, count: number): string[] => Array.from({ length: count }, (_, i) => addDays(first, i));

/** Resolve a scenario's calendar: defaults filled in, the day classified, gaps between sessions named. */
export function compileCalendar(cal: CalendarInput, table: CalendarTable = scenarioTable(cal)): CompiledCalendar {
  const sessions = [...(cal.sessions ?? A_SHARE_SESSIONS)].sort((a, b) => a.start - b.start);
  const status = dayStatus(table, cal.date);
  const closedReason = status.closedReason;
  const isTradingDay = status.trading;

  // The day as contiguous spans [start, next start): sessions, and the gaps around them.
  const spans: PhaseAt[] = [];
  let t = 0;
  sessions.forEach((s, index) => {
    if (s.start > t) spans.push({ index: -1, phase: index === 0 ? 'pre_market' : gapName(t, s.start), until: s.start });
    spans.push({ index, phase: s.phase, until: s.end });
    t = s.end;
  });
  spans.push({ index: -1, phase: sessions.length > 0 ? 'after_close' : 'closed', until: US_PER_DAY });
  const closed: PhaseAt = { index: -1, phase: 'closed', until: US_PER_DAY };

  return {
    date: cal.date,
    isTradingDay,
    ...(closedReason ? { closedReason } : {}),
    isMakeupWorkday: status.makeupWorkday,
    sessions,
    phaseAt(time: number): PhaseAt {
      if (!isTradingDay) return closed;
      // A day has a handful of spans: a linear scan is as fast as a binary search and plainer.
      for (const span of spans) if (time < span.until) return span;
      return spans[spans.length - 1]!;
    },
  };
}

/** A gap that spans noon is the lunch break (11:30–13:00 on the A-share day); any other is a break. */
const gapName = (start: number, end: number): OffSessionPhase => (start <= NOON && NOON < end ? 'lunch_break' : 'break');

/**
 * Which trading day `date` is since `listed` (1: the listing day itself), counting weekdays that are
 * not holidays; undefined when `date` is before `listed` or more than `cap` trading days after it.
 */
export function tradingDayNumber(listed: string, date: string, holidays: readonly string[] = HOLIDAYS_2026, cap = 30): number | undefined {
  const from = dayNumber(parseYmd(listed));
  const to = dayNumber(parseYmd(date));
  if (to < from) return undefined;
  const closed = new Set(holidays.map((h) => dayNumber(parseYmd(h))));
  let n = 0;
  for (let d = from; d <= to; d++) {
    const wd = (((d + 4) % 7) + 7) % 7;
    if (wd !== 0 && wd !== 6 && !closed.has(d)) n++;
    if (n > cap) return undefined;
  }
  return n;
}
