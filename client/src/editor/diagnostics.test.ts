import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { offsetOf, scenarioDiagnostics } from './diagnostics.ts';

const drill = readFileSync(fileURLToPath(new URL('../../../scenarios/drills/gateway-crash.yaml', import.meta.url)), 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('live validation in the scenario editor', () => {
  it('finds nothing wrong in a drill that loads', () => {
    expect(scenarioDiagnostics(drill)).toEqual([]);
  });

  it('puts an invalid edit’s error on its line, from its column', () => {
    const text = drill.replace('timeLimit: 15m', 'timeLimit: fifteen');
    const [d, ...rest] = scenarioDiagnostics(text);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ line: lineOf(text, 'timeLimit: fifteen'), path: 'drill.timeLimit' });
    expect(text.slice(d!.from, d!.to)).toBe('fifteen');
    expect(d!.message).toMatch(/^drill\.timeLimit: "fifteen" is not a duration/);
  });

  it('places a check that reads an unknown metric, and a YAML syntax error, at their lines', () => {
    const bad = drill.replace('check: orders.backlogSent < 10000', 'check: orders.backlogSnet < 10000');
    expect(scenarioDiagnostics(bad).map((d) => [d.line, d.message])).toEqual([
      [lineOf(bad, 'orders.backlogSnet'), 'drill.objectives[3].check: unknown metric "orders.backlogSnet" (did you mean "orders.backlogSent"?)'],
    ]);
    const broken = drill.replace('  timeLimit: 15m', '  timeLimit: [15m');
    expect(scenarioDiagnostics(broken)[0]!.line).toBeGreaterThanOrEqual(lineOf(broken, 'timeLimit: [15m'));
  });

  it('turns line and column into an offset, clamped to the line', () => {
    expect(offsetOf('ab\ncde\nf', 2, 2)).toBe(4);
    expect(offsetOf('ab\ncde\nf', 2, 99)).toBe(6);
    expect(offsetOf('ab', 5, 1)).toBe(2);
  });
});
