import { describe, expect, it } from 'vitest';
import { migrate, MigrationError, MIGRATIONS, type Migration } from '../src/scenario/migrations.ts';
import { SCHEMA_VERSION } from '../src/scenario/schema.ts';

// A made-up history of three formats: v1 called the order rate `rate`, v2 renamed it, v3 added `seed`.
const FAKE: Record<number, Migration> = {
  1: ({ rate, ...rest }) => ({ ...rest, ordersPerSecond: rate }),
  2: (doc) => ({ ...doc, seed: 7 }),
};

describe('migrate', () => {
  it('applies each step from the file version up to the target, in order', () => {
    expect(migrate({ schemaVersion: 1, id: 'x', rate: 300 }, FAKE, 3)).toEqual({ schemaVersion: 3, id: 'x', ordersPerSecond: 300, seed: 7 });
  });

  it('starts from the version the file names', () => {
    expect(migrate({ schemaVersion: 2, ordersPerSecond: 5 }, FAKE, 3)).toEqual({ schemaVersion: 3, ordersPerSecond: 5, seed: 7 });
  });

  it('leaves a current file as it is and does not touch the input', () => {
    const doc = { schemaVersion: 1, rate: 300 };
    expect(migrate(doc, FAKE, 1)).toBe(doc);
    migrate(doc, FAKE, 3);
    expect(doc).toEqual({ schemaVersion: 1, rate: 300 });
  });

  it('stamps the version itself after each step', () => {
    const seen: unknown[] = [];
    const record: Migration = (doc) => {
      seen.push(doc.schemaVersion);
      return { ...doc };
    };
    const spy: Record<number, Migration> = { 1: record, 2: record };
    expect(migrate({ schemaVersion: 1 }, spy, 3).schemaVersion).toBe(3);
    expect(seen).toEqual([1, 2]);
  });

  it('names the missing step of a broken chain', () => {
    expect(() => migrate({ schemaVersion: 1 }, { 1: FAKE[1]! }, 3)).toThrow('no migration from schemaVersion 2 to 3');
  });

  it('asks for schemaVersion when it is missing', () => {
    expect(() => migrate({ id: 'x' })).toThrow(new MigrationError(`schemaVersion is missing: add \`schemaVersion: ${SCHEMA_VERSION}\``));
  });

  it('refuses a file newer than this TwinLab', () => {
    expect(() => migrate({ schemaVersion: SCHEMA_VERSION + 1 })).toThrow(`schemaVersion ${SCHEMA_VERSION + 1} is newer than this TwinLab understands (up to ${SCHEMA_VERSION})`);
  });

  it('refuses a version that is not a whole number from 1', () => {
    expect(() => migrate({ schemaVersion: '1' })).toThrow(`schemaVersion is a whole number such as ${SCHEMA_VERSION}, not "1"`);
    expect(() => migrate({ schemaVersion: 0 })).toThrow('not 0');
  });

  it('refuses a document that is not a mapping', () => {
    expect(() => migrate(['schemaVersion: 1'])).toThrow('a scenario is a YAML mapping');
  });

  it('registers exactly one migration per older version', () => {
    const older = Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 1);
    expect(Object.keys(MIGRATIONS).map(Number)).toEqual(older);
  });
});

describe('schemaVersion 1 → 2 (issue 14)', () => {
  it('a version 1 file from before boards loads, warns that it was migrated, and gets the board rules', async () => {
    const { parseScenario } = await import('../src/scenario/parse.ts');
    const { compile } = await import('../src/engine/compile.ts');
    // fund-manager-oms.yaml as version 1 wrote it: market on every instrument, no board, no fee items.
    const v1 = `schemaVersion: 1
id: v1-fund
title: v1
regions: [{ id: dc }]
nodes:
  - { id: counter, kind: counter, region: dc }
  - { id: szse, kind: exchange, market: SZSE, region: dc }
links: [{ from: counter, to: szse }]
routes: [{ id: sz, path: [counter, szse] }]
fees: { commissionPpm: 100, minimumCommission: "5.00" }
instruments:
  - { symbol: "300750", name: 宁德时代, market: SZSE, price: 260.00 }
  - { generate: 2, market: SZSE, price: 18.00 }
load: { ordersPerSecond: 10 }
`;
    const r = parseScenario(v1, 'v1.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings.map((w) => w.message)).toEqual(['this file is schemaVersion 1; it was migrated to 2 when loaded']);
    expect(r.scenario.schemaVersion).toBe(2);
    expect(r.scenario.fees).toMatchObject({ commissionPpm: 100, minimumCommission: 500, accountClass: 'retail', transferFeePpb: 10_000 });
    const m = compile(r.scenario);
    expect(m.ins.symbol).toEqual(['300750', '000001', '000002']); // generated: SZSE main-board codes
    expect(m.ins.limitUp[0]).toBe(31200); // ChiNext ±20%, where version 1 gave every instrument ±10%
  });
});
