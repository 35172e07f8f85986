import { describe, expect, it } from 'vitest';
import { formatScenarioError, parseScenario, type ScenarioError } from '../src/scenario/parse.ts';

// A small valid scenario; each test below breaks it in exactly one place.
const VALID = `schemaVersion: 2
id: inline
title: Inline test scenario
regions:
  - id: dc
nodes:
  - id: term
    kind: terminal
    region: dc
  - id: counter
    kind: counter
    region: dc
    servers: 4
    serviceTime: { dist: exp, mean: 2ms }
  - id: sse
    kind: exchange
    market: SSE
    region: dc
links:
  - { from: term, to: counter, latency: 1ms }
  - from: counter
    to: sse
    latency: 500us
routes:
  - id: r
    path: [term, counter, sse]
calendar:
  sessions:
    - { phase: am, start: "09:30", end: "11:30", acceptOrders: true, acceptCancels: true, matching: continuous }
    - { phase: pm, start: "13:00", end: "15:00", acceptOrders: true, acceptCancels: true, matching: continuous }
instruments:
  - { symbol: "600000", market: SSE, price: 10.50 }
load:
  ordersPerSecond: 100
`;

/** VALID with one edit; `from` must occur exactly once, so the edit lands where the test says. */
function edit(from: string, to: string): string {
  expect(VALID.split(from).length - 1, `"${from}" occurs once in VALID`).toBe(1);
  return VALID.replace(from, to);
}

/** 1-based line and column of the only occurrence of needle in text. */
function at(text: string, needle: string): { line: number; column: number } {
  expect(text.split(needle).length - 1, `"${needle}" occurs once`).toBe(1);
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** The text must fail with exactly one error. */
function onlyError(text: string): ScenarioError {
  const result = parseScenario(text, 'drill.yaml');
  if (result.ok) throw new Error('expected the scenario to be rejected');
  expect(result.errors).toHaveLength(1);
  return result.errors[0]!;
}

describe('parseScenario: a valid file', () => {
  it('parses, with units converted', () => {
    const result = parseScenario(VALID);
    if (!result.ok) throw new Error(result.errors.map(formatScenarioError).join('\n'));
    expect(result.warnings).toEqual([]);
    expect(result.scenario.links[1]!.latency).toBe(500); // µs
    expect(result.scenario.instruments[0]!.price).toBe(1050); // 10.50 yuan in fen, though YAML read the number 10.5
    expect(result.scenario.nodes[0]!.servers).toBe(1); // default
  });

  it('locates by position: the helper agrees with a count by hand', () => {
    expect(at(edit('servers: 4', 'servers: "four"'), '"four"')).toEqual({ line: 13, column: 14 });
  });
});

describe('parseScenario: each fault named at its line, column and field', () => {
  it('a value of the wrong type', () => {
    const text = edit('servers: 4', 'servers: "four"');
    expect(onlyError(text)).toEqual({
      file: 'drill.yaml',
      ...at(text, '"four"'),
      path: 'nodes[1].servers',
      message: 'expected a number, got "four"',
      say: { key: 'expected', params: { expected: 'number', gotKind: 'value', got: '"four"' } },
    });
  });

  it('a link to a node that does not exist', () => {
    const text = edit('    latency: 500us\n', '    latency: 500us\n  - { from: counter, to: risk-2 }\n');
    expect(onlyError(text)).toEqual({
      file: 'drill.yaml',
      ...at(text, 'risk-2'),
      path: 'links[2].to',
      message: 'unknown node "risk-2" in link',
      say: { key: 'unknownNodeInLink', params: { value: 'risk-2' } },
    });
  });

  it('overlapping sessions', () => {
    const text = edit('start: "13:00"', 'start: "11:00"');
    expect(onlyError(text)).toEqual({
      file: 'drill.yaml',
      ...at(text, '"11:00"'),
      path: 'calendar.sessions[1].start',
      message: 'session "pm" overlaps session "am" (sessions[0])',
      say: { key: 'sessionOverlap', params: { phase: 'pm', other: 'am', index: 0 } },
    });
  });

  it('a YAML syntax error: an unquoted colon in a value', () => {
    const text = edit('title: Inline test scenario', 'title: Inline: test scenario');
    const error = onlyError(text);
    expect(error).toMatchObject({ line: 3, column: 8, path: '' });
    expect(error.message).toContain('put a value that contains ": " in quotes');
  });

  it('a YAML syntax error: a quote left open', () => {
    const text = edit('kind: terminal', 'kind: "terminal');
    expect(onlyError(text)).toMatchObject({ line: 8, path: '', message: 'Missing closing "quote' });
  });

  it('a YAML syntax error: a tab in the indentation', () => {
    const text = edit('    region: dc\n  - id: counter', '\tregion: dc\n  - id: counter');
    expect(onlyError(text)).toMatchObject({ line: 9, column: 1, message: 'Tabs are not allowed as indentation: indent with spaces' });
  });

  it('more accounts × instruments than the old dense book held is accepted: positions are stored when touched', () => {
    const text = edit('price: 10.50 }\nload:', 'price: 10.50 }\n  - { generate: 2000, market: SSE, price: 8.00 }\naccounts:\n  count: 10001\nload:');
    const result = parseScenario(text, 'drill.yaml');
    expect(result.ok).toBe(true);
  });

  it('a key given twice', () => {
    const text = edit('id: inline\n', 'id: inline\nid: again\n');
    expect(onlyError(text)).toMatchObject({ line: 3, column: 1, message: 'key "id" appears twice in the same mapping' });
  });

  it('an unknown key, pointing at the key itself', () => {
    const text = edit('servers: 4', 'servres: 4');
    expect(onlyError(text)).toEqual({ file: 'drill.yaml', ...at(text, 'servres'), path: 'nodes[1].servres', message: 'unknown key "servres"', say: { key: 'unknownKey', params: { key: 'servres' } } });
  });

  it('an unknown key in a flow mapping inside a union (an instrument)', () => {
    const text = edit('price: 10.50 }', 'price: 10.50, boerd: main }');
    expect(onlyError(text)).toEqual({ file: 'drill.yaml', ...at(text, 'boerd'), path: 'instruments[0].boerd', message: 'unknown key "boerd"', say: { key: 'unknownKey', params: { key: 'boerd' } } });
  });

  it('an unknown key in a scheduled fault (it used to be dropped silently)', () => {
    const text = `${VALID}faults:\n  - { at: "10:00", kind: crash, target: counter, duraton: 90s }\n`;
    expect(onlyError(text)).toMatchObject({ ...at(text, 'duraton'), path: 'faults[0].duraton', message: 'unknown key "duraton"' });
  });

  it('a duration without a known unit', () => {
    const text = edit('latency: 500us', 'latency: 500 microseconds');
    const error = onlyError(text);
    expect(error).toMatchObject({ ...at(text, '500 microseconds'), path: 'links[1].latency' });
    expect(error.message).toMatch(/^"500 microseconds" is not a duration: write e\.g\. 150us, 2ms/);
  });

  it('schemaVersion missing', () => {
    const text = edit('schemaVersion: 2\n', '');
    expect(onlyError(text)).toEqual({ file: 'drill.yaml', line: 1, column: 1, path: 'schemaVersion', message: 'schemaVersion is missing: add `schemaVersion: 2`' });
  });

  it('schemaVersion newer than this TwinLab', () => {
    const text = edit('schemaVersion: 2', 'schemaVersion: 3');
    expect(onlyError(text)).toMatchObject({ line: 1, column: 16, path: 'schemaVersion', message: expect.stringContaining('schemaVersion 3 is newer') });
  });

  it('a required key missing, pointing at the mapping that lacks it', () => {
    const text = edit('    kind: terminal\n', '');
    expect(onlyError(text)).toMatchObject({ ...at(text, 'id: term'), path: 'nodes[0].kind', message: expect.stringMatching(/^missing key "kind": one of terminal, oms, counter/) });
  });

  it('a required top-level section missing', () => {
    const text = edit('load:\n  ordersPerSecond: 100\n', '');
    expect(onlyError(text)).toMatchObject({ line: 1, column: 1, path: 'load', message: 'missing key "load" (a mapping)' });
  });

  it('an empty value, pointing at its key', () => {
    const text = edit('    market: SSE\n', '    market:\n');
    expect(onlyError(text)).toMatchObject({ ...at(text, 'market:\n'), path: 'nodes[2].market', message: 'market is empty: write one of SSE, SZSE, BSE' });
  });

  it('an unknown distribution', () => {
    const text = edit('dist: exp', 'dist: expo');
    expect(onlyError(text)).toMatchObject({
      ...at(text, 'expo'),
      path: 'nodes[1].serviceTime.dist',
      message: 'unknown dist "expo": expected one of const, exp, uniform, erlang',
    });
  });

  it('a symbol YAML read as a number', () => {
    const text = edit('symbol: "600000"', 'symbol: 600000');
    expect(onlyError(text)).toMatchObject({ ...at(text, '600000'), path: 'instruments[0].symbol', message: expect.stringContaining('quoted string of six digits') });
  });

  it('a value no option of a union takes', () => {
    const text = edit('price: 10.50', 'price: true');
    expect(onlyError(text)).toMatchObject({ ...at(text, 'true }'), path: 'instruments[0].price', message: 'expected a number or a string, got true' });
  });

  it('a number out of range', () => {
    const text = edit('ordersPerSecond: 100', 'ordersPerSecond: -5');
    expect(onlyError(text)).toMatchObject({ ...at(text, '-5'), path: 'load.ordersPerSecond', message: 'must be at least 0' });
  });

  it('a config key that is not a plain name is quoted in the path', () => {
    const text = edit('mean: 2ms }\n', 'mean: 2ms }\n    config: { fee.rule: [1] }\n');
    expect(onlyError(text)).toMatchObject({
      ...at(text, '[1]'),
      path: 'nodes[1].config["fee.rule"]',
      message: 'expected a string, a number or a boolean (true or false), got a list',
    });
  });
});

describe('parseScenario: whole-file problems', () => {
  it('an empty file', () => {
    expect(onlyError('# only a comment\n')).toMatchObject({ line: 1, column: 1, message: expect.stringContaining('the scenario is empty') });
  });

  it('a list instead of a mapping', () => {
    expect(onlyError('- schemaVersion: 1\n')).toMatchObject({ line: 1, column: 1, path: '', message: expect.stringContaining('a scenario is a YAML mapping') });
  });

  it('two YAML documents', () => {
    expect(onlyError(`${VALID}---\nid: other\n`)).toMatchObject({ message: 'a scenario file holds one YAML document: remove the extra `---`' });
  });

  it('reports every schema error at once, in file order', () => {
    const text = edit('servers: 4', 'servers: 0').replace('ordersPerSecond: 100', 'ordersPerSecond: 100\n  buyRatio: 2').replace('kind: terminal', 'kind: terminl');
    const result = parseScenario(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.line, e.path])).toEqual([
      [8, 'nodes[0].kind'],
      [13, 'nodes[1].servers'],
      [35, 'load.buyRatio'],
    ]);
  });
});

describe('formatScenarioError', () => {
  it('reads file:line:col  path  message', () => {
    expect(formatScenarioError({ file: 'a.yaml', line: 3, column: 7, path: 'links[2].to', message: 'unknown node "x" in link' })).toBe('a.yaml:3:7  links[2].to  unknown node "x" in link');
  });

  it('leaves out an empty path', () => {
    expect(formatScenarioError({ file: 'a.yaml', line: 1, column: 1, path: '', message: 'Tabs are not allowed' })).toBe('a.yaml:1:1  Tabs are not allowed');
  });
});
