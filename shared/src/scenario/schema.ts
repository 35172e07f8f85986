import { z } from 'zod';
import type { SAY_WHAT } from './say.ts';
import { Accounts, Calendar, Instrument, Load, SimWindow } from './load.ts';
import { FeeRule, Link, linkId, Node, Region, Route } from './topology.ts';
import { FLOW_FAULTS, LINK_FAULTS, ScheduledFault } from './faults.ts';
import { Id } from './units.ts';
import { isValidDate } from '../calendar/days.ts';
import { checkCutover, cutoverFields } from './cutover.ts';
import { marketFields } from './market.ts';
import { Drill } from './drill.ts';
import { resolveInstruments } from '../engine/instruments.ts';
import { MAX_INSTRUMENTS, universeCount } from './accounts.ts';
import { checkDrill } from './drill-check.ts';
import { checkWindowDays } from './window.ts';
import { checkNight, nightFields } from './night.ts';
import { replicationIssue } from './replication.ts';

/**
 * Caps on what one scenario may hold: far above any real deployment (a large broker's twin has
 * tens of nodes), low enough that a hostile file cannot make a run worker or the 3D view spend
 * gigabytes. Arrays are checked before their items, so an oversized list fails fast.
 */
export const SCENARIO_CAPS = { nodes: 1000, links: 4000, routes: 1000, regions: 200, instruments: 1000, faults: 1000, title: 200, description: 10_000 } as const;
const most = (n: number, what: string) => ({ error: `at most ${n} ${what}` });

/** The format version this TwinLab writes. Older files are migrated before validation. */
export const SCHEMA_VERSION = 2;

const ScenarioObject = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION).meta({ description: 'Format version of this file; older files are migrated when loaded.' }),
    id: Id,
    title: z.string().min(1).max(SCENARIO_CAPS.title, most(SCENARIO_CAPS.title, 'characters')),
    description: z.string().max(SCENARIO_CAPS.description, most(SCENARIO_CAPS.description, 'characters')).default(''),
    seed: z.int().min(0).max(0xffffffff).default(1).meta({ description: 'Default seed; a session may choose another.' }),
    calendar: Calendar.prefault({}).meta({ description: 'The trading date, its holidays and its sessions.' }),
    window: SimWindow.prefault({}),
    regions: z.array(Region).min(1).max(SCENARIO_CAPS.regions, most(SCENARIO_CAPS.regions, 'regions')).meta({ description: 'Sites: data centres, DR site, client sites, exchange co-location.' }),
    nodes: z
      .array(Node)
      .min(1)
      .max(SCENARIO_CAPS.nodes, most(SCENARIO_CAPS.nodes, 'nodes'))
      .meta({ description: 'Systems that queue and serve messages: terminals, counters, risk, gateways, exchanges, …' }),
    links: z.array(Link).max(SCENARIO_CAPS.links, most(SCENARIO_CAPS.links, 'links')).default([]).meta({ description: 'Network links between nodes; a route may only step along a link.' }),
    routes: z.array(Route).min(1).max(SCENARIO_CAPS.routes, most(SCENARIO_CAPS.routes, 'routes')).meta({ description: 'Paths orders take from their source to an exchange.' }),
    fees: FeeRule.prefault({}),
    accounts: Accounts.prefault({}),
    instruments: z
      .array(Instrument)
      .min(1)
      .max(SCENARIO_CAPS.instruments, most(SCENARIO_CAPS.instruments, 'instrument entries'))
      .meta({ description: 'Securities traded: listed one by one, or generated per market.' }),
    load: Load,
    faults: z.array(ScheduledFault).max(SCENARIO_CAPS.faults, most(SCENARIO_CAPS.faults, 'scheduled faults')).default([]).meta({ description: 'Faults that happen by themselves at a time of day.' }),
    ...cutoverFields,
    ...marketFields,
    ...nightFields,
    drill: Drill.optional().meta({ description: 'Makes the scenario a drill: objectives, hints, time limit and scoring (shared/src/drill).' }),
  })
  .strict();

export const Scenario = ScenarioObject.superRefine(checkReferences).superRefine(checkDrill);

export type ScenarioInput = z.input<typeof Scenario>;
export type Scenario = z.output<typeof Scenario>;

/** A dual-run shadow keeps every account's position in every instrument (dualrun/shadow.ts): accounts × instruments at most. */
export const MAX_BOOK_CELLS = 20_000_000;

export { linkId } from './topology.ts';

/** Cross-references zod cannot see: every issue carries the path of the field at fault. */
function checkReferences(sc: z.output<typeof ScenarioObject>, ctx: z.RefinementCtx): void {
  // say: the message as a key and values (parse.ts SAY_KEYS), so the editor can put it in the reader's language.
  const issue = (path: (string | number)[], message: string, say?: Record<string, string | number>) =>
    ctx.addIssue(say ? { code: 'custom', path, message, params: say } : { code: 'custom', path, message });
  const dupes = (items: { id: string }[], what: (typeof SAY_WHAT)[number], key: string) => {
    const seen = new Set<string>();
    items.forEach((it, i) => {
      if (seen.has(it.id)) issue([key, i, 'id'], `duplicate ${what} id "${it.id}"`, { say: 'duplicateId', what, id: it.id });
      seen.add(it.id);
    });
  };
  // Instruments after generation, capped before any is generated (the first entry past the cap is at fault).
  let instruments = 0;
  let overAt = -1;
  sc.instruments.forEach((x, i) => {
    instruments += 'generate' in x ? x.generate : 'universe' in x ? universeCount(x.universe, x.boards) : 1;
    if (overAt < 0 && instruments > MAX_INSTRUMENTS) overAt = i;
  });
  if (overAt >= 0)
    issue(
      ['instruments', overAt],
      `${instruments.toLocaleString('en')} instruments after generation: at most ${MAX_INSTRUMENTS.toLocaleString('en')} (the whole A-share market with its ETFs and bonds is about 7,000)`,
    );
  const classes = sc.accounts.classes;
  const broken = sc.migration?.brokenClass;
  if (broken && !classes?.some((c) => c.class === broken.class))
    issue(['migration', 'brokenClass', 'class'], `no account class "${broken.class}" in accounts.classes: the rule must break a class the scenario has`);
  if (classes) {
    const sum = classes.reduce((n, c) => n + c.count, 0);
    if (sum !== sc.accounts.count)
      issue(['accounts', 'classes'], `the classes hold ${sum.toLocaleString('en')} accounts, accounts.count says ${sc.accounts.count.toLocaleString('en')}: make them agree`);
  }
  // The dual-run shadow keeps dense books (dualrun/shadow.ts): only the counter's own books are sparse.
  if (sc.dualRun && sc.accounts.count * instruments > MAX_BOOK_CELLS) {
    issue(
      ['accounts', 'count'],
      `${sc.accounts.count} accounts × ${instruments} instruments is more than the engine holds (${MAX_BOOK_CELLS.toLocaleString('en')} positions): fewer accounts or instruments`,
      {
        say: 'tooManyPositions',
        accounts: sc.accounts.count,
        instruments,
        max: MAX_BOOK_CELLS.toLocaleString('en'),
      },
    );
  }
  dupes(sc.regions, 'region', 'regions');
  dupes(sc.nodes, 'node', 'nodes');
  dupes(sc.routes, 'route', 'routes');
  const regions = new Set(sc.regions.map((r) => r.id));
  const nodes = new Map(sc.nodes.map((n) => [n.id, n]));
  sc.nodes.forEach((n, i) => {
    if (!regions.has(n.region))
      issue(['nodes', i, 'region'], `unknown region "${n.region}" (regions: ${[...regions].join(', ')})`, { say: 'unknownRegion', value: n.region, list: [...regions].join(', ') });
    if (n.standbyFor !== undefined && !nodes.has(n.standbyFor)) issue(['nodes', i, 'standbyFor'], `unknown node "${n.standbyFor}"`, { say: 'unknownNode', value: n.standbyFor });
    if (n.kind === 'exchange' && n.market === undefined) issue(['nodes', i, 'market'], 'an exchange node needs market: SSE or SZSE', { say: 'exchangeMarket' });
    if (n.replication) replicationIssue(sc, n.id, n.kind, (message) => issue(['nodes', i, 'replication'], message));
  });
  const links = new Set<string>();
  const linkIds = new Set<string>();
  sc.links.forEach((l, i) => {
    if (!nodes.has(l.from)) issue(['links', i, 'from'], `unknown node "${l.from}" in link`, { say: 'unknownNodeInLink', value: l.from });
    if (!nodes.has(l.to)) issue(['links', i, 'to'], `unknown node "${l.to}" in link`, { say: 'unknownNodeInLink', value: l.to });
    if (l.from === l.to) issue(['links', i, 'to'], 'a link joins two different nodes');
    const id = linkId(l);
    if (linkIds.has(id)) issue(['links', i], `duplicate link "${id}"`);
    linkIds.add(id);
    links.add(`${l.from}\u0000${l.to}`).add(`${l.to}\u0000${l.from}`);
  });
  sc.routes.forEach((r, i) => {
    r.path.forEach((id, j) => {
      if (!nodes.has(id)) issue(['routes', i, 'path', j], `unknown node "${id}" in route`, { say: 'unknownNodeInRoute', value: id });
      else if (j > 0 && nodes.has(r.path[j - 1]!) && !links.has(`${r.path[j - 1]}\u0000${id}`)) {
        issue(['routes', i, 'path', j], `no link between "${r.path[j - 1]}" and "${id}"`, { say: 'noLinkBetween', from: r.path[j - 1]!, to: id });
      }
    });
    const last = nodes.get(r.path[r.path.length - 1]!);
    r.path.slice(0, -1).forEach((id, j) => {
      if (nodes.get(id)?.kind === 'exchange') issue(['routes', i, 'path', j], 'an exchange ends a route');
    });
    if (last && last.kind !== 'exchange' && sc.routes.length > 1) {
      // A route that ends short of an exchange is a plain queueing network (used to check the engine); one per scenario.
      issue(['routes', i, 'path'], 'with several routes, each must end at an exchange');
    }
  });
  const markets = new Set(
    sc.routes
      .map((r) => nodes.get(r.path[r.path.length - 1]!))
      .filter((n) => n?.kind === 'exchange')
      .map((n) => n!.market),
  );
  if (overAt >= 0) return; // resolving would only generate what is refused already
  const resolved = resolveInstruments(sc.instruments);
  resolved.problems.forEach((p) => issue(['instruments', p.index, p.field], p.message));
  if (markets.size > 0) {
    sc.instruments.forEach((ins, i) => {
      if ('universe' in ins) {
        ins.universe.forEach((mk, j) => markets.has(mk) || issue(['instruments', i, 'universe', j], `no route reaches an exchange for market ${mk}`));
        return;
      }
      const market = ins.market ?? resolved.instruments.find((r) => 'symbol' in ins && r.symbol === ins.symbol)?.market;
      if (market !== undefined && !markets.has(market)) issue(['instruments', i, 'market'], `no route reaches an exchange for market ${market}`);
    });
  }
  // New-share subscription codes (docs/domain.md C8) trade beside the instruments: unique, routed, with a window.
  const symbols = new Set(resolved.instruments.map((r) => r.symbol));
  sc.ipo?.issues.forEach((x, i) => {
    if (symbols.has(x.code)) issue(['ipo', 'issues', i, 'code'], `subscription code "${x.code}" is also an instrument's symbol`);
    symbols.add(x.code);
    if (markets.size > 0 && !markets.has(x.market)) issue(['ipo', 'issues', i, 'market'], `no route reaches an exchange for market ${x.market}`);
    if (x.window.end <= x.window.start) issue(['ipo', 'issues', i, 'window', 'end'], 'the subscription window ends before it starts');
  });
  const cal = sc.calendar;
  if (!isValidDate(cal.date)) issue(['calendar', 'date'], `${cal.date} is not a calendar date`, { say: 'notCalendarDate', value: cal.date });
  cal.holidays?.forEach((d, i) => isValidDate(d) || issue(['calendar', 'holidays', i], `${d} is not a calendar date`, { say: 'notCalendarDate', value: d }));
  cal.makeupWorkdays?.forEach((d, i) => isValidDate(d) || issue(['calendar', 'makeupWorkdays', i], `${d} is not a calendar date`, { say: 'notCalendarDate', value: d }));
  const sessions = cal.sessions ?? [];
  sessions.forEach((p, i) => {
    if (p.end <= p.start) issue(['calendar', 'sessions', i, 'end'], `session "${p.phase}" ends before it starts`, { say: 'sessionBackwards', phase: p.phase });
    sessions.slice(0, i).forEach((q, j) => {
      if (p.start < q.end && q.start < p.end)
        issue(['calendar', 'sessions', i, 'start'], `session "${p.phase}" overlaps session "${q.phase}" (sessions[${j}])`, { say: 'sessionOverlap', phase: p.phase, other: q.phase, index: j });
    });
  });
  if (sc.window.end <= sc.window.start) issue(['window', 'end'], 'the window ends before it starts', { say: 'windowBackwards' });
  checkWindowDays(cal, sc.window, issue);
  if (sc.load.lots.max < sc.load.lots.min) issue(['load', 'lots', 'max'], 'lots.max is below lots.min');
  sc.load.bursts.forEach((b, i) => b.duration > 0 || issue(['load', 'bursts', i, 'duration'], 'a burst lasts longer than zero'));
  const faultIds = new Set<string>();
  sc.faults.forEach((f, i) => {
    if (f.kind === 'runaway' || f.kind === 'basket') {
      if (!sc.routes.some((r) => r.id === f.target)) issue(['faults', i, 'target'], `unknown route "${f.target}" (routes: ${sc.routes.map((r) => r.id).join(', ')})`);
      if (f.account >= sc.accounts.count) issue(['faults', i, 'account'], `account ${f.account} does not exist (accounts 0 to ${sc.accounts.count - 1})`);
      if (!resolved.instruments.some((r) => r.symbol === f.symbol)) issue(['faults', i, 'symbol'], `symbol "${f.symbol}" is not among the scenario's instruments`);
    }
    const isLinkFault = LINK_FAULTS.includes(f.kind);
    if (isLinkFault && !linkIds.has(f.target))
      issue(['faults', i, 'target'], `unknown link "${f.target}" (links: ${[...linkIds].join(', ')})`, { say: 'unknownLink', value: f.target, list: [...linkIds].join(', ') });
    if (!isLinkFault && !FLOW_FAULTS.includes(f.kind) && !nodes.has(f.target)) issue(['faults', i, 'target'], `unknown node "${f.target}"`, { say: 'unknownNode', value: f.target });
    if (f.id !== undefined) {
      if (faultIds.has(f.id)) issue(['faults', i, 'id'], `duplicate fault id "${f.id}"`, { say: 'duplicateId', what: 'fault', id: f.id });
      faultIds.add(f.id);
    }
  });
  if (sc.bank.window.end <= sc.bank.window.start) issue(['bank', 'window', 'end'], 'the bank transfer window ends before it starts');
  if (sc.bank.transfersPerMinute > 0 && !sc.nodes.some((n) => n.kind === 'bank')) issue(['bank', 'transfersPerMinute'], 'bank transfers need a node of kind bank, linked to the counter');
  checkCutover(sc, issue);
  checkNight(sc, issue);
}
