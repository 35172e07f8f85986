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
    expect(() => migrate({ id: 'x' })).toThrow(new MigrationError('schemaVersion is missing: add `schemaVersion: 1`'));
  });

  it('refuses a file newer than this TwinLab', () => {
    expect(() => migrate({ schemaVersion: SCHEMA_VERSION + 1 })).toThrow(`schemaVersion ${SCHEMA_VERSION + 1} is newer than this TwinLab understands (up to ${SCHEMA_VERSION})`);
  });

  it('refuses a version that is not a whole number from 1', () => {
    expect(() => migrate({ schemaVersion: '1' })).toThrow('schemaVersion is a whole number such as 1, not "1"');
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
