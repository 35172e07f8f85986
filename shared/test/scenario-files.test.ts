import { describe, expect, it } from 'vitest';
import { formatScenarioError, parseScenario } from '../src/scenario/parse.ts';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../src/scenario/json-schema.ts';
import { NODE_KINDS } from '../src/scenario/topology.ts';
import { SCHEMA_VERSION } from '../src/scenario/schema.ts';
import { listRepoDir, readRepoFile } from '../scripts/repo-files.mjs';
import { createSimulation } from '../src/engine/simulation.ts';

const files = listRepoDir('scenarios').filter((f) => f.endsWith('.yaml'));

describe('scenarios/*.yaml', () => {
  it('holds the reference scenarios', () => {
    expect(files).toEqual(expect.arrayContaining(['broker-dr.yaml', 'chain-5hop.yaml', 'fund-manager-oms.yaml', 'small-broker.yaml']));
  });

  it.each(files)('%s loads cleanly', (name) => {
    const text = readRepoFile(`scenarios/${name}`);
    expect(text.split('\n')[0], 'first line gives editors the schema').toBe('# yaml-language-server: $schema=./scenario.schema.json');
    const result = parseScenario(text, `scenarios/${name}`);
    if (!result.ok) throw new Error(result.errors.map(formatScenarioError).join('\n'));
    expect(result.warnings.map(formatScenarioError)).toEqual([]);
    expect(`${result.scenario.id}.yaml`).toBe(name);
  });

  it('chain-5hop is the benchmark it says: five hops to SSE, 2,000 orders/s, 09:30–10:30', () => {
    const result = parseScenario(readRepoFile('scenarios/chain-5hop.yaml'));
    if (!result.ok) throw new Error('chain-5hop does not load');
    const { routes, nodes, load, window } = result.scenario;
    expect(routes).toHaveLength(1);
    expect(routes[0]!.path.map((id) => nodes.find((n) => n.id === id)!.kind)).toEqual(['terminal', 'counter', 'risk', 'gateway', 'exchange']);
    expect(load.ordersPerSecond).toBe(2000);
    expect(window.end - window.start).toBe(3_600_000_000);
  });
});

describe('scenarios/scenario.schema.json', () => {
  it('is the schema generated from the zod schema now (run `npm run schema` when this fails)', () => {
    expect(readRepoFile('scenarios/scenario.schema.json')).toBe(scenarioJsonSchemaText());
  });

  it('offers what editors complete: node kinds, schemaVersion, required keys', () => {
    const schema = scenarioJsonSchema() as {
      title: string;
      required: string[];
      properties: { schemaVersion: { const: number }; nodes: { items: { properties: { kind: { enum: string[] } } } } };
    };
    expect(schema.title).toBe('TwinLab scenario');
    expect(schema.properties.schemaVersion.const).toBe(SCHEMA_VERSION);
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'id', 'nodes', 'routes', 'load']));
    expect(schema.properties.nodes.items.properties.kind.enum).toEqual([...NODE_KINDS]);
  });

  it('describes what authors write, not what the engine reads', () => {
    const schema = scenarioJsonSchema() as {
      properties: {
        fees: { properties: { minimumCommission: { default: unknown } } };
        faults: { items: { oneOf: { properties: Record<string, unknown>; additionalProperties: boolean }[] } };
      };
    };
    expect(schema.properties.fees.properties.minimumCommission.default).toBe('5.00'); // yuan, not 500 fen
    // Each fault kind lists `at` among its own keys, so editors do not flag it as unexpected.
    const kinds = schema.properties.faults.items.oneOf;
    expect(kinds).toHaveLength(11); // crash, slow, partition, latency_spike, loss, disk_full, config_error, index_lost, stale_feed, runaway, basket
    for (const kind of kinds) expect(kind).toMatchObject({ properties: { at: expect.anything() }, additionalProperties: false });
  });
});

describe('every scenario and drill file', () => {
  const all = [
    ...files.map((f) => `scenarios/${f}`),
    ...listRepoDir('scenarios/drills')
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => `scenarios/drills/${f}`),
  ];
  it.each(all)('%s builds a simulation and runs its first simulated minute', (path) => {
    const result = parseScenario(readRepoFile(path), path);
    if (!result.ok) throw new Error(result.errors.map(formatScenarioError).join('\n'));
    const sim = createSimulation(result.scenario);
    sim.runUntil(result.scenario.window.start + 60_000_000);
    expect(sim.now).toBe(result.scenario.window.start + 60_000_000);
    // Every order accounted for, cash conserved in every account, no position below zero.
    const audit = sim.audit();
    expect(audit.ordersInFlight, path).toBe(audit.ordersInFlightByCount);
    expect(audit.cashBreaks, path).toEqual([]);
    expect(audit.negativePositions, path).toBe(0);
  });
});
