import { describe, expect, it } from 'vitest';
import { parseScenario, type ScenarioError } from '../src/scenario/parse.ts';
import { readRepoFile } from '../scripts/repo-files.mjs';

/** Caps on a scenario's size (issue 15), each refused with the field at fault and its place in the file. */

const VALID = `schemaVersion: 2
id: inline
title: Inline test scenario
regions:
  - id: dc
nodes:
  - { id: term, kind: terminal, region: dc }
  - { id: counter, kind: counter, region: dc }
  - { id: sse, kind: exchange, market: SSE, region: dc }
  - { id: szse, kind: exchange, market: SZSE, region: dc }
links:
  - { from: term, to: counter, latency: 1ms }
  - { from: counter, to: sse, latency: 500us }
  - { from: counter, to: szse, latency: 500us }
routes:
  - { id: r, path: [term, counter, sse] }
  - { id: z, path: [term, counter, szse] }
accounts:
  count: 2000000
instruments:
  - { universe: [SSE, SZSE], price: { min: "3.00", max: "80.00" } }
load:
  ordersPerSecond: 100
`;

function edit(from: string, to: string): string {
  expect(VALID.split(from).length - 1, `"${from}" occurs once`).toBe(1);
  return VALID.replace(from, to);
}

function at(text: string, needle: string): { line: number; column: number } {
  expect(text.split(needle).length - 1, `"${needle}" occurs once`).toBe(1);
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function onlyError(text: string): ScenarioError {
  const result = parseScenario(text, 'big.yaml');
  if (result.ok) throw new Error('expected the scenario to be rejected');
  expect(result.errors).toHaveLength(1);
  return result.errors[0]!;
}

describe('scenario size', () => {
  it('2 M accounts over the whole SSE/SZSE universe load: 5,160 stocks with real-looking codes', () => {
    const result = parseScenario(VALID, 'big.yaml');
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
    expect(result.scenario.accounts.count).toBe(2_000_000);
  });

  it('more than 20,000 instruments after generation, at the entry that crosses the cap', () => {
    const text = edit(
      '  - { universe: [SSE, SZSE], price: { min: "3.00", max: "80.00" } }\n',
      '  - { universe: [SSE, SZSE], price: { min: "3.00", max: "80.00" } }\n  - { generate: 9000, market: SSE, price: 5.00 }\n  - { generate: 9000, market: SZSE, price: 5.00 }\n',
    );
    expect(onlyError(text)).toMatchObject({
      ...at(text, '{ generate: 9000, market: SZSE'),
      path: 'instruments[2]',
      message: '23,160 instruments after generation: at most 20,000 (the whole A-share market with its ETFs and bonds is about 7,000)',
    });
  });

  it('account classes that do not add up to accounts.count, at the classes', () => {
    const text = edit(
      '  count: 2000000\n',
      '  count: 2000000\n  classes:\n    - { class: retail, count: 1900000, cash: { min: "5,000.00", max: "300,000.00" }, holdings: { min: 1, max: 5 }, lots: { min: 1, max: 30 } }\n',
    );
    expect(onlyError(text)).toMatchObject({
      ...at(text, '- { class: retail'),
      path: 'accounts.classes',
      message: 'the classes hold 1,900,000 accounts, accounts.count says 2,000,000: make them agree',
    });
  });

  it('a class whose holdings range runs backwards, at its max', () => {
    const text = edit(
      '  count: 2000000\n',
      '  count: 2000000\n  classes:\n    - { class: margin, count: 2000000, cash: { min: "5,000.00", max: "300,000.00" }, holdings: { min: 5, max: 2 }, lots: { min: 1, max: 30 } }\n',
    );
    expect(onlyError(text)).toMatchObject({ ...at(text, '2 }, lots'), path: 'accounts.classes[0].holdings.max', message: 'holdings: max is below min' });
  });

  it('a universe on a market no route reaches, at that market', () => {
    const text = edit('universe: [SSE, SZSE]', 'universe: [SSE, BSE]');
    expect(onlyError(text)).toMatchObject({ ...at(text, 'BSE]'), path: 'instruments[0].universe[1]', message: 'no route reaches an exchange for market BSE' });
  });

  it('more than 1,000 nodes, at the nodes', () => {
    const many = Array.from({ length: 1001 }, (_, i) => `  - { id: n${i}, kind: terminal, region: dc }\n`).join('');
    const text = edit('  - { id: term, kind: terminal, region: dc }\n', many + '  - { id: term, kind: terminal, region: dc }\n');
    expect(onlyError(text)).toMatchObject({ ...at(text, '- { id: n0,'), path: 'nodes', message: expect.stringMatching(/at most 1000\b/) });
  });

  it('more than 4,000 links, at the links', () => {
    const many = Array.from({ length: 4001 }, (_, i) => `  - { id: l${i}, from: term, to: counter }\n`).join('');
    const text = edit('  - { from: term, to: counter, latency: 1ms }\n', many + '  - { from: term, to: counter, latency: 1ms }\n');
    expect(onlyError(text)).toMatchObject({ ...at(text, '- { id: l0,'), path: 'links', message: expect.stringMatching(/at most 4000\b/) });
  });

  it('a dual run keeps dense shadow books: past 20 M positions it is refused at the account count', () => {
    const text = readRepoFile('scenarios/oms-dual-run-fee-rule.yaml').replace('  count: 60 # fund products (基金产品)', '  count: 1000000');
    const e = onlyError(text);
    expect(e).toMatchObject({ ...at(text, '1000000'), path: 'accounts.count' });
    expect(e.message).toMatch(/^1000000 accounts × 30 instruments is more than the engine holds \(20,000,000 positions\)/);
  });
});
