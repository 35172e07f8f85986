import type { Scenario } from '../scenario/schema.ts';
import { diffHolidays, publishedMakeupDay, publishedTradingDay } from './calendar.ts';
import type { Evidence, EvidenceKey, FindingKey, FindingKind, Params } from './finding.ts';

/** A finding before it is placed in the file: the field path instead of line and column. */
export interface Raw {
  kind: FindingKind;
  severity: 'error' | 'warning';
  key: FindingKey;
  params: Params;
  message: string;
  fix: string;
  path: (string | number)[];
  evidence: Evidence[];
  /** What identifies the wrong value, so a session's commands can be matched to it: node and config key. */
  node?: string;
  configKey?: string;
}

export const ev = (key: EvidenceKey, params: Params, text: string): Evidence => ({ key, params, text });
const list = (xs: readonly string[]) => xs.join(', ');

/** Every configuration error the scenario file holds by itself, in file order of the checks. */
export function configFindings(sc: Scenario): Raw[] {
  return [...calendar(sc), ...fees(sc), ...limits(sc), ...routes(sc), ...pbus(sc), ...migration(sc)];
}

/** Holiday lists against the exchanges' notice, and nodes told the day trades when it does not (or the reverse). */
function calendar(sc: Scenario): Raw[] {
  const out: Raw[] = [];
  const date = sc.calendar.date;
  // list: which calendar, as a code the lab words in its language; node: the system it is loaded into.
  const lists: [string, 'calendar' | 'newCalendar', readonly string[] | undefined, (string | number)[], string | undefined][] = [
    ['the scenario calendar', 'calendar', sc.calendar.holidays, ['calendar', 'holidays'], undefined],
    [`the calendar loaded into ${sc.cutover?.new ?? 'the new system'}`, 'newCalendar', sc.cutover?.newCalendar?.holidays, ['cutover', 'newCalendar', 'holidays'], sc.cutover?.new],
  ];
  for (const [whose, which, holidays, path, node] of lists) {
    if (!holidays) continue;
    const d = diffHolidays(holidays, date);
    const published = ev('published', { dates: list(d.published) }, `the exchanges' notice: closed on weekdays ${list(d.published)} and on every weekend day, make-up working days (调休) included`);
    if (d.omitted.length > 0) {
      out.push({
        kind: 'calendar',
        severity: 'error',
        key: 'calendarOmits',
        params: { list: which, node: node ?? '', dates: list(d.omitted) },
        path,
        node,
        message: `${whose} omits published closures: ${list(d.omitted)} would be treated as trading days`,
        fix: `add ${list(d.omitted)} to the list, as in the exchanges' holiday notice`,
        evidence: [published, ev('configured', { dates: list(holidays) }, `configured closures: ${list(holidays)}`)],
      });
    }
    for (const x of d.extra) {
      out.push({
        // Only the day simulated can be corrected live (set_config calendar.tradingDay on the node).
        kind: 'calendar',
        severity: 'error',
        key: 'calendarExtra',
        params: { list: which, node: node ?? '', date: x.date },
        path: [...path, x.index],
        node,
        ...(x.date === date ? { configKey: 'calendar.tradingDay' } : {}),
        message: `${whose} lists ${x.date} as a closure, but the exchanges trade that day${x.date === date ? ' (the day simulated: every order is refused)' : ''}`,
        fix: `remove ${x.date} from the list`,
        evidence: [published, ev('configured', { dates: list(holidays) }, `configured closures: ${list(holidays)}`)],
      });
    }
  }
  const makeups: [readonly string[] | undefined, (string | number)[]][] = [
    [sc.calendar.makeupWorkdays, ['calendar', 'makeupWorkdays']],
    [sc.cutover?.newCalendar?.makeupWorkdays, ['cutover', 'newCalendar', 'makeupWorkdays']],
  ];
  for (const [days, path] of makeups) {
    days?.forEach((d, i) => {
      if (publishedMakeupDay(d) === false && publishedTradingDay(d) !== undefined) {
        out.push({
          kind: 'calendar',
          severity: 'error',
          key: 'calendarMakeupWeekday',
          params: { date: d },
          path: [...path, i],
          message: `${d} is listed as a make-up working day (调休), but the exchanges published no such day`,
          fix: `remove ${d}; the published make-up days are weekend days the exchanges stay closed on`,
          evidence: [
            ev('publishedDay', { date: d, status: publishedTradingDay(d) ? 'trading' : 'closed' }, `${d} is ${publishedTradingDay(d) ? 'an ordinary trading day' : 'a closed day'} in the notice`),
          ],
        });
      }
    });
  }
  // A node told by configuration that the day trades (or not): the make-up Saturday trap.
  sc.nodes.forEach((n, i) => {
    const v = n.config['calendar.tradingDay'];
    if (v === undefined) return;
    const r = tradingDayConfig(n.id, date, v === true);
    if (r) out.push({ ...r, path: ['nodes', i, 'config', 'calendar.tradingDay'] });
  });
  return out;
}

/** A node's `calendar.tradingDay` against the notice; null when it agrees or the year has no notice. */
export function tradingDayConfig(node: string, date: string, trading: boolean): Omit<Raw, 'path'> | null {
  const open = publishedTradingDay(date);
  if (open === undefined || open === trading) return null;
  const makeup = publishedMakeupDay(date) === true;
  const published = ev(
    'publishedDay',
    { date, status: open ? 'trading' : makeup ? 'makeup' : 'closed' },
    `${date} is ${open ? 'a trading day' : makeup ? 'a make-up working day (调休): society works, the exchanges are closed' : 'a closed day'} in the exchanges' notice`,
  );
  return trading
    ? {
        kind: 'calendar',
        severity: 'error',
        key: 'calendarTradingOnClosed',
        params: { node, date },
        node,
        configKey: 'calendar.tradingDay',
        message: `${node} is set to trade on ${date}, but the exchanges are closed${makeup ? ' (a make-up working day is not a trading day)' : ''}`,
        fix: `set calendar.tradingDay to false on ${node}: no orders or bank transfers on a closed day`,
        evidence: [published],
      }
    : {
        kind: 'calendar',
        severity: 'error',
        key: 'calendarClosedOnTrading',
        params: { node, date },
        node,
        configKey: 'calendar.tradingDay',
        message: `${node} is set closed on ${date}, but the exchanges trade that day`,
        fix: `set calendar.tradingDay to true on ${node}`,
        evidence: [published],
      };
}

/** The minimum commission charged per fill instead of per order (docs/domain.md C3). */
function fees(sc: Scenario): Raw[] {
  const out: Raw[] = [];
  const perFill = (whose: string, node: string | undefined, path: (string | number)[], min: number): Raw => ({
    kind: 'fee_rule',
    severity: 'error',
    key: 'feePerFill',
    params: { node: node ?? '', minimum: (min / 100).toFixed(2) },
    path,
    node,
    configKey: 'fees.minimumApplies',
    message: `${whose} charges the ${(min / 100).toFixed(2)}-yuan minimum commission on every partial fill: an order filled in parts pays it more than once`,
    fix: 'set minimumApplies to per_order: the minimum is charged once per order, across its fills',
    evidence: [],
  });
  if (sc.fees.minimumApplies === 'per_fill') out.push(perFill('the scenario fee rule', undefined, ['fees', 'minimumApplies'], sc.fees.minimumCommission));
  sc.nodes.forEach((n, i) => {
    if (n.fees?.minimumApplies === 'per_fill') out.push(perFill(`node ${n.id}`, n.id, ['nodes', i, 'fees', 'minimumApplies'], n.fees.minimumCommission));
    else if (n.config['fees.minimumApplies'] === 'per_fill') out.push(perFill(`node ${n.id}`, n.id, ['nodes', i, 'config', 'fees.minimumApplies'], (n.fees ?? sc.fees).minimumCommission));
  });
  sc.faults.forEach((f, i) => {
    if (f.kind === 'config_error' && f.key === 'fees.minimumApplies' && f.value === 'per_fill')
      out.push({ ...perFill(`node ${f.target} (from ${f.id ?? `faults[${i}]`})`, f.target, ['faults', i, 'value'], sc.fees.minimumCommission), severity: 'warning' });
  });
  return out;
}

/** No securities / price-limit file at start of day: the counter knows no limit price (every order refused). */
function limits(sc: Scenario): Raw[] {
  if (sc.startOfDay.securitiesFile !== 'missing') return [];
  const counters = sc.nodes.filter((n) => n.kind === 'counter' || n.kind === 'fast_counter' || n.kind === 'oms').map((n) => n.id);
  return [
    {
      kind: 'price_limits',
      severity: 'error',
      key: 'sodMissing',
      params: { nodes: list(counters) },
      path: ['startOfDay', 'securitiesFile'],
      configKey: 'sod.securitiesFile',
      message: `the start-of-day securities and price-limit file is missing: the counter (${list(counters)}) knows no board price limits and refuses every order`,
      fix: 'import the file (securitiesFile: loaded; live: set_config sod.securitiesFile = loaded on the counter)',
      evidence: [],
    },
  ];
}

/** Routes a failover or a path cannot carry: a standby without the links its primary's routes use; a route around pre-trade risk. */
function routes(sc: Scenario): Raw[] {
  const out: Raw[] = [];
  const linked = new Set(sc.links.flatMap((l) => [`${l.from}\u0000${l.to}`, `${l.to}\u0000${l.from}`]));
  const kind = new Map(sc.nodes.map((n) => [n.id, n.kind]));
  sc.nodes.forEach((s, i) => {
    if (s.standbyFor === undefined) return;
    const missing = new Set<string>();
    const routeIds = new Set<string>();
    for (const r of sc.routes) {
      r.path.forEach((id, j) => {
        if (id !== s.standbyFor) return;
        for (const nb of [r.path[j - 1], r.path[j + 1]]) {
          if (nb !== undefined && nb !== s.id && !linked.has(`${s.id}\u0000${nb}`)) {
            missing.add(nb);
            routeIds.add(r.id);
          }
        }
      });
    }
    if (missing.size === 0) return;
    out.push({
      kind: 'route',
      severity: 'error',
      key: 'standbyMissingLink',
      params: { node: s.id, primary: s.standbyFor, missing: list([...missing]) },
      path: ['nodes', i, 'standbyFor'],
      node: s.id,
      message: `${s.id} stands by for ${s.standbyFor} but has no link to ${list([...missing])}: after a failover, routes ${list([...routeIds])} cannot pass`,
      fix: `add links from ${s.id} to ${list([...missing])}, or stand it by for another node`,
      evidence: [ev('routeNeeds', { routes: list([...routeIds]), nodes: list([...missing]) }, `routes ${list([...routeIds])} step from and to ${s.standbyFor} through ${list([...missing])}`)],
    });
  });
  const checked = sc.routes.filter((r) => r.path.some((id) => kind.get(id) === 'risk'));
  if (checked.length > 0) {
    sc.routes.forEach((r, i) => {
      const entry = r.path.some((id) => ['counter', 'fast_counter', 'oms'].includes(kind.get(id) ?? ''));
      if (!entry || r.path.some((id) => kind.get(id) === 'risk')) return;
      out.push({
        kind: 'route',
        severity: 'error',
        key: 'routeSkipsRisk',
        params: { route: r.id, other: checked[0]!.id },
        path: ['routes', i, 'path'],
        message: `route ${r.id} reaches the exchange without pre-trade risk, which route ${checked[0]!.id} passes: orders on it are never risk-checked`,
        fix: `put the risk node on route ${r.id}'s path`,
        evidence: [],
      });
    });
  }
  return out;
}

/** The exchanges a gateway reaches over its links. */
function gatewayMarkets(sc: Scenario, gw: string): Set<string> {
  const ex = new Map(sc.nodes.filter((n) => n.kind === 'exchange').map((n) => [n.id, n.market!]));
  const out = new Set<string>();
  for (const l of sc.links) {
    if (l.from === gw && ex.has(l.to)) out.add(ex.get(l.to)!);
    if (l.to === gw && ex.has(l.from)) out.add(ex.get(l.from)!);
  }
  return out;
}

/** A trading unit belongs to one exchange; a standby gateway carrying other PBUs cannot cancel its primary's orders (E1). */
function pbus(sc: Scenario): Raw[] {
  const out: Raw[] = [];
  const gateways = sc.nodes.map((n, i) => ({ n, i })).filter(({ n }) => n.kind === 'gateway');
  const pbusOf = (id: string) => sc.nodes.find((n) => n.id === id)?.pbus ?? [id];
  const marketsOf = new Map<string, Map<string, number>>(); // pbu → market → node index
  for (const { n, i } of gateways) {
    for (const p of pbusOf(n.id))
      for (const m of gatewayMarkets(sc, n.id)) {
        const byMarket = marketsOf.get(p) ?? new Map<string, number>();
        if (!byMarket.has(m)) byMarket.set(m, i);
        marketsOf.set(p, byMarket);
      }
  }
  for (const [p, byMarket] of marketsOf) {
    if (byMarket.size < 2) continue;
    const [, second] = [...byMarket.values()];
    out.push({
      kind: 'pbu',
      severity: 'error',
      key: 'pbuTwoMarkets',
      params: { pbu: p, markets: list([...byMarket.keys()]) },
      path: ['nodes', second!, 'pbus'],
      node: sc.nodes[second!]!.id,
      message: `PBU ${p} is carried to ${list([...byMarket.keys()])}: a trading unit belongs to one exchange`,
      fix: `give the gateway to ${[...byMarket.keys()][1]} that exchange's own PBU`,
      evidence: [],
    });
  }
  for (const { n, i } of gateways) {
    if (n.standbyFor === undefined || sc.nodes.find((x) => x.id === n.standbyFor)?.kind !== 'gateway') continue;
    const mine = new Set(pbusOf(n.id));
    const missing = pbusOf(n.standbyFor).filter((p) => !mine.has(p));
    if (missing.length === 0) continue;
    out.push({
      kind: 'pbu',
      severity: 'warning',
      key: 'pbuStandbyDiffers',
      params: { node: n.id, primary: n.standbyFor, pbus: list(missing) },
      path: ['nodes', i, n.pbus ? 'pbus' : 'standbyFor'],
      node: n.id,
      message: `${n.id} stands by for ${n.standbyFor} without its PBU ${list(missing)}: after a failover, new orders go out on another trading unit and cancels of the open orders are refused (a cancel must come from the PBU that placed the order)`,
      fix: `if ${n.id} is meant to continue ${n.standbyFor}'s trading unit, carry ${list(missing)} on it; if it is a second unit by design, route only new orders through it`,
      evidence: [],
    });
  }
  return out;
}

/** A migration that leaves dirty records: the breaks it causes survive a re-run, unlike a rule's. */
function migration(sc: Scenario): Raw[] {
  const mg = sc.migration;
  if (!mg || mg.dirtyShare <= 0) return [];
  const pct = Math.round(mg.dirtyShare * 1000) / 10;
  return [
    {
      kind: 'dirty_migration',
      severity: 'error',
      key: 'dirtyMigration',
      params: { pct, kinds: list(mg.kinds), node: sc.cutover?.new ?? '' },
      path: ['migration', 'dirtyShare'],
      node: sc.cutover?.new,
      message: `the data conversion into ${sc.cutover?.new ?? 'the new system'} leaves about ${pct}% of accounts with a wrong ${mg.kinds.join(' or ')} record; one validation round finds only part of them`,
      fix: 'do not switch onto the converted data: validate, clean (clean_migration) or roll back, and fix the conversion rule',
      evidence: [],
    },
  ];
}
