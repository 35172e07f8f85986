import type { Scenario } from '../scenario/schema.ts';
import { calendarFindings } from './calendar-findings.ts';
import { ev, list, type Raw } from './raw.ts';
import { isOn } from '../engine/node-config.ts';

/** Every configuration error the scenario file holds by itself, in file order of the checks. */
export function configFindings(sc: Scenario): Raw[] {
  return [...calendarFindings(sc), ...fees(sc), ...limits(sc), ...routes(sc), ...pbus(sc), ...migration(sc), ...clearing(sc), ...ipo(sc)];
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
/** The nodes that keep client books and check orders against them: counters and OMSs. */
const countersOf = (sc: Scenario) => sc.nodes.filter((n) => n.kind === 'counter' || n.kind === 'fast_counter' || n.kind === 'oms').map((n) => n.id);

function limits(sc: Scenario): Raw[] {
  if (sc.startOfDay.securitiesFile !== 'missing') return [];
  const counters = countersOf(sc);
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

/**
 * A new-share subscription day (docs/domain.md C8): a counter still freezing the full amount at T
 * (the pre-2016 rule, which refuses clients short of cash), or no quota file (every subscription refused).
 */
function ipo(sc: Scenario): Raw[] {
  if (!sc.ipo) return [];
  const out: Raw[] = [];
  const freeze = (node: string, path: (string | number)[]): Raw => ({
    kind: 'ipo',
    severity: 'error',
    key: 'ipoFreezeAtT',
    params: { node },
    path,
    node,
    configKey: 'ipo.freezeAtSubscription',
    message: `counter ${node} freezes the full amount of a new-share subscription at T (the pre-2016 rule): since the 2016 reform no cash is due until T+2, so clients short of cash are refused valid subscriptions`,
    fix: `set ipo.freezeAtSubscription to false (live: set_config ${node} ipo.freezeAtSubscription = false)`,
    evidence: [],
  });
  sc.nodes.forEach((n, i) => {
    if (isOn(n.config['ipo.freezeAtSubscription'])) out.push(freeze(n.id, ['nodes', i, 'config', 'ipo.freezeAtSubscription']));
  });
  sc.faults.forEach((f, i) => {
    if (f.kind === 'config_error' && f.key === 'ipo.freezeAtSubscription' && isOn(f.value)) out.push({ ...freeze(f.target, ['faults', i, 'value']), severity: 'warning' });
  });
  if (sc.startOfDay.quotaFile === 'missing') {
    const counters = countersOf(sc);
    out.push({
      kind: 'ipo',
      severity: 'error',
      key: 'ipoQuotaMissing',
      params: { nodes: list(counters) },
      path: ['startOfDay', 'quotaFile'],
      configKey: 'sod.quotaFile',
      message: `the start-of-day subscription quota file is missing: the counter (${list(counters)}) refuses every new-share subscription`,
      fix: 'import the file (quotaFile: loaded; live: set_config sod.quotaFile = loaded on the counter)',
      evidence: [],
    });
  }
  return out;
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

/** The settlement files with cash dividend (红利) records, in night order: file, market and the symbols paid. */
export function dividendFiles(sc: Scenario): { entry: number; file: string; market: string; symbols: string[] }[] {
  return (sc.night?.settlement ?? []).flatMap((x, entry) => (x.dividends && x.dividends.length > 0 ? [{ entry, file: x.file, market: x.market, symbols: x.dividends.map((d) => d.symbol) }] : []));
}

/** Which file carries which dividends, and which system's clearing skips them. */
export const dividendFile = (f: { file: string; market: string; symbols: string[] }, node: string) =>
  ev(
    'dividendFile',
    { file: f.file, market: f.market, symbols: list(f.symbols), node },
    `settlement file ${f.file} (${f.market}) carries cash dividends on ${list(f.symbols)}, skipped by ${node}'s clearing`,
  );

/** The dual-run's two systems (legacy, new) when the scenario runs one. */
export const dualSystems = (sc: Scenario): string[] => (sc.dualRun && sc.cutover ? [sc.cutover.legacy, sc.cutover.new] : []);

/** The other system of the dual-run. */
const otherSystem = (sc: Scenario, node: string) => dualSystems(sc).find((id) => id !== node) ?? '';

/** A system whose clearing does not map the cash-dividend business type, while the night's files carry such records. */
export function dividendSkipped(sc: Scenario, node: string, path: (string | number)[]): Raw {
  const files = dividendFiles(sc);
  const names = list(files.map((f) => f.file));
  const symbols = list([...new Set(files.flatMap((f) => f.symbols))]);
  const other = otherSystem(sc, node);
  return {
    kind: 'clearing',
    severity: 'error',
    key: 'dividendSkipped',
    params: { node, other, files: names, symbols },
    path,
    node,
    configKey: 'clearing.cashDividend',
    message: `${node}'s clearing does not map the cash dividend (红利) business type and skips the records of ${names} (${symbols}): after clearing its funds differ from ${other}'s on every holder, which only a reconciliation after clearing shows`,
    fix: `map the type (clearing.cashDividend: post); live: set_config ${node} clearing.cashDividend = post, then rerun_clearing node ${node} from checkpoint (from the start posts the night twice) and reconcile again`,
    evidence: files.map((f) => dividendFile(f, node)),
  };
}

/** Dual-run systems whose node config skips the cash dividends the settlement files carry (docs/domain.md C5, E3 3; engine/clearing.ts). */
function clearing(sc: Scenario): Raw[] {
  if (dividendFiles(sc).length === 0) return [];
  return dualSystems(sc).flatMap((id) => {
    const i = sc.nodes.findIndex((n) => n.id === id);
    return i >= 0 && sc.nodes[i]!.config['clearing.cashDividend'] === 'skip' ? [dividendSkipped(sc, id, ['nodes', i, 'config', 'clearing.cashDividend'])] : [];
  });
}
