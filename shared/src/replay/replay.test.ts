import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createSimulation, restoreSimulation } from '../engine/simulation.ts';
import { formatScenarioError, parseScenario } from '../scenario/parse.ts';
import type { Command, StampedCommand } from '../scenario/command.ts';
import { parseClock } from '../scenario/units.ts';
import { replaySession } from '../session/replay.ts';
import { sessionParts, writeMap } from '../session/layout.ts';
import { readRepoFile } from '../../scripts/repo-files.mjs';
import { clone, deltaBytes, diff, exportSession, parseSessionExport, patch, ReplayIndex, ReplayIndexBuilder, sessionTimeline } from './index.ts';

const text = readRepoFile('scenarios/drills/gateway-crash.yaml');
const parsed = parseScenario(text, 'gateway-crash.yaml');
if (!parsed.ok) throw new Error(parsed.errors.map(formatScenarioError).join('\n'));
const scenario = parsed.scenario;
const at = (clock: string) => parseClock(clock)!;
const stamp = (seq: number, clock: string, actor: string, command: Command): StampedCommand => ({ seq, at: at(clock), actor, command });

/** A recorded session: a lead injects a fault, two engineers act, two commands share a stamp. */
const log: StampedCommand[] = [
  stamp(0, '10:01:00', 'lead 王工', { type: 'inject_fault', fault: { id: 'slow-szse', kind: 'slow', target: 'szse', factor: 3 } }),
  stamp(1, '10:02:20', 'engineer 李工', { type: 'drain_node', node: 'gw-sse' }),
  stamp(2, '10:02:40', 'engineer 李工', { type: 'restart_node', node: 'gw-sse' }),
  stamp(3, '10:02:40', 'engineer 张工', { type: 'resume_node', node: 'gw-sse' }),
  stamp(4, '10:05:00', 'lead 王工', { type: 'clear_fault', faultId: 'slow-szse' }),
  stamp(5, '10:09:13', 'engineer 张工', { type: 'throttle', node: 'counter', ordersPerSecond: 500 }),
];

/** The live run as a participant's worker does it: the clock moves in uneven steps and commands arrive as stamped. */
function liveHashes(): string[] {
  const sim = createSimulation(scenario, { seed: 77 });
  const hashes: string[] = [];
  let next = 0;
  for (let t = scenario.window.start; t <= at('10:10'); t += 7_300_000) {
    while (next < log.length && log[next]!.at <= t) {
      sim.runUntil(log[next]!.at);
      sim.apply(log[next]!);
      hashes.push(sim.stateHash());
      next++;
    }
    sim.runUntil(t);
  }
  return hashes;
}

describe('replay of a recorded session', () => {
  const index = ReplayIndex.build(createSimulation, restoreSimulation, scenario, 77, log, at('10:12'), { eventsPerSnapshot: 150_000 });

  it('keeps several snapshots over the run, as deltas far smaller than full copies', () => {
    expect(index.snapshotTimes.length).toBeGreaterThan(4);
    // Against the full copies the index would otherwise keep, one per snapshot (the state grows as
    // accounts and positions are touched, so the first copy alone no longer stands for them).
    const { base, deltas } = index.bytes;
    const full = index.snapshotTimes.reduce((n, t) => n + deltaBytes({ k: 'full', v: index.seek(t).snapshot().state }), 0);
    expect(full).toBeGreaterThan(base * index.snapshotTimes.length);
    expect(deltas).toBeLessThan(full / 3);
  });

  it('rebuilds a state from a delta exactly, typed-array cells and replaced fields alike', () => {
    const prev = { a: new Int32Array([1, 2, 3, 4, 5]), b: [1, 2], c: 'x', d: { e: new Float64Array([0.5, 1]) } };
    const next = { a: new Int32Array([1, 9, 3, 4, 5]), b: [1, 2, 3], c: 'y', d: { e: new Float64Array([0.5, 1]) } };
    const d = diff(prev, next);
    expect(d).toMatchObject({
      k: 'fields',
      f: [
        ['a', { k: 'cells' }],
        ['b', { k: 'full' }],
        ['c', { k: 'full' }],
      ],
    });
    expect(patch(clone(prev), d)).toEqual(next);
  });

  it('keeps a grown array (a pool or book that doubled) as its changed and new cells, not a full copy', () => {
    const prev = new Float64Array(8).fill(1);
    const next = new Float64Array(16);
    next.set(prev);
    next[3] = 7;
    next[9] = 2;
    next[12] = -0;
    const d = diff(prev, next);
    expect(d).toMatchObject({ k: 'cells', n: 16 });
    expect(Array.from((d as { at: Uint32Array }).at)).toEqual([3, 9, 12]);
    const back = patch(prev.slice(), d) as Float64Array;
    expect(Array.from(back)).toEqual(Array.from(next));
    expect(Object.is(back[12], -0)).toBe(true);
  });

  it('finds exactly the changed cells in arrays of every element width, views at an offset and −0 included', () => {
    type Cells = Uint8Array | Int16Array | Int32Array | Float64Array;
    const cases: [Cells, (a: Cells) => void][] = [
      [new Uint8Array([1, 2, 3, 4, 5, 6, 7]), (a) => ((a[0] = 9), (a[6] = 9))],
      [new Int16Array([1, -2, 3, 4, 5]), (a) => (a[1] = 2)],
      [new Int32Array([1, 2, 3, 4, 5]), (a) => ((a[2] = 0x7fffffff), (a[4] = -5))],
      [new Float64Array([0, 1.5, 2, 3]), (a) => ((a[0] = -0), (a[3] = 3.0000000000000004))],
      [new Uint8Array(new ArrayBuffer(64), 3, 9), (a) => (a[8] = 1)], // a view that starts off a word boundary
    ];
    for (const [prev, edit] of cases) {
      const next = prev.slice();
      edit(next);
      const d = diff(prev, next);
      const want = Array.from(next).flatMap((v, j) => (Object.is(v, prev[j]) ? [] : [j]));
      expect(d).toMatchObject({ k: 'cells' });
      expect(Array.from((d as { at: Uint32Array }).at)).toEqual(want);
      expect(patch(prev.slice(), d)).toEqual(next);
    }
  });

  it('reaches the live run’s state hash at every recorded command', () => {
    const live = liveHashes();
    expect(live).toHaveLength(log.length);
    expect(log.map((_, i) => index.afterCommand(i).stateHash())).toEqual(live);
  });

  it('scrubs to any time, backwards too, to the state a headless run computes', () => {
    for (const clock of ['10:11:59', '10:00:00', '10:02:40', '10:06:31.5', '10:02:39.999999']) {
      const t = at(clock);
      expect(index.seek(t).stateHash(), clock).toBe(replaySession(createSimulation, scenario, 77, log, t).stateHash());
    }
  });

  it('can be scrubbed while it is still being built, up to where it reaches, to the finished index’s states', () => {
    const builder = new ReplayIndexBuilder(createSimulation, restoreSimulation, scenario, 77, log, at('10:12'), { eventsPerSnapshot: 150_000 });
    while (builder.index.end < at('10:03')) builder.advance();
    const reach = builder.index.end;
    expect(builder.done).toBe(false);
    // A wish past the reach stops at it; one before it is exact, commands included.
    expect(builder.index.seek(at('10:11')).now).toBe(reach);
    for (const c of ['10:02:20', '10:02:40']) expect(builder.index.seek(at(c)).stateHash(), c).toBe(index.seek(at(c)).stateHash());
    while (!builder.done) builder.advance();
    expect(builder.index.end).toBe(at('10:12'));
    expect(builder.index.snapshotTimes).toEqual(index.snapshotTimes);
    expect(builder.index.seek(at('10:11')).stateHash()).toBe(index.seek(at('10:11')).stateHash());
  });

  it('lists who did what when: every command with its actor, the scheduled fault, in time order', () => {
    const events = sessionTimeline(scenario, log, { restart: { status: 'done', by: '李工', atSim: at('10:03') } }, [{ author: '王工', text: 'gateway back', atSim: at('10:03:30') }]);
    expect(events.map((e) => [e.kind, e.actor, e.label])).toEqual([
      ['fault', 'lead 王工', 'inject_fault slow szse factor=3 id=slow-szse'],
      ['fault', 'scenario', 'gw-sse-crash: crash gw-sse'],
      ['command', 'engineer 李工', 'drain_node node=gw-sse'],
      ['command', 'engineer 李工', 'restart_node node=gw-sse'],
      ['command', 'engineer 张工', 'resume_node node=gw-sse'],
      ['runbook', '李工', 'runbook step restart: done'],
      ['note', '王工', 'gateway back'],
      ['command', 'lead 王工', 'clear_fault faultId=slow-szse'],
      ['command', 'engineer 张工', 'throttle node=counter ordersPerSecond=500'],
    ]);
    expect(events.filter((e) => e.index !== undefined).map((e) => e.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('the session export', () => {
  it('holds the document’s inputs and reads back from its JSON', () => {
    const doc = new Y.Doc();
    const parts = sessionParts(doc);
    writeMap(parts.meta, { id: 's1', title: 'Drill', scenarioId: 'gateway-crash', scenarioHash: 'a'.repeat(64), seed: 77, createdAt: 1, createdBy: '王工' });
    writeMap(parts.clock, { running: false, speed: 1, anchorSim: at('10:12'), anchorWall: 5, endSim: at('10:20') });
    parts.scenario.insert(0, text);
    parts.commands.push(log);
    parts.runbook.set('restart', { status: 'done', by: '李工', atSim: at('10:03') });
    parts.chat.push([{ author: '王工', text: 'gateway back' }]);
    const exp = exportSession(doc, [{ hint: 0, actor: '李工', at: at('10:01') }], 1234);
    const back = parseSessionExport(JSON.stringify(exp));
    expect(back).toEqual({ ok: true, value: exp });
    expect(exp).toMatchObject({ seed: 77, scenarioText: text, commands: log, runbook: { restart: { by: '李工' } }, chat: [{ text: 'gateway back' }], clock: { anchorSim: at('10:12') } });
  });

  it('names what is wrong in a file that is not an export', () => {
    expect(parseSessionExport('{"format":"twinlab-session/1","session":{"id":"x"},"scenarioText":"a","seed":-1,"commands":[],"exportedAt":0}')).toEqual({
      ok: false,
      error: 'not a TwinLab session export: seed: Too small: expected number to be >=0',
    });
    expect(parseSessionExport('nope')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON/) });
  });
});
