import { describe, expect, it } from 'vitest';
import type { Command } from '../scenario/command.ts';
import type { ScenarioInput } from '../scenario/schema.ts';
import { FLAG_IN_DOUBT, ORD, ST } from './codes.ts';
import { createSimulation } from './simulation.ts';
import { compile } from './compile.ts';
import { openingShares } from './holdings.ts';
import { A_FROZEN, acctAt, P_ACCT, P_INS, POS_WORDS, qtyAt } from './book.ts';
import type { SimState } from './state.ts';
import { broker, clock } from './test-scenario.ts';
import { F_ID, ORD_F, ORD_I, O_ACCOUNT, O_COUNTER, O_CUM_QTY, O_FILLED, O_FLAGS, O_PBU, O_QTY, O_STATE, O_STATUS } from './order-layout.ts';

/** The counter's order desk (docs/domain.md E1): held and in-doubt orders, resync, PBUs, mass cancel, kill switches. */

const quietBase = (patch: (s: ScenarioInput) => void = () => {}) =>
  broker((s) => {
    s.load.ordersPerSecond = 100;
    s.load.bursts = [];
    s.nodes.find((n) => n.id === 'risk')!.config = {}; // no risk rejects: every order goes out
    s.links!.find((l) => l.from === 'gw-sh')!.loss = 0; // nothing in doubt but what a test breaks
    patch(s);
  });

let seq = 0;
const at = (time: string, command: Command) => ({ seq: seq++, at: clock(time), actor: 'ops', command });
const stateOf = (sim: ReturnType<typeof createSimulation>) => (sim.snapshot().state as { state: SimState }).state;

/** Shares across all accounts and instruments, less what they held at the open (untouched ones moved nothing). */
function sharesHeld(sim: ReturnType<typeof createSimulation>): number {
  const m = compile(sim.scenario);
  const b = stateOf(sim).book;
  let n = 0;
  for (let x = 0; x < b.positions; x++) n += qtyAt(b, x) - openingShares(m.open, b.seed, b.pos[x * POS_WORDS + P_ACCT]!, b.pos[x * POS_WORDS + P_INS]!);
  return n;
}

/** Cash frozen across all accounts (an untouched account has none frozen). */
function frozenTotal(sim: ReturnType<typeof createSimulation>): number {
  const b = stateOf(sim).book;
  let n = 0;
  for (let x = 0; x < b.accounts; x++) n += acctAt(b, x, A_FROZEN);
  return n;
}

/** Order slots alive in the state, with what the counter and the exchange each know of them. */
function orders(s: SimState) {
  const free = new Set(Array.from(s.ordPool.free.subarray(0, s.ordPool.freeCount)));
  const out: { slot: number; id: number; state: number; status: number; filled: number; qty: number; cum: number; inDoubt: boolean; counter: number; account: number }[] = [];
  for (let o = 0; o < s.ordPool.capacity; o++) {
    if (free.has(o)) continue;
    out.push({
      slot: o,
      id: s.ordF[o * ORD_F + F_ID]!,
      state: s.ordI[o * ORD_I + O_STATE]!,
      status: s.ordI[o * ORD_I + O_STATUS]!,
      filled: s.ordI[o * ORD_I + O_FILLED]!,
      qty: s.ordI[o * ORD_I + O_QTY]!,
      cum: s.ordI[o * ORD_I + O_CUM_QTY]!,
      inDoubt: (s.ordI[o * ORD_I + O_FLAGS]! & FLAG_IN_DOUBT) !== 0,
      counter: s.ordI[o * ORD_I + O_COUNTER]!,
      account: s.ordI[o * ORD_I + O_ACCOUNT]!,
    });
  }
  return out;
}

const quiet = quietBase;

/**
 * The SSE line cut for 20 s at 10:00. The line is long (100 ms) so that when it goes, execution
 * reports of orders the exchange already took are on the wire and lost with it: those orders are
 * in doubt although the exchange has them, some filled. (With the 300 µs line of the test broker,
 * whether a filled order was caught on the wire depended on the seed: one or none.)
 */
const cutLine = (indexLost = false) =>
  quiet((s) => {
    s.nodes.find((n) => n.id === 'sse')!.serviceTime = { dist: 'const', value: '15ms' };
    s.links!.find((l) => l.from === 'gw-sh')!.latency = '100ms';
    s.faults = [{ at: '10:00', kind: 'partition', target: 'gw-sh--sse', duration: '20s' }];
    if (indexLost) s.faults.push({ at: '10:00', kind: 'index_lost', target: 'gw-sh' });
  });

describe('in-doubt orders and resync', () => {
  it('a cut line leaves orders in doubt; the resync at logon settles each as the exchange has it', () => {
    const sim = createSimulation(cutLine(), { seed: 5 });
    sim.runUntil(clock('10:00:19.999'));
    const m = sim.metrics().orders;
    expect(m.inDoubt).toBeGreaterThan(100); // every SSE order sent into the line, and those whose ack it dropped
    expect(m.states.sending).toBeGreaterThanOrEqual(m.inDoubt);
    expect(m.failed).toBe(0);
    const doubtful = orders(stateOf(sim)).filter((o) => o.inDoubt);
    const absent = doubtful.filter((o) => o.status === ORD.NEW);
    const filled = doubtful.filter((o) => o.status === ORD.FILLED);
    expect(absent.length).toBeGreaterThan(100); // never reached the exchange
    expect(filled.length).toBeGreaterThan(0); // the exchange filled it, the counter never heard
    expect(doubtful.every((o) => o.state === ST.SENDING)).toBe(true);

    sim.runUntil(clock('10:00:21')); // the line heals at 10:00:20: the gateway logs on and resyncs
    expect(sim.metrics().orders.inDoubt).toBe(0);
    const after = new Map(orders(stateOf(sim)).map((o) => [o.id, o]));
    for (const o of filled) {
      const now = after.get(o.id);
      if (now) expect([now.state, now.cum]).toEqual([ST.FILLED, o.qty]); // still in the pool: its fill posted
    }
    for (const o of absent) expect(after.get(o.id)?.state ?? ST.INVALID).toBe(ST.INVALID);
    expect(sim.metrics().orders.settled).toBeGreaterThanOrEqual(doubtful.length);
    expect(sim.metrics().orders.wrongInvalid).toBe(0);
    expect(sim.audit()).toMatchObject({ cashBreaks: [], stateCountDrift: 0, ordersWithoutState: 0, reportGaps: 0 });
    expect(sim.cutover().timeline.map((e) => e.text)).toContainEqual(
      expect.stringMatching(new RegExp(`^gw-sh resyncs \\d+ missed reports from the exchange \\(by itself, at logon\\); ${absent.length} in-doubt orders the exchange never received are 废单$`)),
    );
  });

  it('with its stored ReportIndex lost the gateway cannot resync at logon: the orders stay in doubt until a manual resync', () => {
    const sim = createSimulation(
      quiet(
        (s) =>
          (s.faults = [
            { at: '10:00', kind: 'partition', target: 'gw-sh--sse', duration: '20s' },
            { at: '10:00', kind: 'index_lost', target: 'gw-sh' },
          ]),
      ),
      { seed: 5 },
    );
    sim.runUntil(clock('10:00:30'));
    const held = sim.metrics().orders.inDoubt;
    expect(held).toBeGreaterThan(100);
    expect(sim.cutover().timeline.at(-1)!.text).toMatch(/gw-sh logs on but has lost its stored ReportIndex/);
    sim.apply(at('10:00:30', { type: 'resync_reports', node: 'gw-sh' }));
    sim.runUntil(clock('10:00:31'));
    expect(sim.metrics().orders.inDoubt).toBe(0);
    expect(sim.metrics().reports.duplicates).toBeGreaterThan(0); // from index 1: the exchange replays what the counter has
    expect(sim.metrics().reports.doublePosted).toBe(0); // … and TrdCnfmID deduplication drops them
  });

  it('duplicate reports are posted once; with deduplication off the same fills are booked twice', () => {
    const run = (dedup: boolean) => {
      const sim = createSimulation(
        quiet((s) => {
          s.faults = [{ at: '10:00', kind: 'index_lost', target: 'gw-sh' }];
          if (!dedup) s.faults.push({ at: '09:30', kind: 'config_error', target: 'counter', key: 'dedupReports', value: false });
        }),
        { seed: 8 },
      );
      sim.runUntil(clock('10:00:10'));
      const before = sharesHeld(sim);
      sim.apply(at('10:00:10', { type: 'resync_reports', node: 'gw-sh' }));
      sim.runUntil(clock('10:00:10.000001'));
      return { sim, moved: sharesHeld(sim) - before, reports: sim.metrics().reports };
    };
    const once = run(true);
    expect(once.reports.duplicates).toBeGreaterThan(10);
    expect(once.reports.doublePosted).toBe(0);
    expect(once.moved).toBe(0);
    const twice = run(false);
    expect(twice.reports.doublePosted).toBe(once.reports.duplicates);
    expect(twice.moved).not.toBe(0); // positions no longer match the exchange's trades
    expect(twice.sim.audit().cashBreaks).toEqual([]); // the money still adds up: the break is against the exchange
  });

  it('an operator who marks in-doubt orders 废单 without a resync is wrong for those the exchange received', () => {
    const sim = createSimulation(cutLine(true), { seed: 5 });
    sim.runUntil(clock('10:00:10'));
    const doubtful = orders(stateOf(sim)).filter((o) => o.inDoubt);
    const received = doubtful.filter((o) => o.status !== ORD.NEW).length;
    expect(received).toBeGreaterThan(0);
    sim.apply(at('10:00:10', { type: 'mark_invalid', node: 'gw-sh' }));
    sim.runUntil(clock('10:00:10.000001'));
    const m = sim.metrics().orders;
    expect(m.inDoubt).toBe(0);
    expect(m.wrongInvalid).toBe(received);
    expect(sim.audit().cashBreaks).toEqual([]);
  });
});

describe('held orders (待报)', () => {
  const crash = quiet((s) => (s.faults = [{ at: '10:00', kind: 'crash', target: 'gw-sh', id: 'gw-down' }]));

  it('while the gateway is down its orders wait at the counter and go out when it restarts', () => {
    const sim = createSimulation(crash, { seed: 2 });
    sim.runUntil(clock('10:00:30'));
    const m = sim.metrics().orders;
    expect(m.held).toBeGreaterThan(500); // 30 s of SSE orders
    expect(m.failed).toBe(0);
    sim.apply(at('10:00:30', { type: 'restart_node', node: 'gw-sh' }));
    sim.runUntil(clock('10:00:31'));
    const after = sim.metrics().orders;
    expect(after.held).toBe(0);
    expect(after.backlogSent).toBe(m.held);
    expect(after.filled - m.filled).toBeGreaterThan(100);
    expect(sim.audit()).toMatchObject({ cashBreaks: [], stateCountDrift: 0 });
  });

  it('a stale backlog cancelled before the restart never goes out, and its frozen cash comes back', () => {
    const sim = createSimulation(crash, { seed: 2 });
    sim.runUntil(clock('10:00:30'));
    const m = sim.metrics().orders;
    const frozen = frozenTotal(sim);
    sim.apply(at('10:00:30', { type: 'backlog', node: 'gw-sh', action: 'cancel' }));
    sim.apply(at('10:00:30', { type: 'restart_node', node: 'gw-sh' }));
    sim.runUntil(clock('10:00:30.000001'));
    const after = sim.metrics().orders;
    expect(after.held).toBe(0);
    expect(after.backlogCancelled).toBe(m.held);
    expect(after.backlogSent).toBe(0);
    expect(after.states.cancelled - m.states.cancelled).toBe(m.held);
    expect(frozenTotal(sim)).toBeLessThan(frozen);
    expect(sim.audit().cashBreaks).toEqual([]);
  });

  it('a submission that never reached the counter fails back to the client and is counted', () => {
    const sim = createSimulation(
      quiet((s) => (s.faults = [{ at: '10:00', kind: 'crash', target: 'counter', duration: '10s' }])),
      { seed: 2 },
    );
    sim.runUntil(clock('10:00:10'));
    const m = sim.metrics().orders;
    expect(m.failed).toBeGreaterThan(500);
    expect(m.states.failed).toBe(m.failed);
    // What the counter had committed when it died waits in its database (未报) and goes out after the restart.
    expect(m.held).toBeLessThan(m.failed / 5);
    sim.runUntil(clock('10:00:11')); // the counter is back: the gateways deliver again what it missed
    expect(sim.metrics().orders.held).toBe(0);
    expect(sim.metrics().orders.inDoubt).toBe(0);
    expect(sim.metrics().orders.backlogSent).toBe(m.held);
  });
});

/** A second SSE gateway beside gw-sh; gw-sh carries PBU 013579, gw-sh2 carries `pbu2`. */
const twoGateways = (pbu2: string, patch: (s: ScenarioInput) => void = () => {}) =>
  quiet((s) => {
    s.nodes.find((n) => n.id === 'gw-sh')!.pbus = ['013579'];
    s.nodes.push({ id: 'gw-sh2', kind: 'gateway', region: 'colo', serviceTime: { dist: 'exp', mean: '100us' }, pbus: [pbu2] });
    s.links!.push({ from: 'risk', to: 'gw-sh2', latency: '50us' }, { from: 'gw-sh2', to: 'sse', latency: '300us' });
    s.load.cancelRatio = 0; // only the test's cancels
    s.load.marketableRatio = 0.2;
    patch(s);
  });

describe('PBUs', () => {
  /** Orders resting at the exchange that went out on PBU 013579 (index 0). */
  const restingOnP1 = (sim: ReturnType<typeof createSimulation>) => {
    const s = stateOf(sim);
    return s.liveOrders.filter((o) => s.ordI[o * ORD_I + O_PBU] === 0).length;
  };

  it('a second gateway carrying the same PBU continues its ReportIndex and takes its cancels', () => {
    const sim = createSimulation(twoGateways('013579'), { seed: 4 });
    sim.runUntil(clock('10:00'));
    const seqBefore = stateOf(sim).exchSeq[0]!;
    const n = restingOnP1(sim);
    expect(n).toBeGreaterThan(5);
    sim.apply(at('10:00', { type: 'failover', node: 'gw-sh', to: 'gw-sh2' }));
    sim.apply(at('10:00', { type: 'mass_cancel', scope: 'pbu', pbu: '013579' }));
    sim.runUntil(clock('10:02'));
    expect(stateOf(sim).exchSeq[0]!).toBeGreaterThan(seqBefore + 100); // 013579's first partition runs on through gw-sh2
    expect(sim.metrics().reports.gaps).toBe(0);
    expect(sim.metrics().orders.cancelsWrongPbu).toBe(0);
    expect(sim.metrics().nodes.find((x) => x.id === 'gw-sh2')!.processed).toBeGreaterThan(1000);
  });

  it('cancels of orders placed on one PBU are refused when they go out through a gateway of another', () => {
    const sim = createSimulation(twoGateways('024680'), { seed: 4 });
    sim.runUntil(clock('10:00'));
    const s0 = stateOf(sim);
    const known = s0.liveOrders.filter((o) => s0.ordI[o * ORD_I + O_PBU] === 0 && (s0.ordI[o * ORD_I + O_STATE] === ST.REPORTED || s0.ordI[o * ORD_I + O_STATE] === ST.PARTIAL)).length; // those the counter cancels
    expect(known).toBeGreaterThan(5);
    sim.apply(at('10:00', { type: 'failover', node: 'gw-sh', to: 'gw-sh2' }));
    sim.apply(at('10:00', { type: 'mass_cancel', scope: 'pbu', pbu: '013579' }));
    sim.runUntil(clock('10:00:00.100'));
    expect(sim.metrics().orders.cancelsWrongPbu).toBe(known);
    const s = stateOf(sim);
    expect(s.liveOrders.filter((o) => s.ordI[o * ORD_I + O_PBU] === 0).every((o) => s.ordI[o * ORD_I + O_STATE] === ST.REPORTED || s.ordI[o * ORD_I + O_STATE] === ST.PARTIAL)).toBe(true); // the counter knows the cancel failed
  });

  it('the exchange refuses orders past a PBU’s order-rate limit (流速)', () => {
    const limited = createSimulation(
      quiet((s) => (s.nodes.find((n) => n.id === 'gw-sh')!.pbuOrderRate = 10)),
      { seed: 4 },
    );
    const free = createSimulation(quiet(), { seed: 4 });
    for (const sim of [limited, free]) sim.runUntil(clock('10:01'));
    expect(free.metrics().orders.rateRejects).toBe(0);
    const sse = (sim: ReturnType<typeof createSimulation>) => sim.metrics().nodes.find((n) => n.id === 'sse')!;
    expect(limited.metrics().orders.rateRejects).toBeGreaterThan(1000); // ~50 SSE orders/s against 10/s since 09:15
    expect(sse(limited).rejected).toBeGreaterThanOrEqual(limited.metrics().orders.rateRejects);
  });
});

describe('mass cancel and kill switches', () => {
  const quiet = (patch: (s: ScenarioInput) => void = () => {}) =>
    quietBase((s) => {
      s.load.marketableRatio = 0.2; // most orders rest: something to cancel
      patch(s);
    });
  const resting = (sim: ReturnType<typeof createSimulation>, account?: number) => orders(stateOf(sim)).filter((o) => o.status === ORD.LIVE && (account === undefined || o.account === account)).length;

  it('a mass cancel for one account cancels its open orders and leaves the others', () => {
    const sim = createSimulation(quiet(), { seed: 6 });
    sim.runUntil(clock('10:00'));
    const live = orders(stateOf(sim)).filter((o) => o.status === ORD.LIVE);
    const account = live[0]!.account;
    expect(resting(sim, account)).toBeGreaterThan(0);
    const others = resting(sim) - resting(sim, account);
    expect(others).toBeGreaterThan(5);
    sim.apply(at('10:00', { type: 'mass_cancel', scope: 'account', account }));
    sim.runUntil(clock('10:00:00.100'));
    expect(resting(sim, account)).toBe(0);
    expect(resting(sim)).toBeGreaterThan(others / 2);
  });

  it('the firm kill switch refuses new orders and cancels every open one until it is lifted', () => {
    const sim = createSimulation(quiet(), { seed: 6 });
    sim.runUntil(clock('10:00'));
    expect(resting(sim)).toBeGreaterThan(10);
    sim.apply(at('10:00', { type: 'kill_switch', scope: 'firm', on: true }));
    sim.runUntil(clock('10:00:05'));
    const m = sim.metrics().orders;
    expect(resting(sim)).toBe(0);
    expect(m.killRejects).toBeGreaterThan(300);
    expect(m.states.reported + m.states.partial + m.states.reportedCancelling + m.states.partialCancelling).toBe(0);
    sim.apply(at('10:00:05', { type: 'kill_switch', scope: 'firm', on: false }));
    sim.runUntil(clock('10:00:10'));
    expect(sim.metrics().orders.killRejects).toBe(m.killRejects);
    expect(sim.metrics().orders.filled).toBeGreaterThan(m.filled);
  });

  it('a PBU kill switch stops that PBU only', () => {
    const sim = createSimulation(quiet(), { seed: 6 });
    sim.runUntil(clock('10:00'));
    sim.apply(at('10:00', { type: 'kill_switch', scope: 'pbu', pbu: 'gw-sh', on: true }));
    sim.runUntil(clock('10:00:10'));
    const gw = (id: string) => sim.metrics().nodes.find((n) => n.id === id)!;
    const before = { sh: gw('sse').processed, sz: gw('szse').processed };
    sim.runUntil(clock('10:00:20'));
    expect(gw('sse').processed - before.sh).toBeLessThan(20); // cancel rejects and stragglers at most
    expect(gw('szse').processed - before.sz).toBeGreaterThan(100);
    expect(sim.metrics().orders.killRejects).toBeGreaterThan(100);
  });

  it('a PBU mass cancel also cancels the orders held for that PBU at the counter', () => {
    const sim = createSimulation(
      quiet((s) => (s.faults = [{ at: '10:00', kind: 'crash', target: 'gw-sh' }])),
      { seed: 6 },
    );
    sim.runUntil(clock('10:00:10'));
    const held = sim.metrics().orders.held;
    expect(held).toBeGreaterThan(100);
    sim.apply(at('10:00:10', { type: 'mass_cancel', scope: 'pbu', pbu: 'gw-sz' }));
    sim.runUntil(clock('10:00:10.000001'));
    expect(sim.metrics().orders.held).toBe(held); // gw-sz's PBU holds none of them
    sim.apply(at('10:00:10.000001', { type: 'mass_cancel', scope: 'pbu', pbu: 'gw-sh' }));
    sim.runUntil(clock('10:00:10.000002'));
    expect(sim.metrics().orders).toMatchObject({ held: 0, backlogCancelled: held });
  });

  it('a scope that names nothing is refused with what is wrong', () => {
    const sim = createSimulation(quiet());
    expect(() => sim.apply(at('09:30', { type: 'mass_cancel', scope: 'account', account: 200 }))).toThrow('mass_cancel: account 200 does not exist (accounts 0 to 199)');
    expect(() => sim.apply(at('09:30', { type: 'kill_switch', scope: 'pbu', pbu: 'p9', on: true }))).toThrow('kill_switch: unknown PBU "p9" (known: gw-sh, gw-sz)');
    expect(() => sim.apply(at('09:30', { type: 'kill_switch', scope: 'pbu', on: true }))).toThrow('kill_switch: scope pbu needs pbu');
    expect(() => sim.apply(at('09:30', { type: 'backlog', node: 'counter', action: 'send' }))).toThrow('backlog: "counter" is not a gateway');
  });
});
