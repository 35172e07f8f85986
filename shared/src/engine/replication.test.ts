import { describe, expect, it } from 'vitest';
import type { Command } from '../scenario/command.ts';
import type { ScenarioInput } from '../scenario/schema.ts';
import { ORD, ST } from './codes.ts';
import { classifyIncident } from './incident.ts';
import { createSimulation, restoreSimulation } from './simulation.ts';
import type { Simulation } from './api.ts';
import type { SimState } from './state.ts';
import { broker, clock } from './test-scenario.ts';
import { ORD_I, O_PBU, O_STATE, O_STATUS } from './order-layout.ts';

/** DR with a replicating database (docs/domain.md E2): the unapplied tail is lost at failover and found again at the exchange. */

const CRASH = '10:00:00';

/** The test broker with a counter database replicating to the DR site, both primaries dark at 10:00. */
const dr = (lag: string, patch: (s: ScenarioInput) => void = () => {}) =>
  broker((s) => {
    s.window = { start: '09:56', end: '10:10' };
    s.load.ordersPerSecond = 120;
    s.load.bursts = [];
    s.nodes.find((n) => n.id === 'risk')!.config = {};
    s.links!.find((l) => l.from === 'gw-sh')!.loss = 0;
    s.nodes.push({ id: 'db', kind: 'database', region: 'dc', replication: { lag, source: 'test' } }, { id: 'db-dr', kind: 'database', region: 'dr', standbyFor: 'db' });
    s.links!.push({ from: 'counter', to: 'db', latency: '50us' }, { from: 'counter-dr', to: 'db-dr', latency: '50us' }, { id: 'db-replication', from: 'db', to: 'db-dr', latency: '8ms' });
    s.faults = [
      { id: 'power-counter', at: CRASH, kind: 'crash', target: 'counter' },
      { id: 'power-db', at: CRASH, kind: 'crash', target: 'db' },
    ];
    patch(s);
  });

let seq = 0;
const at = (time: string, command: Command) => ({ seq: seq++, at: clock(time), actor: 'dba', command });
const stateOf = (sim: Simulation) => (sim.snapshot().state as { state: SimState }).state;
const failover = (sim: Simulation, time: string) => {
  sim.apply(at(time, { type: 'failover', node: 'db', to: 'db-dr' }));
  sim.apply(at(time, { type: 'failover', node: 'counter', to: 'counter-dr' }));
};
const resyncBoth = (sim: Simulation, time: string) => {
  sim.apply(at(time, { type: 'resync_reports', node: 'gw-sh' }));
  sim.apply(at(time, { type: 'resync_reports', node: 'gw-sz' }));
};

/** Every account's cash, frozen cash and holdings as the counter's books have them. */
function books(sim: Simulation) {
  const accounts = sim.scenario.accounts.count;
  const out: number[] = [];
  for (let a = 0; a < accounts; a++) {
    const c = sim.account(a);
    out.push(c.usable, c.frozen);
    for (let i = 0; i < 12; i++) {
      const h = sim.holding(a, i);
      out.push(h.position, h.sellable);
    }
  }
  return out;
}

/** Orders the books lost that the exchange has, counted from the raw state. */
function lostAtExchange(s: SimState): number {
  let n = 0;
  const free = new Set(Array.from(s.ordPool.free.subarray(0, s.ordPool.freeCount)));
  for (let o = 0; o < s.ordPool.capacity; o++)
    if (!free.has(o) && s.ordI[o * ORD_I + O_STATE] === ST.LOST && s.ordI[o * ORD_I + O_STATUS] !== ORD.NEW && s.ordI[o * ORD_I + O_STATUS] !== ORD.ABSENT) n++;
  return n;
}

describe('DR failover with a replicating database', () => {
  it('promotes the standby with exactly what it had received when the primary died: the books of T − lag', () => {
    const lag = 300_000;
    const sim = createSimulation(dr('300ms'));
    failover(sim, '10:00:20');
    sim.runUntil(clock('10:00:20') + 1); // the failover has run, the DR counter has not committed anything yet
    // The standby has every record committed up to the failure minus the lag: an identical run stopped there has the same books.
    const before = createSimulation(dr('300ms'));
    before.runUntil(clock(CRASH) - lag + 1);
    expect(books(sim)).toEqual(books(before));
    const m = sim.metrics().dr!;
    expect(m.lag).toBe(lag);
    expect(m.lostOrders).toBeGreaterThan(10);
    expect(m.unapplied).toBeGreaterThanOrEqual(m.lostOrders);
    expect(m.rpo).toBeGreaterThan(0);
    expect(m.rpo).toBeLessThanOrEqual(lag);
    // Reconciliation against the exchange finds exactly the lost orders the exchange has.
    expect(m.missing).toBe(lostAtExchange(stateOf(sim)));
    expect(m.missing).toBeGreaterThan(0);
    expect(sim.audit().cashBreaks).toEqual([]);
  });

  it('a resync from the exchange books the lost orders again and posts the fills the books lacked', () => {
    const promoted = createSimulation(dr('300ms'));
    failover(promoted, '10:00:20');
    promoted.runUntil(clock('10:00:20') + 1);
    const lost = promoted.metrics().dr!;
    expect(lost.missing).toBeGreaterThan(0);
    expect(lost.unbooked).toBeGreaterThan(0);
    // Reconciled before the DR counter takes new orders against books that lack the tail (or it may sell shares already sold).
    const sim = createSimulation(dr('300ms'));
    failover(sim, '10:00:20');
    resyncBoth(sim, '10:00:20');
    sim.apply(at('10:01:00', { type: 'set_load', multiplier: 0 })); // so no report is on its way when the books are audited
    sim.runUntil(clock('10:02:00'));
    const after = sim.metrics().dr!;
    expect(after.missing).toBe(0);
    expect(after.unbooked).toBe(0);
    expect(after.found).toBe(lost.missing);
    expect(sim.metrics().orders.states.lost).toBe(0);
    expect(sim.metrics().orders.wrongInvalid).toBe(0);
    expect(sim.audit()).toMatchObject({ cashBreaks: [], negativePositions: 0, booksBehindExchange: 0, stateCountDrift: 0, ordersWithoutState: 0 });
  });

  it('failing over without the resync leaves the exchange-known orders missing from the books; marking them 废单 is wrong for every one', () => {
    const sim = createSimulation(dr('300ms'));
    failover(sim, '10:00:20');
    sim.runUntil(clock('10:01:00'));
    const missing = sim.metrics().dr!.missing;
    sim.apply(at('10:01:00', { type: 'mark_invalid', node: 'gw-sh' }));
    sim.apply(at('10:01:00', { type: 'mark_invalid', node: 'gw-sz' }));
    sim.runUntil(clock('10:01:01'));
    expect(sim.metrics().dr!.missing).toBe(0);
    expect(sim.metrics().orders.wrongInvalid).toBe(missing);
    expect(sim.metrics().dr!.unbooked).toBeGreaterThan(0); // their fills are still unbooked
  });

  it('a lost order the exchange never had (held at the counter, its gateway down) is 废单 after the reconciliation, rightly', () => {
    const held = () => dr('300ms', (s) => s.faults!.push({ id: 'gw-down', at: '09:59:50', kind: 'crash', target: 'gw-sh' }));
    const sim = createSimulation(held());
    failover(sim, '10:00:20');
    sim.runUntil(clock('10:00:20') + 1);
    const s = stateOf(sim);
    let unsent = 0;
    const free = new Set(Array.from(s.ordPool.free.subarray(0, s.ordPool.freeCount)));
    for (let o = 0; o < s.ordPool.capacity; o++) if (!free.has(o) && s.ordI[o * ORD_I + O_STATE] === ST.LOST && s.ordI[o * ORD_I + O_PBU]! < 0) unsent++;
    expect(unsent).toBeGreaterThan(0);
    const voided = sim.metrics().orders.voided;
    sim.apply(at('10:00:21', { type: 'resync_reports', node: 'gw-sz' }));
    sim.runUntil(clock('10:00:22'));
    expect(sim.metrics().orders.voided - voided).toBe(unsent);
    expect(sim.metrics().orders.wrongInvalid).toBe(0);
    expect(sim.audit().cashBreaks).toEqual([]);
  });

  it('with lag 0 the standby has every commit: nothing is lost and the books are those at the failure', () => {
    const sim = createSimulation(dr('0us'));
    failover(sim, '10:00:20');
    sim.runUntil(clock('10:00:20') + 1);
    const at0 = createSimulation(dr('0us'));
    at0.runUntil(clock(CRASH) + 1);
    expect(books(sim)).toEqual(books(at0));
    expect(sim.metrics().dr).toMatchObject({ lag: 0, unapplied: 0, rpo: 0, lostOrders: 0, missing: 0, unbooked: 0 });
  });

  it('a slow replication link grows the lag and the tail; a switchover with the primary up loses nothing', () => {
    const slow = createSimulation(dr('10ms', (s) => s.faults!.push({ id: 'slow-line', at: '09:59:00', kind: 'latency_spike', target: 'db-replication', latency: '2s' })));
    slow.runUntil(clock('09:59:30'));
    expect(slow.metrics().dr!.lag).toBe(2_010_000);
    const quick = createSimulation(dr('10ms'));
    failover(slow, '10:00:20');
    failover(quick, '10:00:20');
    slow.runUntil(clock('10:00:21'));
    quick.runUntil(clock('10:00:21'));
    expect(slow.metrics().dr!.lostOrders).toBeGreaterThan(10 * quick.metrics().dr!.lostOrders);

    const planned = createSimulation(dr('300ms', (s) => (s.faults = [])));
    failover(planned, '10:00:00');
    planned.runUntil(clock('10:00:30'));
    expect(planned.metrics().dr).toMatchObject({ unapplied: 0, lostOrders: 0, stopped: 0, incidentClass: 'none' });
  });

  it('is deterministic, and a snapshot taken mid-replication continues to the same result', () => {
    const run = (split: boolean) => {
      seq = 0;
      let sim = createSimulation(dr('300ms'));
      failover(sim, '10:00:20');
      resyncBoth(sim, '10:01:00');
      sim.runUntil(clock('09:59:59') + 850_000); // records are on their way to the standby
      if (split) sim = restoreSimulation(sim.scenario, structuredClone(sim.snapshot()));
      sim.runUntil(clock('10:02:00'));
      return [sim.stateHash(), JSON.stringify(sim.metrics().dr)];
    };
    const straight = run(false);
    expect(run(false)).toEqual(straight);
    expect(run(true)).toEqual(straight);
  });

  it('classes the outage by how long trading stopped and how many clients it reached', () => {
    const sim = createSimulation(dr('300ms', (s) => (s.accounts!.count = 200)));
    sim.runUntil(clock('10:06:00'));
    expect(sim.metrics().dr).toMatchObject({ stopped: 6 * 60_000_000, clients: 200, incidentClass: 'general' });
    failover(sim, '10:06:00');
    sim.runUntil(clock('10:09:00'));
    expect(sim.metrics().dr!.stopped).toBe(6 * 60_000_000);
    const MIN = 60_000_000;
    expect(classifyIncident(19 * MIN, 5_000_000)).toBe('significant'); // CITIC 2023-06-19, ~19 minutes: 较大
    expect(classifyIncident(31 * MIN, 150_000)).toBe('major');
    expect(classifyIncident(4 * MIN, 5_000_000)).toBe('none');
    expect(classifyIncident(0, 5_000_000)).toBe('none');
  });

  it('refuses replication without a standby database or on a node that is not a database, saying which', () => {
    expect(() =>
      dr('5ms', (s) =>
        s.nodes.splice(
          s.nodes.findIndex((n) => n.id === 'db-dr'),
          1,
        ),
      ),
    ).toThrow(/no database stands by for it/);
    expect(() => dr('5ms', (s) => (s.nodes.find((n) => n.id === 'risk')!.replication = { lag: '5ms', source: 'test' }))).toThrow(/replication is for databases/);
    expect(() => dr('2h')).toThrow(/at most 1h/);
  });
});
