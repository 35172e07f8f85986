import { describe, expect, it } from 'vitest';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { StampedCommand } from '@twinlab/shared/scenario/command';
import { createSimulation } from '@twinlab/shared/engine/index';
import { replaySession } from '@twinlab/shared/session/replay';
import { SessionRun } from './runner.ts';
import { planSync } from './sync-plan.ts';

const YAML = `
schemaVersion: 1
id: tiny-chain
title: tiny chain
seed: 7
calendar: { date: 2026-03-02 }
window: { start: "09:30", end: "09:40" }
regions: [{ id: dc }, { id: ex, kind: exchange }]
nodes:
  - { id: terminal, kind: terminal, region: dc, servers: 8, serviceTime: { dist: exp, mean: 10us } }
  - { id: counter, kind: counter, region: dc, servers: 2, serviceTime: { dist: exp, mean: 2ms } }
  - { id: counter-b, kind: counter, region: dc, standbyFor: counter, serviceTime: { dist: exp, mean: 2ms } }
  - { id: sse, kind: exchange, market: SSE, region: ex, serviceTime: { dist: exp, mean: 1ms } }
links:
  - { from: terminal, to: counter, latency: 500us }
  - { from: terminal, to: counter-b, latency: 500us }
  - { from: counter, to: sse, latency: 500us }
  - { from: counter-b, to: sse, latency: 500us }
routes: [{ id: r, path: [terminal, counter, sse] }]
accounts: { count: 100 }
instruments: [{ generate: 20, market: SSE, price: 10.00 }]
load: { ordersPerSecond: 300 }
`;

function scenario(): Scenario {
  const r = parseScenario(YAML, 'tiny.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

const T0 = 9.5 * 3600e6;
const sec = (s: number) => T0 + s * 1e6;
const cmd = (seq: number, at: number, command: StampedCommand['command']): StampedCommand => ({ seq, at, actor: 'Li Lei', command });

describe('SessionRun', () => {
  const sc = scenario();
  const log = [
    cmd(0, sec(20), { type: 'inject_fault', fault: { kind: 'crash', target: 'counter', id: 'c1' } }),
    cmd(1, sec(35), { type: 'restart_node', node: 'counter' }),
    cmd(2, sec(50), { type: 'set_load', multiplier: 2 }),
  ];
  const expected = (until: number, upTo = log.length) => replaySession(createSimulation, sc, 7, log.slice(0, upTo), until).stateHash();

  it('reaches the headless run hash when it runs in clock ticks, with every command known in advance', () => {
    const run = new SessionRun(sc, 7, { stepUs: 250_000, snapshotEveryUs: 10e6 });
    run.setLog(log);
    for (let t = sec(0); t <= sec(70); t += 3_300_000) run.advance(t);
    run.advance(sec(70));
    expect(run.sim.stateHash()).toBe(expected(sec(70)));
    expect(run.rollbacks).toBe(0);
  });

  it('rolls back to a snapshot when a command arrives stamped in its past, and still matches the server', () => {
    const run = new SessionRun(sc, 7, { stepUs: 100_000, snapshotEveryUs: 10e6 });
    run.setLog(log.slice(0, 1));
    run.advance(sec(42)); // ran past the stamp of seq 1 (35 s) before it arrived
    expect(run.setLog(log.slice(0, 2))).toMatch(/command 1 stamped/);
    expect(run.now).toBeLessThanOrEqual(sec(35));
    expect(run.now).toBeGreaterThan(sec(20)); // a snapshot, not the start of the day
    run.advance(sec(42));
    expect(run.sim.stateHash()).toBe(expected(sec(42), 2));
    run.setLog(log);
    run.advance(sec(60));
    expect(run.sim.stateHash()).toBe(expected(sec(60)));
    expect(run.rollbacks).toBe(1);
  });

  it('keeps its snapshots within the byte budget, the newest first, and still rolls back right', () => {
    const roomy = new SessionRun(sc, 7, { stepUs: 100_000, snapshotEveryUs: 5e6 });
    roomy.advance(sec(42));
    expect(roomy.snapshotMarks).toHaveLength(3); // keepSnapshots
    const each = roomy.keptBytes / 3;
    const tight = new SessionRun(sc, 7, { stepUs: 100_000, snapshotEveryUs: 5e6, snapshotBudgetBytes: 1.5 * each });
    tight.setLog(log.slice(0, 1));
    tight.advance(sec(42));
    expect(tight.snapshotMarks.map((m) => m.time)).toEqual([sec(40)]); // one fits: the newest
    expect(tight.keptBytes).toBeLessThanOrEqual(1.5 * each);
    // A command stamped before that snapshot: no snapshot is valid, so it starts over and still matches the server.
    expect(tight.setLog(log.slice(0, 2))).toMatch(/command 1 stamped/);
    tight.advance(sec(42));
    expect(tight.sim.stateHash()).toBe(expected(sec(42), 2));
    const none = new SessionRun(sc, 7, { stepUs: 100_000, snapshotEveryUs: 5e6, snapshotBudgetBytes: each / 2 });
    none.advance(sec(42));
    expect(none.snapshotMarks).toEqual([]); // each alone passes the budget: none is taken
  });

  it('applies a command stamped exactly at the time it stops, as the headless run does', () => {
    const run = new SessionRun(sc, 7);
    run.setLog(log);
    run.advance(sec(35));
    expect(run.appliedCount).toBe(2);
    expect(run.sim.stateHash()).toBe(expected(sec(35)));
  });

  it('rewinds when an entry it already applied changed (a resync after rejoining)', () => {
    const run = new SessionRun(sc, 7, { snapshotEveryUs: 10e6 });
    run.setLog(log);
    run.advance(sec(55));
    const rewritten = [log[0]!, cmd(1, sec(36), { type: 'drain_node', node: 'counter' })];
    expect(run.setLog(rewritten)).toMatch(/changed at entry 1/);
    run.advance(sec(55));
    expect(run.sim.stateHash()).toBe(replaySession(createSimulation, sc, 7, rewritten, sec(55)).stateHash());
  });
});

describe('SessionRun.rewind', () => {
  it('goes back when a pause lands before the time it had reached, and matches the server there', () => {
    const sc = scenario();
    const log = [cmd(0, sec(5), { type: 'set_load', multiplier: 3 })];
    const run = new SessionRun(sc, 7, { snapshotEveryUs: 10e6 });
    run.setLog(log);
    run.advance(sec(33));
    expect(run.rewind(sec(31.5))).toBe(true);
    expect(run.now).toBe(sec(30));
    run.advance(sec(31.5));
    expect(run.sim.stateHash()).toBe(replaySession(createSimulation, sc, 7, log, sec(31.5)).stateHash());
    expect(run.rewind(sec(40))).toBe(false);
  });
  it('after an emergency stop still applies later entries as the headless run does, and returns', () => {
    const runbook = `
runbook:
  window: { start: "09:30", deadline: "09:40" }
  steps: [{ id: drain, title: drain the counter, owner: lead }]
`;
    const parsed = parseScenario(YAML + runbook, 'tiny-runbook.yaml');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const stopLog = [cmd(0, sec(10), { type: 'emergency_stop', reason: 'wrong prices on the new counter' }), cmd(1, sec(20), { type: 'claim_role', role: 'lead' })];
    const run = new SessionRun(parsed.scenario, 7, { stepUs: 250_000, snapshotEveryUs: 10e6 });
    run.setLog(stopLog);
    expect(run.advance(sec(30))).toBe(false); // halted: the run stays at the stop
    expect(run.appliedCount).toBe(2);
    expect(run.sim.stateHash()).toBe(replaySession(createSimulation, parsed.scenario, 7, stopLog, sec(30)).stateHash());
  });
});

describe('planSync', () => {
  const a = cmd(0, 100, { type: 'restart_node', node: 'x' });
  const b = cmd(1, 200, { type: 'restart_node', node: 'y' });
  it('continues when new entries lie ahead', () => {
    expect(planSync([a], [a, b], 150, []).kind).toBe('continue');
  });
  it('picks the latest snapshot that does not pass the late entry', () => {
    const plan = planSync([a], [a, b], 300, [
      { time: 0, applied: 0 },
      { time: 150, applied: 1 },
      { time: 250, applied: 1 },
    ]);
    expect(plan).toMatchObject({ kind: 'rollback', snapshot: { time: 150, applied: 1 } });
  });
  it('never keeps a snapshot that applied an entry the new log does not have', () => {
    const changed = cmd(0, 100, { type: 'drain_node', node: 'x' });
    const plan = planSync([a], [changed], 300, [{ time: 150, applied: 1 }]);
    expect(plan).toMatchObject({ kind: 'rollback', snapshot: null });
  });
});
