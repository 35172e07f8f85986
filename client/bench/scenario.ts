import { Scenario, type ScenarioInput } from '@twinlab/shared/scenario/schema';
import type { NodeKind } from '@twinlab/shared/scenario/topology';

/**
 * A large broker for the frame-time benchmark: nodes spread over sites, links along the order
 * pipeline plus cross links (replication, monitoring, market data) up to the requested count.
 * Deterministic: the same arguments give the same scenario. Validated by the shared schema.
 */
export function generateScenario(nodeCount = 300, linkCount = 1000): Scenario {
  const regions: ScenarioInput['regions'] = [
    { id: 'branches-east', kind: 'client_site', name: '华东营业部' },
    { id: 'branches-south', kind: 'client_site', name: '华南营业部' },
    { id: 'online', kind: 'client_site', name: '网上交易' },
    { id: 'dc-sh', kind: 'datacenter', name: '上海主中心' },
    { id: 'dc-sh2', kind: 'datacenter', name: '上海同城中心' },
    { id: 'dr-sz', kind: 'dr_site', name: '深圳灾备中心' },
    { id: 'colo-sh', kind: 'colocation', name: '上证托管机房' },
    { id: 'colo-sz', kind: 'colocation', name: '深证托管机房' },
    { id: 'sse-site', kind: 'exchange', name: '上海证券交易所' },
    { id: 'szse-site', kind: 'exchange', name: '深圳证券交易所' },
  ];
  const nodes: ScenarioInput['nodes'] = [
    { id: 'sse', kind: 'exchange', market: 'SSE', region: 'sse-site' },
    { id: 'szse', kind: 'exchange', market: 'SZSE', region: 'szse-site' },
  ];
  const add = (kind: NodeKind, region: string) => nodes.push({ id: `${kind}-${nodes.length}`, kind, region });
  // Proportions of a big broker: mostly terminals, a core of counters and risk, gateways in co-location.
  const plan: [NodeKind, string[], number][] = [
    ['gateway', ['colo-sh', 'colo-sz'], 0.08],
    ['market_data', ['colo-sh', 'colo-sz', 'dc-sh'], 0.04],
    ['counter', ['dc-sh', 'dc-sh2', 'dr-sz'], 0.08],
    ['fast_counter', ['dc-sh', 'dc-sh2'], 0.03],
    ['risk', ['dc-sh', 'dc-sh2', 'dr-sz'], 0.06],
    ['database', ['dc-sh', 'dc-sh2', 'dr-sz'], 0.06],
    ['bus', ['dc-sh', 'dr-sz'], 0.02],
    ['oms', ['dc-sh2'], 0.02],
    ['clearing', ['dc-sh'], 0.01],
    ['bank', ['dc-sh2'], 0.01],
  ];
  const rest = nodeCount - nodes.length;
  for (const [kind, where, share] of plan) {
    const n = Math.max(1, Math.round(rest * share));
    for (let i = 0; i < n; i++) add(kind, where[i % where.length]!);
  }
  const clientSites = ['branches-east', 'branches-south', 'online'];
  for (let i = 0; nodes.length < nodeCount; i++) add('terminal', clientSites[i % clientSites.length]!);
  nodes.length = Math.min(nodes.length, nodeCount);

  const ids = (kind: NodeKind) => nodes.filter((n) => n.kind === kind).map((n) => n.id);
  const seen = new Set<string>();
  const links: ScenarioInput['links'] = [];
  const link = (from: string, to: string) => {
    if (from === to || seen.has(`${from}|${to}`) || seen.has(`${to}|${from}`) || links.length >= linkCount) return;
    seen.add(`${from}|${to}`);
    links.push({ from, to, latency: 100 });
  };
  const [terminals, counters, risks, gateways] = [ids('terminal'), ids('counter'), ids('risk'), ids('gateway')];
  // The pipeline: terminal → counter → risk → gateway → exchange.
  terminals.forEach((t, i) => link(t, counters[i % counters.length]!));
  counters.forEach((c, i) => link(c, risks[i % risks.length]!));
  risks.forEach((r, i) => gateways.forEach((g, j) => (j % risks.length === i % gateways.length || j === i % gateways.length) && link(r, g)));
  gateways.forEach((g, i) => link(g, i % 2 === 0 ? 'sse' : 'szse'));
  // Cross links from a fixed LCG until the count is reached.
  let s = 12345;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s >>> 8);
  for (let guard = 0; links.length < linkCount && guard < linkCount * 100; guard++) {
    link(nodes[next() % nodes.length]!.id, nodes[next() % nodes.length]!.id);
  }

  // One route per market, stepping back from a gateway along pipeline links.
  const linked = (a: string) => (b: string) => seen.has(`${b}|${a}`);
  const route = (market: 'sse' | 'szse') => {
    const g = gateways.find((_, i) => (i % 2 === 0) === (market === 'sse'))!;
    const r = risks.find(linked(g))!;
    const c = counters.find(linked(r))!;
    const t = terminals.find(linked(c))!;
    return { id: `to-${market}`, path: [t, c, r, g, market] };
  };

  return Scenario.parse({
    schemaVersion: 2,
    id: `bench-${nodeCount}-${linkCount}`,
    title: `Benchmark broker: ${nodeCount} nodes, ${linkCount} links`,
    regions,
    nodes,
    links,
    routes: [route('sse'), route('szse')],
    instruments: [
      { generate: 10, market: 'SSE', price: '10.00' },
      { generate: 10, market: 'SZSE', price: '10.00' },
    ],
    load: { ordersPerSecond: 1000 },
  } satisfies ScenarioInput);
}
