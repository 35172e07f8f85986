import { describe, expect, it } from 'vitest';
import { formatScenarioError, parseScenario } from '../../src/scenario/parse.ts';

// A small valid cutover scenario; each test breaks it in one place and expects the error at its field.
const BASE = `schemaVersion: 1
id: inline
title: Inline cutover
regions: [{ id: dc }]
nodes:
  - { id: term, kind: terminal, region: dc }
  - { id: old, kind: counter, region: dc }
  - { id: new, kind: counter, region: dc, version: new }
  - { id: sse, kind: exchange, market: SSE, region: dc }
links:
  - { from: term, to: old }
  - { from: term, to: new }
  - { from: old, to: sse }
  - { from: new, to: sse }
routes: [{ id: r, path: [term, old, sse] }]
instruments: [{ symbol: "600000", market: SSE, price: 10.50 }]
load: { ordersPerSecond: 10 }
cutover: { legacy: old, new: new }
dualRun: { mirrorAt: term }
runbook:
  window: { start: "09:00", deadline: "10:00" }
  steps:
    - { id: recon, title: Reconcile, owner: ops, commands: [{ type: reconcile }], verify: recon.unexplained == 0 }
    - { id: gate, title: Go, kind: gate, owner: lead, after: [recon], criteria: recon.mismatches == 0 }
    - { id: switch, title: Switch, owner: ops, after: [gate], commands: [{ type: switch_primary, to: new }], rollback: back }
    - { id: back, title: Back, owner: ops, path: rollback, commands: [{ type: switch_primary, to: legacy }] }
`;

function errors(text: string): string[] {
  const r = parseScenario(text, 'inline.yaml');
  return r.ok ? [] : r.errors.map(formatScenarioError);
}

describe('cutover sections in scenario files', () => {
  it('the base file loads', () => {
    expect(errors(BASE)).toEqual([]);
  });

  it('a misspelt check path is an error at its field, with the nearest path offered', () => {
    const e = errors(BASE.replace('verify: recon.unexplained == 0', 'verify: recon.unexplaned == 0'));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatch(/^inline\.yaml:\d+:\d+ {2}runbook\.steps\[0\]\.verify {2}unknown check path "recon\.unexplaned" \(did you mean "recon\.unexplained"\?\)$/);
  });

  it('a step that waits for an unknown step, a cycle, and a rollback that is not on the rollback path are errors', () => {
    expect(errors(BASE.replace('after: [recon]', 'after: [recom]')).join('\n')).toMatch(/runbook\.steps\[1\]\.after\[0\] {2}unknown step "recom"/);
    expect(errors(BASE.replace('commands: [{ type: reconcile }]', 'after: [switch], commands: [{ type: reconcile }]')).join('\n')).toMatch(/is part of a cycle of "after"/);
    expect(errors(BASE.replace('rollback: back', 'rollback: recon')).join('\n')).toMatch(/runbook\.steps\[2\]\.rollback {2}"recon" is not on the rollback path/);
  });

  it('a step cannot issue a participant\u2019s input, and a cutover names two counters', () => {
    expect(errors(BASE.replace('commands: [{ type: reconcile }]', 'commands: [{ type: emergency_stop, reason: "because" }]')).join('\n')).toMatch(
      /runbook\.steps\[0\]\.commands\[0\]\.type {2}emergency_stop is a participant's input, not a command a step issues/,
    );
    expect(errors(BASE.replace('cutover: { legacy: old, new: new }', 'cutover: { legacy: old, new: sse }')).join('\n')).toMatch(
      /cutover\.new {2}"sse" is a exchange: a cutover swaps counters or OMSs/,
    );
  });

  it('a dual-run without a cutover section, and a migration step without a migration, are errors', () => {
    expect(errors(BASE.replace('cutover: { legacy: old, new: new }\n', '')).join('\n')).toMatch(/dualRun {2}dual-run needs a cutover section/);
    expect(errors(BASE.replace('commands: [{ type: reconcile }]', 'commands: [{ type: migrate_data }]')).join('\n')).toMatch(/migrate_data needs a migration section/);
  });
});
