import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../src/calendar/calendar.ts';
import { weekday } from '../src/calendar/days.ts';
import { A_SHARE_SESSIONS } from '../src/calendar/ashare.ts';
import { parseClock, US_PER_DAY } from '../src/scenario/units.ts';
import type { TradingSession } from '../src/scenario/load.ts';

const t = (hhmm: string) => parseClock(hhmm)!;
const phase = (date: string, hhmm: string) => compileCalendar({ date }).phaseAt(t(hhmm)).phase;

describe('weekday', () => {
  it('knows the days of the week (0 = Sunday)', () => {
    expect(weekday('2026-01-01')).toBe(4); // Thursday
    expect(weekday('2026-02-14')).toBe(6); // Saturday
    expect(weekday('2026-03-02')).toBe(1); // Monday
    expect(weekday('2024-02-29')).toBe(4); // leap day, Thursday
    expect(weekday('1970-01-01')).toBe(4);
  });
});

describe('compileCalendar: the day', () => {
  it('opens on an ordinary Monday', () => {
    const day = compileCalendar({ date: '2026-03-02' });
    expect(day).toMatchObject({ date: '2026-03-02', isTradingDay: true, isMakeupWorkday: false });
    expect(day.closedReason).toBeUndefined();
  });

  it('closes on a Spring Festival weekday (2026 holiday list by default)', () => {
    expect(compileCalendar({ date: '2026-02-16' })).toMatchObject({ isTradingDay: false, closedReason: 'holiday', isMakeupWorkday: false });
  });

  it('closes on a make-up Saturday (调休) even though society works', () => {
    expect(compileCalendar({ date: '2026-02-14' })).toMatchObject({ isTradingDay: false, closedReason: 'weekend', isMakeupWorkday: true });
  });

  it('closes on a plain weekend', () => {
    expect(compileCalendar({ date: '2026-03-07' })).toMatchObject({ isTradingDay: false, closedReason: 'weekend', isMakeupWorkday: false });
  });

  it("uses the scenario's own holidays and make-up days instead of the defaults", () => {
    // The "wrong calendar" drill: someone forgot 2026-02-16 and added a Monday as a holiday.
    const cal = { date: '2026-02-16', holidays: ['2026-03-02'], makeupWorkdays: [] };
    expect(compileCalendar(cal)).toMatchObject({ isTradingDay: true, isMakeupWorkday: false });
    expect(compileCalendar({ ...cal, date: '2026-03-02' })).toMatchObject({ isTradingDay: false, closedReason: 'holiday' });
    expect(compileCalendar({ date: '2026-02-14', makeupWorkdays: [] }).isMakeupWorkday).toBe(false);
  });
});

describe('compileCalendar: phases of the A-share day', () => {
  it.each([
    ['09:00', 'pre_market'],
    ['09:15', 'opening_call'],
    ['09:19:59', 'opening_call'],
    ['09:20', 'opening_call_locked'],
    ['09:22', 'opening_call_locked'],
    ['09:25', 'pre_open'],
    ['09:30', 'continuous_am'],
    ['11:29:59.999999', 'continuous_am'],
    ['11:30', 'lunch_break'],
    ['12:00', 'lunch_break'],
    ['13:00', 'continuous_pm'],
    ['14:58', 'closing_call'],
    ['15:00', 'after_close'],
    ['23:59', 'after_close'],
  ])('%s is %s', (time, expected) => {
    expect(phase('2026-03-02', time)).toBe(expected);
  });

  it('gives the session index, and -1 outside sessions', () => {
    const day = compileCalendar({ date: '2026-03-02' });
    expect(day.phaseAt(t('09:22')).index).toBe(1);
    expect(day.phaseAt(t('14:58')).index).toBe(5);
    expect(day.phaseAt(t('12:00')).index).toBe(-1);
  });

  it('says when each phase ends', () => {
    const day = compileCalendar({ date: '2026-03-02' });
    expect(day.phaseAt(t('09:00')).until).toBe(t('09:15'));
    expect(day.phaseAt(t('12:00')).until).toBe(t('13:00'));
    expect(day.phaseAt(t('14:58')).until).toBe(t('15:00'));
    expect(day.phaseAt(t('16:00')).until).toBe(US_PER_DAY);
  });

  it('is closed all day when the exchanges are', () => {
    const day = compileCalendar({ date: '2026-02-16' });
    for (const time of ['00:00', '09:22', '10:00', '14:58', '23:00']) expect(day.phaseAt(t(time))).toEqual({ index: -1, phase: 'closed', until: US_PER_DAY });
    expect(day.sessions).toEqual(A_SHARE_SESSIONS); // still listed, for display
  });
});

describe('compileCalendar: custom sessions', () => {
  const session = (phase: string, start: string, end: string): TradingSession => ({
    phase,
    start: t(start),
    end: t(end),
    acceptOrders: true,
    acceptCancels: true,
    matching: 'continuous',
  });

  it('sorts sessions by start and names the gaps', () => {
    const day = compileCalendar({
      date: '2026-03-02',
      sessions: [session('pm', '13:00', '15:00'), session('night', '19:00', '21:00'), session('am', '09:00', '11:00')],
    });
    expect(day.sessions.map((s) => s.phase)).toEqual(['am', 'pm', 'night']);
    expect(['08:00', '10:00', '11:30', '14:00', '17:00', '20:00', '22:00'].map((time) => day.phaseAt(t(time)).phase)).toEqual([
      'pre_market',
      'am',
      'lunch_break', // 11:00–13:00 spans noon
      'pm',
      'break', // 15:00–19:00 does not
      'night',
      'after_close',
    ]);
  });

  it('does not insert a gap between sessions that touch', () => {
    const day = compileCalendar({ date: '2026-03-02', sessions: [session('a', '09:00', '10:00'), session('b', '10:00', '11:00')] });
    expect(day.phaseAt(t('09:59:59.999999')).phase).toBe('a');
    expect(day.phaseAt(t('10:00')).phase).toBe('b');
  });

  it('is closed all day on a trading day without sessions', () => {
    expect(compileCalendar({ date: '2026-03-02', sessions: [] }).phaseAt(t('10:00')).phase).toBe('closed');
  });
});
