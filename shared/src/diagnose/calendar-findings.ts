import { scenarioTable } from '../calendar/calendar.ts';
import { isWeekend } from '../calendar/days.ts';
import { dayStatus, EXCHANGE_TABLE, loadedTable, type CalendarTable } from '../calendar/table.ts';
import type { Scenario } from '../scenario/schema.ts';
import { diffHolidays, publishedMakeupDay, publishedTradingDay, tableMismatches } from './calendar.ts';
import { calendarSetText, ev, list, type CalendarRow, type Raw } from './raw.ts';

/**
 * Calendars against the exchanges' notice (docs/domain.md C5, E2): the scenario's own list, the
 * table the new system loaded (cutover.newCalendar, judged row by row as the engine counts
 * calendar.<node>.mismatches) and make-up days. A system's table is corrected live with calendar_set
 * rows; the scenario's list is the twin's exchanges, which no command changes.
 */
export function calendarFindings(sc: Scenario): Raw[] {
  return [...scenarioList(sc), ...systemTable(sc), ...makeups(sc)];
}

const noticeOf = (dates: readonly string[]) =>
  ev('published', { dates: list(dates) }, `the exchanges' notice: closed on weekdays ${list(dates)} and on every weekend day, make-up working days (调休) included`);
const configured = (holidays: readonly string[]) => ev('configured', { dates: list(holidays) }, `configured closures: ${list(holidays)}`);
const today = (sc: Scenario, date: string) => (date === sc.calendar.date ? ' (the day simulated: every order is refused)' : '');

function scenarioList(sc: Scenario): Raw[] {
  const holidays = sc.calendar.holidays;
  if (!holidays) return [];
  const d = diffHolidays(holidays, sc.calendar.date);
  const base = { kind: 'calendar', severity: 'error', evidence: [noticeOf(d.published), configured(holidays)] } satisfies Partial<Raw>;
  const out: Raw[] = [];
  if (d.omitted.length > 0) {
    out.push({
      ...base,
      key: 'calendarOmits',
      params: { list: 'calendar', node: '', dates: list(d.omitted) },
      path: ['calendar', 'holidays'],
      message: `the scenario calendar omits published closures: ${list(d.omitted)} would be treated as trading days`,
      fix: `add ${list(d.omitted)} to the list, as in the exchanges' holiday notice`,
    });
  }
  for (const x of d.extra) {
    out.push({
      ...base,
      key: 'calendarExtra',
      params: { list: 'calendar', node: '', date: x.date },
      path: ['calendar', 'holidays', x.index],
      message: `the scenario calendar lists ${x.date} as a closure, but the exchanges trade that day${today(sc, x.date)}`,
      fix: `remove ${x.date} from the list`,
    });
  }
  return out;
}

/** The new system's own table, every row of the published years. */
function systemTable(sc: Scenario): Raw[] {
  const own = sc.cutover?.newCalendar;
  if (!own) return [];
  const node = sc.cutover!.new;
  const wrong = tableMismatches(loadedTable(EXCHANGE_TABLE, own));
  const base = { kind: 'calendar', severity: 'error', node, evidence: [noticeOf(EXCHANGE_TABLE.holidays), configured(own.holidays)] } satisfies Partial<Raw>;
  const rowsText = (rows: CalendarRow[]) => rows.map((r) => calendarSetText(node, r)).join('; ');
  const path = ['cutover', 'newCalendar'];
  const out: Raw[] = [];
  const omitted = wrong.filter((m) => m.table === 'trading' && !isWeekend(m.date)).map((m) => m.date);
  if (omitted.length > 0) {
    const rows = omitted.map((date) => ({ date, trading: false }));
    out.push({
      ...base,
      key: 'calendarOmits',
      params: { list: 'newCalendar', node, dates: list(omitted), rows: rowsText(rows) },
      path: [...path, 'holidays'],
      rows,
      message: `the calendar loaded into ${node} omits published closures: ${list(omitted)} would be treated as trading days`,
      fix: `correct ${node}'s calendar row by row: ${rowsText(rows)} (in the file: add ${list(omitted)} to the list)`,
    });
  }
  for (const m of wrong.filter((x) => x.table === 'closed')) {
    // The exchanges never trade on a weekend: a closed row on a trading day is a listed holiday.
    const rows = [{ date: m.date, trading: true }];
    out.push({
      ...base,
      key: 'calendarExtra',
      params: { list: 'newCalendar', node, date: m.date, rows: rowsText(rows) },
      path: [...path, 'holidays', own.holidays.indexOf(m.date)],
      rows,
      message: `the calendar loaded into ${node} lists ${m.date} as a closure, but the exchanges trade that day${today(sc, m.date)}`,
      fix: `correct ${node}'s calendar: ${rowsText(rows)} (in the file: remove ${m.date} from the list)`,
    });
  }
  // The make-up Saturday trap: a weekend row the table trades on.
  for (const m of wrong.filter((x) => x.table === 'trading' && isWeekend(x.date))) {
    const r = rowFinding(node, m.date, true);
    if (r) out.push({ ...r, path: [...path, 'tradingWeekends', (own.tradingWeekends ?? []).indexOf(m.date)] });
  }
  return out;
}

function makeups(sc: Scenario): Raw[] {
  const out: Raw[] = [];
  const lists: [readonly string[] | undefined, (string | number)[]][] = [
    [sc.calendar.makeupWorkdays, ['calendar', 'makeupWorkdays']],
    [sc.cutover?.newCalendar?.makeupWorkdays, ['cutover', 'newCalendar', 'makeupWorkdays']],
  ];
  for (const [days, path] of lists) {
    days?.forEach((d, i) => {
      if (publishedMakeupDay(d) !== false || publishedTradingDay(d) === undefined) return;
      out.push({
        kind: 'calendar',
        severity: 'error',
        key: 'calendarMakeupWeekday',
        params: { date: d },
        path: [...path, i],
        message: `${d} is listed as a make-up working day (调休), but the exchanges published no such day`,
        fix: `remove ${d}; the published make-up days are weekend days the exchanges stay closed on`,
        evidence: [
          ev(
            'publishedDay',
            { date: d, status: publishedTradingDay(d) ? 'trading' : 'closed' },
            `${d} is ${publishedTradingDay(d) ? 'an ordinary trading day' : 'a closed day'} in the exchanges' notice`,
          ),
        ],
      });
    });
  }
  return out;
}

/** The table a node starts the run with: the new system's own, else the scenario's. */
export function startingTable(sc: Scenario, node: string): CalendarTable {
  const own = sc.cutover?.newCalendar;
  return own && sc.cutover!.new === node ? loadedTable(EXCHANGE_TABLE, own) : scenarioTable(sc.calendar);
}

/** Does the node start the run trading on date? undefined when its table has no such year. */
export function startsTrading(sc: Scenario, node: string, date: string): boolean | undefined {
  const t = startingTable(sc, node);
  return t.years.includes(Number(date.slice(0, 4))) ? dayStatus(t, date).trading : undefined;
}

/** One row of a node's calendar against the notice; null when it agrees or the year has no notice. */
export function rowFinding(node: string, date: string, trading: boolean): Omit<Raw, 'path'> | null {
  const open = publishedTradingDay(date);
  if (open === undefined || open === trading) return null;
  const makeup = publishedMakeupDay(date) === true;
  const published = ev(
    'publishedDay',
    { date, status: open ? 'trading' : makeup ? 'makeup' : 'closed' },
    `${date} is ${open ? 'a trading day' : makeup ? 'a make-up working day (调休): society works, the exchanges are closed' : 'a closed day'} in the exchanges' notice`,
  );
  const rows = [{ date, trading: open }];
  return trading
    ? {
        kind: 'calendar',
        severity: 'error',
        key: 'calendarTradingOnClosed',
        params: { node, date },
        node,
        rows,
        message: `${node}'s calendar trades on ${date}, but the exchanges are closed${makeup ? ' (a make-up working day is not a trading day)' : ''}`,
        fix: `${calendarSetText(node, rows[0]!)}: no orders or bank transfers on a closed day`,
        evidence: [published],
      }
    : {
        kind: 'calendar',
        severity: 'error',
        key: 'calendarClosedOnTrading',
        params: { node, date },
        node,
        rows,
        message: `${node}'s calendar is closed on ${date}, but the exchanges trade that day`,
        fix: calendarSetText(node, rows[0]!),
        evidence: [published],
      };
}
