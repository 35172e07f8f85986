import { describe, expect, it } from 'vitest';
import { loadLibraryScenario, Operator } from '../cutover/operator.ts';
import { createSimulation, restoreSimulation } from '../../src/engine/simulation.ts';
import type { Simulation } from '../../src/engine/api.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import { formatClock, parseClock, parseDuration } from '../../src/scenario/units.ts';
import { nextActive } from '../../src/scenario/window.ts';

const base = loadLibraryScenario('friday-to-monday');
const at = (clock: string) => parseClock(clock)!;
const MON_0900 = at('D+3 09:00');

/** The scenario with changes for one test (a copy: the library scenario stays as loaded). */
function variant(change: (s: Scenario) => void): Scenario {
  const s = structuredClone(base);
  change(s);
  return s;
}

/** Cells (account, instrument) bought today that the account held none of before. */
function boughtToday(sim: Simulation, accounts: number, instruments: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < accounts; a++) for (let i = 0; i < instruments; i++) if (sim.holding(a, i).position > 0) out.push([a, i]);
  return out;
}

describe('Friday to Monday: clearing with effect on the books', () => {
  it("Friday's buys are sellable on Monday, not on Friday (T+1)", () => {
    // No opening positions: whatever an account holds on Friday evening it bought that afternoon.
    const sc = variant((s) => void (s.accounts.positionLots = 0));
    const op = new Operator(sc).at('15:05');
    const cells = boughtToday(op.sim, 300, 20);
    expect(cells.length).toBeGreaterThan(50);
    for (const [a, i] of cells) expect(op.sim.holding(a, i).sellable, `account ${a} instrument ${i} on Friday`).toBe(0);
    expect(op.sim.metrics().market.rejects.insufficient_position).toBeGreaterThan(100); // Friday's sells of them refused
    const friday = cells.map(([a, i]) => op.sim.holding(a, i).position);
    // The night: ask CSDC for the SZ file again, rerun the batch from its checkpoint.
    op.at('17:05').input('ops', { type: 'request_resend', file: 'sz-settle' }).at('17:30').input('ops', { type: 'rerun_clearing', from: 'checkpoint' });
    op.at('D+3 09:00');
    for (const [a, i] of cells) expect(op.sim.holding(a, i).sellable, `account ${a} instrument ${i} on Monday`).toBe(op.sim.holding(a, i).position);
    op.at('D+3 10:30');
    const sold = cells.filter(([a, i], k) => op.sim.holding(a, i).position < friday[k]!);
    expect(sold.length).toBeGreaterThan(10); // Monday's sells of Friday's buys filled
  });

  it("Friday's sell proceeds are usable at once and withdrawable only after the night's settlement", () => {
    const op = new Operator(base).at('15:05');
    const sellers = Array.from({ length: 500 }, (_, a) => a).filter((a) => op.sim.account(a).withdrawable < op.sim.account(a).usable);
    expect(sellers.length).toBeGreaterThan(10);
    op.at('17:05').input('ops', { type: 'request_resend', file: 'sz-settle' }).at('17:30').input('ops', { type: 'rerun_clearing', from: 'checkpoint' }).at('D+1 00:00');
    for (const a of sellers) expect(op.sim.account(a).withdrawable).toBe(op.sim.account(a).usable);
  });

  it("Monday's open is refused at the counter while the SZ settlement file is bad, and trades once it is fixed", () => {
    const sc = variant((s) => {
      s.night!.clearing = parseDuration('10m')!;
      s.night!.initialisation = parseDuration('15m')!;
    });
    const op = new Operator(sc).at('D+3 09:20');
    const refusedAt0920 = op.sim.metrics().market.rejects.other;
    expect(refusedAt0920).toBeGreaterThan(500); // every order since the opening call
    expect(op.timeline('file').at(-1)).toMatch(/clearing stops at its checkpoint \(1 of 2 files posted\): sz-settle fails its control totals/);
    // A rerun before the re-send only stops at the same checkpoint again.
    op.input('ops', { type: 'rerun_clearing', from: 'checkpoint' });
    expect(op.timeline('file').at(-1)).toMatch(/clearing stops at its checkpoint/);
    op.input('ops', { type: 'request_resend', file: 'sz-settle' }).at('D+3 09:41').input('ops', { type: 'rerun_clearing', from: 'checkpoint' });
    op.at('D+3 10:07');
    expect(op.timeline('file').at(-1)).toMatch(/next-day initialisation done at D\+3 10:06:00/);
    const refused = op.sim.metrics().market.rejects.other;
    const created = op.sim.metrics().orders.created;
    op.at('D+3 10:30');
    expect(op.sim.metrics().market.rejects.other).toBe(refused); // no more refusals once initialised
    expect(op.sim.metrics().orders.created - created).toBeGreaterThan(5000);
    expect(op.timeline('file').filter((x) => x.includes('posted again'))).toEqual([]); // from the checkpoint: SH posted once
  });

  it('rerunning from the start posts the Shanghai file a second time', () => {
    const op = new Operator(base).at('17:05').input('ops', { type: 'request_resend', file: 'sz-settle' }).at('17:30').input('ops', { type: 'rerun_clearing', from: 'start' }).at('D+1 00:00');
    expect(op.timeline('file').filter((x) => x.includes('posted again'))).toEqual(['上海结算数据 (SH settlement file) posted again (posted 2 times: double posting)']);
  });

  it('the runbook spans the weekend: re-send and rerun on Friday night, pre-open check on Monday before its deadline', () => {
    const op = new Operator(base).at('17:05').claim('wu', 'clearing').claim('li', 'counter');
    op.doStep('wu', 'request-resend').doStep('wu', 'rerun');
    expect(op.step('rerun')).toMatchObject({ status: 'done', verified: 'passed' });
    op.at('D+3 08:30').doStep('li', 'monday-check');
    expect(op.step('monday-check')).toMatchObject({ status: 'done', verified: 'passed' });
    expect(op.sim.cutover().runbook!.complete).toBe(true);
  });
});

describe('determinism over days', () => {
  const fixed = () => {
    const sim = createSimulation(base, { seed: 11 });
    sim.runUntil(at('17:05'));
    sim.apply({ seq: 0, at: at('17:05'), actor: 'ops', command: { type: 'request_resend', file: 'sz-settle' } });
    sim.runUntil(at('17:30'));
    sim.apply({ seq: 1, at: at('17:30'), actor: 'ops', command: { type: 'rerun_clearing', from: 'checkpoint' } });
    return sim;
  };

  it('two runs of the weekend end hash-equal; a jump over the weekend equals stepping through it hour by hour', () => {
    const a = fixed();
    a.runUntil(MON_0900);
    const b = fixed();
    for (let t = at('18:00'); t < MON_0900; t += parseDuration('1h')!) b.runUntil(t);
    b.runUntil(MON_0900);
    expect(b.stateHash()).toBe(a.stateHash());
    a.runUntil(at('D+3 10:00'));
    b.runUntil(at('D+3 10:00'));
    expect(b.stateHash()).toBe(a.stateHash());
  });

  it('a snapshot at night (Saturday 03:00) and one after a clock jump (Monday 09:00) restore bit for bit', () => {
    const straight = fixed();
    straight.runUntil(at('D+3 10:00'));
    const expected = straight.stateHash();
    for (const when of [at('D+1 03:00'), MON_0900]) {
      const first = fixed();
      first.runUntil(when);
      const restored = restoreSimulation(base, structuredClone(first.snapshot()));
      expect(restored.now).toBe(when);
      restored.runUntil(at('D+3 10:00'));
      expect(restored.stateHash()).toBe(expected);
    }
  });
});

describe('the clock over quiet hours', () => {
  it('jumps from Friday evening over the closed weekend straight to Monday 09:15, stopping at what is scheduled on the way', () => {
    const hops: string[] = [];
    for (let t = at('15:00'); t < base.window.end; t = nextActive(base, t)) hops.push(formatClock(t));
    expect(hops).toEqual([
      '15:00:00.000',
      '16:30:00.000',
      '17:00:00.000', // the SH file, the night batch and the runbook window; the SZ file
      'D+3 09:15:00.000',
      'D+3 09:20:00.000',
      'D+3 09:25:00.000',
      'D+3 09:30:00.000', // Saturday and Sunday are closed
    ]);
    expect(formatClock(nextActive(base, at('D+1 03:00')))).toBe('D+3 09:15:00.000');
  });
});
