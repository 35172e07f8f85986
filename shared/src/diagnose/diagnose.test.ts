import { describe, expect, it } from 'vitest';
import { listRepoDir, readRepoFile } from '../../scripts/repo-files.mjs';
import { createSimulation } from '../engine/simulation.ts';
import { simulationView } from '../predicate/view.ts';
import { parseScenario } from '../scenario/parse.ts';
import type { Command, StampedCommand } from '../scenario/command.ts';
import { parseClock } from '../scenario/units.ts';
import { EXPORT_FORMAT, type SessionExport } from '../replay/export.ts';
import { diagnoseScenario, diagnoseSession, diagnoseSessionExport, formatFinding, type Finding } from './index.ts';

const library = [
  ...listRepoDir('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `scenarios/${f}`),
  ...listRepoDir('scenarios/drills')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `scenarios/drills/${f}`),
];

/** The planted error of each misconfigured library scenario: kind, key, and the field to fix. */
const PLANTED: Record<string, [string, string, string][]> = {
  'scenarios/holiday-calendar-misconfig.yaml': [
    ['calendar', 'calendarOmits', 'cutover.newCalendar.holidays'],
    ['calendar', 'calendarExtra', 'cutover.newCalendar.holidays[18]'],
    ['calendar', 'calendarTradingOnClosed', 'cutover.newCalendar.tradingWeekends[0]'],
  ],
  'scenarios/drills/holiday-calendar-switch.yaml': [
    ['calendar', 'calendarOmits', 'cutover.newCalendar.holidays'],
    ['calendar', 'calendarExtra', 'cutover.newCalendar.holidays[18]'],
  ],
  'scenarios/oms-dual-run-fee-rule.yaml': [['fee_rule', 'feePerFill', 'nodes[2].fees.minimumApplies']],
  'scenarios/weekend-counter-upgrade.yaml': [['dirty_migration', 'dirtyMigration', 'migration.dirtyShare']],
  // Its full data check finds every broken record and the runbook cleans them before the go.
  'scenarios/weekend-counter-cutover.yaml': [['dirty_migration', 'dirtyMigration', 'migration.dirtyShare']],
  'scenarios/drills/weekend-upgrade-no-go.yaml': [['dirty_migration', 'dirtyMigration', 'migration.dirtyShare']],
  'scenarios/drills/sod-file-missing.yaml': [['price_limits', 'sodMissing', 'startOfDay.securitiesFile']],
  // The new OMS's clearing does not map the cash dividend its Monday SZ file carries.
  'scenarios/drills/first-night-clearing.yaml': [['clearing', 'dividendSkipped', 'nodes[2].config["clearing.cashDividend"]']],
  'scenarios/drills/ipo-subscription-day.yaml': [['ipo', 'ipoFreezeAtT', 'nodes[1].config["ipo.freezeAtSubscription"]']],
  // The broker-side twin: the new-generation counter's clearing skips the dividend of its Monday SZ file.
  'scenarios/drills/first-night-clearing-counter.yaml': [['clearing', 'dividendSkipped', 'nodes[2].config["clearing.cashDividend"]']],
};

const errorsOf = (d: { findings: Finding[] }) => d.findings.filter((f) => f.severity === 'error');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('diagnose on the scenario library', () => {
  it.each(library)('%s: finds the planted errors, and nothing wrong in a correct file', (file) => {
    const text = readRepoFile(file);
    const d = diagnoseScenario(text, file);
    expect(d.errors).toEqual([]);
    const planted = PLANTED[file] ?? [];
    expect(
      errorsOf(d).map((f) => [f.kind, f.key, f.at.path]),
      d.findings.map(formatFinding).join('\n'),
    ).toEqual(planted);
    for (const f of errorsOf(d)) {
      expect(f.at.file).toBe(file);
      expect(f.at.line).toBeGreaterThan(1);
      expect(f.status).toBe('open');
    }
  });

  it('points at the line and column of the wrong value', () => {
    const file = 'scenarios/holiday-calendar-misconfig.yaml';
    const text = readRepoFile(file);
    const [omits, extra, saturday] = errorsOf(diagnoseScenario(text, file));
    const line = lineOf(text, 'holidays: ["2026-01-01"');
    expect(omits!.at).toMatchObject({ line, column: text.split('\n')[line - 1]!.indexOf('[') + 1 });
    expect(extra!.at).toMatchObject({ line, column: text.split('\n')[line - 1]!.indexOf('"2026-10-08"') + 1 });
    const weekends = lineOf(text, 'tradingWeekends: ["2026-10-10"]');
    expect(saturday!.at).toMatchObject({ line: weekends, column: text.split('\n')[weekends - 1]!.indexOf('"2026-10-10"') + 1 });
    expect(omits!.message).toContain('2026-10-01');
    expect(extra!.message).toContain('2026-10-08');
    expect(saturday!.message).toBe("counter-new's calendar trades on 2026-10-10, but the exchanges are closed (a make-up working day is not a trading day)");
    // The fix of a system's table is the command that sets its rows, as the runbook does.
    expect(omits!.fix).toContain('calendar_set {node: counter-new, date: 2026-10-01, trading: false}');
    expect(extra!.fix).toContain('calendar_set {node: counter-new, date: 2026-10-08, trading: true}');
    expect(saturday!.fix).toContain('calendar_set {node: counter-new, date: 2026-10-10, trading: false}');
    const fee = errorsOf(diagnoseScenario(readRepoFile('scenarios/oms-dual-run-fee-rule.yaml'), 'oms.yaml'))[0]!;
    expect(formatFinding(fee)).toMatch(/^oms\.yaml:57:\d+ {2}error \[fee_rule\] node oms-new charges the 5\.00-yuan minimum commission on every partial fill/);
  });

  it('reports a file that does not load instead of guessing', () => {
    const d = diagnoseScenario('schemaVersion: 2\nid: x\n', 'x.yaml');
    expect(d.findings).toEqual([]);
    expect(d.errors[0]).toMatch(/^x\.yaml:\d+:\d+/);
  });
});

/** small-broker.yaml with a change: the errors a reviewer should catch, planted one at a time. */
const broker = readRepoFile('scenarios/small-broker.yaml');
const edit = (from: string | RegExp, to: string) => {
  const text = broker.replace(from, to);
  expect(text).not.toBe(broker);
  return errorsOf(diagnoseScenario(text, 'edited.yaml'));
};

describe('diagnose on planted errors', () => {
  it('a calendar that lists a trading day as closed, omits a holiday, or trades on a make-up Saturday', () => {
    const cal = (extra: string) => edit(/calendar:\n {2}date: 2026-03-02[^\n]*/, `calendar:\n  date: 2026-03-02\n${extra}`);
    expect(cal('  holidays: ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-23", "2026-03-02"]').map((f) => [f.key, f.at.path])).toEqual([
      ['calendarExtra', 'calendar.holidays[6]'],
    ]);
    expect(cal('  holidays: ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"]').map((f) => [f.key, f.params['dates']])).toEqual([['calendarOmits', '2026-02-23']]);
    // A weekday make-up day is refused by the parser; a weekend day the notice does not name is diagnose's.
    expect(cal('  makeupWorkdays: ["2026-03-07"]').map((f) => f.key)).toEqual(['calendarMakeupWeekday']);
  });

  it('a new system whose table trades on a make-up Saturday: read from cutover.newCalendar.tradingWeekends', () => {
    const file = 'scenarios/drills/holiday-calendar-switch.yaml';
    const text = readRepoFile(file).replace(/( {4}holidays: \[[^\n]*\]\n)/, '$1    tradingWeekends: ["2026-10-10", "2026-02-28"]\n');
    const found = errorsOf(diagnoseScenario(text, 'sat.yaml')).filter((f) => f.key === 'calendarTradingOnClosed');
    expect(found.map((f) => [f.params['date'], f.at.path])).toEqual([
      ['2026-02-28', 'cutover.newCalendar.tradingWeekends[1]'],
      ['2026-10-10', 'cutover.newCalendar.tradingWeekends[0]'],
    ]);
    expect(found[0]!.evidence[0]!.text).toContain('make-up working day');
  });

  it('a fee rule per fill, at the scenario level', () => {
    expect(edit('fees:\n  accountClass: retail\n', 'fees:\n  accountClass: retail\n  minimumApplies: per_fill\n').map((f) => [f.kind, f.at.path])).toEqual([['fee_rule', 'fees.minimumApplies']]);
  });

  it('a route around pre-trade risk, and a standby counter without the links its routes need', () => {
    const text = broker;
    const sc = parseScenario(text, 'x');
    if (!sc.ok) throw new Error('small-broker does not load');
    const route = sc.scenario.routes[0]!;
    const skip = route.path.filter((id) => id !== 'risk');
    const gwHop = route.path[route.path.indexOf('risk') + 1]!;
    const noRisk = text.replace(`path: [${route.path.join(', ')}]`, `path: [${skip.join(', ')}]`);
    const withLink = noRisk.replace('links:\n', `links:\n  - { from: counter, to: ${gwHop}, latency: 50us }\n`);
    expect(errorsOf(diagnoseScenario(withLink, 'x.yaml')).map((f) => [f.key, f.at.path])).toEqual([['routeSkipsRisk', 'routes[0].path']]);
    const standby = text.replace('nodes:\n', 'nodes:\n  - { id: counter-dr, kind: counter, region: dc-sh, standbyFor: counter }\n');
    const d = errorsOf(diagnoseScenario(standby, 'x.yaml'));
    expect(d.map((f) => [f.key, f.at.path])).toEqual([['standbyMissingLink', 'nodes[0].standbyFor']]);
    expect(d[0]!.message).toMatch(/counter-dr stands by for counter but has no link to terminals, risk/);
  });

  it('one PBU carried to two exchanges', () => {
    const found = edit('  - id: gw-szse\n    kind: gateway\n', '  - id: gw-szse\n    kind: gateway\n    pbus: [gw-sse]\n');
    expect(found.map((f) => [f.kind, f.key])).toEqual([['pbu', 'pbuTwoMarkets']]);
  });
});

const at = (c: string) => parseClock(c)!;
const stamped = (...steps: [string, Command][]): StampedCommand[] => steps.map(([clock, command], seq) => ({ seq, at: at(clock), actor: '王工', command }));

/** Run the file's engine over the commands to `until`, and diagnose with what it shows. */
function session(file: string, commands: StampedCommand[], until: string) {
  const text = readRepoFile(file);
  const parsed = parseScenario(text, file);
  if (!parsed.ok) throw new Error(`${file} does not load`);
  const sim = createSimulation(parsed.scenario, { seed: parsed.scenario.seed });
  for (const c of commands) {
    sim.runUntil(c.at);
    sim.apply(c);
  }
  sim.runUntil(at(until));
  return diagnoseSession(text, file, { commands, view: simulationView(sim) });
}

describe('diagnose on a session', () => {
  it('backs a fee-rule finding with the reconciliation breaks, and marks it fixed once the rule is set per order', () => {
    const file = 'scenarios/oms-dual-run-fee-rule.yaml';
    const open = session(file, stamped(['09:50', { type: 'reconcile' }]), '09:51');
    const fee = open.findings.find((f) => f.kind === 'fee_rule')!;
    expect(fee.status).toBe('open');
    const breaks = fee.evidence.find((e) => e.key === 'reconBreaks')!;
    expect(breaks.params['n']).toBeGreaterThan(0);
    const fixed = session(
      file,
      stamped(
        ['09:50', { type: 'reconcile' }],
        ['09:52', { type: 'set_config', node: 'oms-new', key: 'fees.minimumApplies', value: 'per_order' }],
        ['09:52', { type: 'rerun_shadow' }],
        ['09:55', { type: 'reconcile' }],
      ),
      '09:56',
    );
    const after = fixed.findings.find((f) => f.kind === 'fee_rule')!;
    expect(after.status).toBe('fixed');
    expect(after.evidence.map((e) => e.text)).toContain('corrected by set_config oms-new fees.minimumApplies = per_order at 09:52:00 by 王工');
    expect(after.evidence.find((e) => e.key === 'reconBreaks')!.params['n']).toBe(0);
  });

  it("marks the new counter's calendar fixed by the session's calendar_set rows, and names a row set the wrong way", () => {
    const file = 'scenarios/drills/holiday-calendar-switch.yaml';
    const row = (date: string, trading: boolean): Command => ({ type: 'calendar_set', node: 'counter-new', date, trading });
    const calendar = (d: { findings: Finding[] }) => d.findings.filter((f) => f.kind === 'calendar').map((f) => [f.key, f.status, f.at.path]);
    const open = session(file, [], '09:41');
    expect(calendar(open)).toEqual([
      ['calendarOmits', 'open', 'cutover.newCalendar.holidays'],
      ['calendarExtra', 'open', 'cutover.newCalendar.holidays[18]'],
    ]);
    expect(open.findings[1]!.evidence.find((e) => e.key === 'reconBreaks')!.params['n']).toBeGreaterThan(0);
    // Only today's row: the table still trades on 10-01.
    const half = session(file, stamped(['09:40', row('2026-10-08', true)]), '09:41');
    expect(calendar(half).map(([key, status]) => [key, status])).toEqual([
      ['calendarOmits', 'open'],
      ['calendarExtra', 'fixed'],
    ]);
    const fixed = session(file, stamped(['09:40', row('2026-10-01', false)], ['09:40', row('2026-10-08', true)], ['09:40', row('2026-10-09', false)], ['09:40', { type: 'rerun_shadow' }]), '09:51');
    expect(calendar(fixed)).toEqual([
      ['calendarOmits', 'fixed', 'cutover.newCalendar.holidays'],
      ['calendarExtra', 'fixed', 'cutover.newCalendar.holidays[18]'],
      ['calendarClosedOnTrading', 'open', 'nodes[2]'],
    ]);
    expect(fixed.findings[0]!.evidence.map((e) => e.text)).toContain('corrected by calendar_set {node: counter-new, date: 2026-10-01, trading: false} at 09:40:00 by 王工');
    expect(fixed.findings[2]!.evidence.map((e) => e.key)).toEqual(['publishedDay', 'introducedBy', 'reconBreaks']);
    expect(fixed.findings[2]!.fix).toBe('calendar_set {node: counter-new, date: 2026-10-09, trading: true}');
  });

  it('counts the refused orders behind a missing start-of-day file, and sees the import', () => {
    const file = 'scenarios/drills/sod-file-missing.yaml';
    const open = session(file, [], '09:17');
    const f = open.findings.find((x) => x.kind === 'price_limits')!;
    expect(f.evidence.find((e) => e.key === 'rejects')!.params['n']).toBeGreaterThan(0);
    const fixed = session(file, stamped(['09:17', { type: 'set_config', node: 'counter', key: 'sod.securitiesFile', value: 'loaded' }]), '09:18');
    expect(fixed.findings.find((x) => x.kind === 'price_limits')!.status).toBe('fixed');
  });

  it('counts the valid subscriptions refused for cash under the pre-2016 freeze, sees the fix, and names the quota check switched off', () => {
    const file = 'scenarios/drills/ipo-subscription-day.yaml';
    const open = session(file, [], '09:31');
    const f = open.findings.find((x) => x.key === 'ipoFreezeAtT')!;
    expect(f).toMatchObject({ status: 'open', at: { line: lineOf(readRepoFile(file), 'config: { ipo.freezeAtSubscription: true }') } });
    expect(f.evidence.find((e) => e.key === 'rejects')!.params).toMatchObject({ reason: 'insufficient_funds' });
    expect(f.evidence.find((e) => e.key === 'rejects')!.params['n']).toBeGreaterThan(100);
    const fixed = session(file, stamped(['09:31', { type: 'set_config', node: 'counter', key: 'ipo.freezeAtSubscription', value: false }]), '09:32');
    expect(fixed.findings.find((x) => x.key === 'ipoFreezeAtT')!.status).toBe('fixed');
    const wrong = session(file, stamped(['09:31', { type: 'set_config', node: 'counter', key: 'ipo.quotaCheck', value: 'off' }]), '09:32');
    expect(wrong.findings.find((x) => x.key === 'ipoQuotaCheckOff')).toMatchObject({ severity: 'error', status: 'open' });
    expect(wrong.findings.find((x) => x.key === 'ipoFreezeAtT')!.status).toBe('open');
  });

  it('names a stale feed as the likely cause when the run shows orders refused for want of quotes', () => {
    const file = 'scenarios/drills/stale-market-data.yaml';
    expect(session(file, [], '10:01:50').findings).toEqual([]);
    const d = session(file, [], '10:02:30');
    const f = d.findings.find((x) => x.kind === 'market_data')!;
    expect(f).toMatchObject({ severity: 'warning', key: 'staleFeedRejects', at: { path: 'nodes[2]', line: lineOf(readRepoFile(file), 'id: md, kind: market_data') } });
    expect(f.evidence[0]!.params['n']).toBeGreaterThan(1000);
    expect(f.message).toContain('md, md-2');
  });

  it('names an error a command put in: the minimum commission set per fill live', () => {
    const d = session('scenarios/drills/opening-surge.yaml', stamped(['09:30', { type: 'set_config', node: 'counter', key: 'fees.minimumApplies', value: 'per_fill' }]), '09:30:30');
    const f = errorsOf(d);
    expect(f.map((x) => [x.kind, x.at.path])).toEqual([['fee_rule', 'nodes[1]']]);
    expect(f[0]!.evidence.map((e) => e.key)).toEqual(['introducedBy', 'commission']);
  });
});

describe('diagnose on a night clearing that skips a cash dividend', () => {
  const file = 'scenarios/drills/first-night-clearing.yaml';
  const text = readRepoFile(file);
  const skipped = (d: { findings: Finding[] }) => d.findings.filter((f) => f.kind === 'clearing');

  it('names the system, the file and the symbol, and points at the config value', () => {
    const [f, ...rest] = skipped(diagnoseScenario(text, file));
    expect(rest).toEqual([]);
    const line = lineOf(text, 'config: { clearing.cashDividend: skip }');
    expect(f!.at).toMatchObject({ file, line, column: text.split('\n')[line - 1]!.indexOf('skip') + 1 });
    expect(f!.params).toMatchObject({ node: 'oms-new', other: 'o32', files: 'sz-1', symbols: '000858' });
    expect(f!.evidence.map((e) => e.text)).toEqual(["settlement file sz-1 (SZSE) carries cash dividends on 000858, skipped by oms-new's clearing"]);
    expect(f!.fix).toContain('set_config oms-new clearing.cashDividend = post, then rerun_clearing node oms-new from checkpoint');
  });

  it('finds nothing when the clearing maps the dividend, or when no file carries one', () => {
    const mapped = text.replace('config: { clearing.cashDividend: skip }', 'config: { clearing.cashDividend: post }');
    expect(mapped).not.toBe(text);
    expect(skipped(diagnoseScenario(mapped, 'mapped.yaml'))).toEqual([]);
    const noDividend = text.replace(/, dividends: \[[^\]]*\] \}/, ' }');
    expect(noDividend).not.toBe(text);
    expect(skipped(diagnoseScenario(noDividend, 'plain.yaml'))).toEqual([]);
  });

  it('says an intraday reconciliation cannot see it, and counts the breaks of the one after clearing', () => {
    const intraday = skipped(session(file, [], '15:10'))[0]!;
    expect(intraday.evidence.map((e) => e.key)).toEqual(['dividendFile', 'noPostClearing']);
    const after = skipped(session(file, stamped(['18:05', { type: 'reconcile' }]), '18:06'));
    expect(after.map((f) => [f.key, f.status])).toEqual([['dividendSkipped', 'open']]);
    expect(after[0]!.evidence.find((e) => e.key === 'postClearingBreaks')!.params).toEqual({ n: 60, at: '18:05:00' });
  });

  it('is fixed by the mapping, and a mapping without a rerun leaves breaks it names as the cause', () => {
    const map: [string, Command] = ['18:15', { type: 'set_config', node: 'oms-new', key: 'clearing.cashDividend', value: 'post' }];
    const rerun: [string, Command] = ['18:15', { type: 'rerun_clearing', node: 'oms-new', from: 'checkpoint' }];
    const fixed = skipped(session(file, stamped(['18:05', { type: 'reconcile' }], map, rerun, ['18:20', { type: 'reconcile' }]), '18:21'));
    expect(fixed.map((f) => [f.key, f.status])).toEqual([['dividendSkipped', 'fixed']]);
    expect(fixed[0]!.evidence.map((e) => e.text)).toContain('corrected by set_config oms-new clearing.cashDividend = post at 18:15:00 by 王工');
    expect(fixed[0]!.evidence.find((e) => e.key === 'postClearingBreaks')!.params['n']).toBe(0);
    const noRerun = skipped(session(file, stamped(['18:05', { type: 'reconcile' }], map, ['18:20', { type: 'reconcile' }]), '18:21'));
    expect(noRerun.map((f) => [f.key, f.status])).toEqual([
      ['dividendSkipped', 'fixed'],
      ['corporateActionBreaks', 'open'],
    ]);
    expect(noRerun[1]!.params).toMatchObject({ n: 60, node: 'oms-new', files: 'sz-1' });
    expect(noRerun[1]!.at.path).toBe('nodes[2]');
    expect(noRerun[1]!.fix).toContain('rerun that clearing from its checkpoint');
  });

  it("names the broker's new counter in the counter drill, and the breaks after its clearing", () => {
    const counterFile = 'scenarios/drills/first-night-clearing-counter.yaml';
    const [f, ...rest] = skipped(diagnoseScenario(readRepoFile(counterFile), counterFile));
    expect(rest).toEqual([]);
    expect(f!.params).toMatchObject({ node: 'counter-new', other: 'counter', files: 'sz-1', symbols: '000333' });
    expect(f!.fix).toContain('set_config counter-new clearing.cashDividend = post, then rerun_clearing node counter-new from checkpoint');
    const after = skipped(session(counterFile, stamped(['18:05', { type: 'reconcile' }]), '18:06'));
    expect(after.map((x) => [x.key, x.status])).toEqual([['dividendSkipped', 'open']]);
    expect(after[0]!.evidence.find((e) => e.key === 'postClearingBreaks')!.params).toEqual({ n: 400, at: '18:05:00' }); // every client holds 000333
  });

  it('names a skip a command put in', () => {
    const mapped = text.replace('config: { clearing.cashDividend: skip }', 'config: { clearing.cashDividend: post }');
    const parsed = parseScenario(mapped, 'mapped.yaml');
    if (!parsed.ok) throw new Error('the mapped file does not load');
    const commands = stamped(['15:30', { type: 'set_config', node: 'oms-new', key: 'clearing.cashDividend', value: 'skip' }]);
    const sim = createSimulation(parsed.scenario, { seed: parsed.scenario.seed });
    const d = diagnoseSession(mapped, 'mapped.yaml', { commands, view: simulationView(sim) });
    expect(skipped(d).map((f) => [f.key, f.at.path, f.evidence[0]!.key])).toEqual([['dividendSkipped', 'nodes[2]', 'introducedBy']]);
  });

  it('reads the breaks after clearing from a session export', () => {
    const exp: SessionExport = {
      format: EXPORT_FORMAT,
      session: { id: 'fnc', title: '第一次夜间清算' },
      scenarioText: text,
      seed: 31,
      commands: stamped(['18:05', { type: 'reconcile' }]),
      runbook: {},
      chat: [],
      hints: [],
      exportedAt: 0,
    };
    const out = diagnoseSessionExport(exp, at('18:06'));
    if (!out.ok) throw new Error(out.error);
    const f = skipped(out.diagnosis);
    expect(f.map((x) => [x.key, x.status])).toEqual([['dividendSkipped', 'open']]);
    expect(f[0]!.evidence.map((e) => e.text)).toContain('the last reconciliation, after clearing at 18:05:00, shows 60 break(s) of cause corporate_action');
    // Before the night's clearing, the same export shows no breaks of that cause.
    const before = diagnoseSessionExport({ ...exp, commands: [] }, at('15:10'));
    if (!before.ok) throw new Error(before.error);
    expect(skipped(before.diagnosis)[0]!.evidence.map((e) => e.key)).toEqual(['dividendFile', 'noPostClearing']);
  });
});
