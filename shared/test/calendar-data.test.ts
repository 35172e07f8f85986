import { describe, expect, it } from 'vitest';
import { calendarMismatches, dayStatus, EXCHANGE_TABLE, nextTradingDays, UnknownCalendarDate, withRow } from '../src/calendar/table.ts';
import { compileCalendar } from '../src/calendar/calendar.ts';
import { formatScenarioError, parseScenario } from '../src/scenario/parse.ts';
import { readRepoFile } from '../scripts/repo-files.mjs';

const small = readRepoFile('scenarios/small-broker.yaml');
/** small-broker with its calendar block replaced. */
const withCalendar = (block: string) => small.replace(/^calendar:\n(?: {2}.*\n)+/m, `${block}\n`);

describe('the 2026 SSE/SZSE calendar as data', () => {
  it('after National Day the next trading days are 10-08, 10-09, 10-12: the make-up Saturday 10-10 stays closed', () => {
    expect(nextTradingDays(EXCHANGE_TABLE, '2026-09-30', 3)).toEqual(['2026-10-08', '2026-10-09', '2026-10-12']);
    expect(dayStatus(EXCHANGE_TABLE, '2026-10-10')).toMatchObject({ trading: false, closedReason: 'weekend', makeupWorkday: true });
  });

  it('holds every make-up working day of 2026 as a closed weekend day', () => {
    for (const d of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) expect(dayStatus(EXCHANGE_TABLE, d)).toMatchObject({ trading: false, makeupWorkday: true });
    expect(nextTradingDays(EXCHANGE_TABLE, '2026-02-13', 1)).toEqual(['2026-02-24']); // Spring Festival 02-15..02-23
  });

  it('refuses a 2027 date: no calendar for that year, so no guess that it is a trading day', () => {
    expect(() => dayStatus(EXCHANGE_TABLE, '2027-01-04')).toThrow(UnknownCalendarDate);
    expect(() => compileCalendar({ date: '2027-01-04' })).toThrow(/2027-01-04 is outside the known exchange calendars \(2026\): add shared\/src\/calendar\/data\/2027\.ts/);
    expect(() => nextTradingDays(EXCHANGE_TABLE, '2026-12-30', 3)).toThrow(/2027-01-01 is outside/);
  });

  it('a counter table that copies a make-up Saturday as a trading day differs from the exchanges on exactly that row', () => {
    const wrong = { ...EXCHANGE_TABLE, tradingWeekends: ['2026-10-10'] };
    expect(nextTradingDays(wrong, '2026-09-30', 3)).toEqual(['2026-10-08', '2026-10-09', '2026-10-10']);
    expect(calendarMismatches(wrong)).toEqual([{ date: '2026-10-10', table: 'trading', makeupWorkday: true }]);
    expect(calendarMismatches(withRow(wrong, '2026-10-10', false))).toEqual([]);
  });
});

describe('scenario files: a date outside the known calendars', () => {
  it('a scenario dated 2027 is refused at calendar.date with what to do', () => {
    const r = parseScenario(withCalendar('calendar:\n  date: 2027-03-01'), 'x.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => x.path === 'calendar.date')!;
    expect(e.line).toBe(19);
    expect(formatScenarioError(e)).toMatch(/^x\.yaml:\d+:\d+ .*2027-03-01 is outside the known exchange calendars \(2026\)/);
  });

  it('a window running into 2027 is refused too', () => {
    const text = withCalendar('calendar:\n  date: 2026-12-31').replace(/^window:.*\n(?: {2}.*\n)+/m, 'window:\n  start: "09:10"\n  end: "D+4 10:00"\n');
    const r = parseScenario(text, 'x.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.message).join('\n')).toMatch(/2027-01-01 is outside the known exchange calendars/);
  });

  it('the scenario may vouch for a year itself: unknownYears assume_listed with its holidays', () => {
    const r = parseScenario(withCalendar('calendar:\n  date: 2027-03-01\n  unknownYears: assume_listed\n  holidays: ["2027-01-01"]'), 'x.yaml');
    if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
    expect(compileCalendar(r.scenario.calendar).isTradingDay).toBe(true);
    const bare = parseScenario(withCalendar('calendar:\n  date: 2027-03-01\n  unknownYears: assume_listed'), 'x.yaml');
    expect(bare.ok).toBe(false); // without holidays there is nothing to vouch for
  });
});

describe('calendar.* and night.* checks', () => {
  it('a misspelt calendar or night path in a runbook check is an error at its field, not a check that never holds', () => {
    const text = readRepoFile('scenarios/holiday-calendar-misconfig.yaml').replace(
      'verify: calendar.counter-new.mismatches == 0',
      'verify: calendar.counter-new.mismatch == 0 and night.ready == true',
    );
    const r = parseScenario(text, 'h.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'runbook.steps[1].verify: unknown check path "calendar.counter-new.mismatch" (calendar.<node>.mismatches|makeupAsTrading|tradingToday|nextTradingDay)',
      'runbook.steps[1].verify: "night.ready": the scenario has no night section',
    ]);
  });
});
