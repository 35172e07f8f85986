import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSimulation, formatClock, parseClock, parseScenario, restoreSimulation, type Scenario, type StampedCommand } from '../src/index.ts';
import { replaySession } from '../src/session/replay.ts';
import { ReplayIndex, ReplayIndexBuilder } from '../src/replay/index.ts';

/**
 * Scrubbing a recorded four-hour session (issue 4: any point in under a second). The session is
 * scenarios/small-broker.yaml from 09:30 to 13:30 with a command log; the replay index keeps a
 * snapshot every REPLAY_EVENTS engine events. Each scrub target is measured as a seek in the index
 * and, as the baseline, as a full re-run from the start (what a replay without the index costs).
 */

const file = fileURLToPath(new URL('../../scenarios/small-broker.yaml', import.meta.url));
const parsed = parseScenario(readFileSync(file, 'utf8'), 'scenarios/small-broker.yaml');
if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
const at = (c: string) => parseClock(c)!;
const scenario: Scenario = { ...parsed.scenario, window: { start: at('09:30'), end: at('13:30') } };
const budget = Number(process.env.REPLAY_EVENTS ?? 250_000);

const log: StampedCommand[] = [
  { seq: 0, at: at('10:05:20'), actor: 'engineer', command: { type: 'drain_node', node: 'gw-sse' } },
  { seq: 1, at: at('10:06:40'), actor: 'engineer', command: { type: 'resume_node', node: 'gw-sse' } },
  { seq: 2, at: at('10:30:00'), actor: 'lead', command: { type: 'inject_fault', fault: { id: 'slow-db', kind: 'slow', target: 'counter', factor: 2 } } },
  { seq: 3, at: at('10:34:00'), actor: 'lead', command: { type: 'clear_fault', faultId: 'slow-db' } },
  { seq: 4, at: at('13:10:00'), actor: 'engineer', command: { type: 'throttle', node: 'counter', ordersPerSecond: 3000 } },
];

const ms = (f: () => void) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

let index!: ReplayIndex;
const buildMs = ms(() => {
  index = ReplayIndex.build(createSimulation, restoreSimulation, scenario, scenario.seed, log, scenario.window.end, { eventsPerSnapshot: budget });
});
const marks = index.snapshotTimes;

// Targets: evenly over the run, plus just before each snapshot (the most work a seek can have).
const targets = [...Array.from({ length: 12 }, (_, i) => scenario.window.start + Math.floor(((i + 1) * (scenario.window.end - scenario.window.start)) / 12)), ...marks.slice(1).map((t) => t - 1)].sort(
  (a, b) => a - b,
);
const scrub = targets.map((t) => {
  let hash = '';
  const wall = ms(() => {
    hash = index.seek(t).stateHash();
  });
  return { t, wall, hash };
});
// Backwards scrubs cost the same: seek from the end back to the start.
const backwards = [...targets].reverse().map((t) => ms(() => index.seek(t)));

// Baseline: a full re-run from the start to three of the targets (the last is the whole four hours).
const baselineAt = [targets[Math.floor(targets.length / 4)]!, targets[Math.floor(targets.length / 2)]!, scenario.window.end];
const baseline = baselineAt.map((t) => {
  let hash = '';
  const wall = ms(() => {
    hash = replaySession(createSimulation, scenario, scenario.seed, log, t).stateHash();
  });
  const seek = scrub.find((s) => s.t === t) ?? { hash: index.seek(t).stateHash(), wall: ms(() => index.seek(t)) };
  return { t, wall, same: hash === seek.hash, seekWall: seek.wall };
});

// The page scrubs what is indexed while the rest is built: how long until the first hour is there.
let firstHourMs = 0;
{
  const t0 = performance.now();
  const builder = new ReplayIndexBuilder(createSimulation, restoreSimulation, scenario, scenario.seed, log, scenario.window.end, { eventsPerSnapshot: budget });
  while (builder.index.end < scenario.window.start + 3_600_000_000) builder.advance();
  firstHourMs = performance.now() - t0;
}

const sorted = scrub.map((s) => s.wall).sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const max = Math.max(...sorted, ...backwards);

console.log(`replay benchmark: scenarios/small-broker.yaml 09:30–13:30 (four simulated hours), ${log.length} commands, a snapshot every ${budget.toLocaleString('en')} events`);
console.log('');
const bytes = index.bytes;
console.log(
  `build the index (one full run + ${marks.length} snapshots): ${(buildMs / 1000).toFixed(2)} s; it holds ${(bytes.base / 1e6).toFixed(1)} MB of first state + ${(bytes.deltas / 1e6).toFixed(1)} MB of deltas`,
);
console.log(`the first hour can be scrubbed after ${(firstHourMs / 1000).toFixed(2)} s of indexing (the page indexes in slices and scrubs what is ready)`);
console.log(`scrub to ${scrub.length} points (forward)   p50 ${pct(0.5).toFixed(0)} ms   p90 ${pct(0.9).toFixed(0)} ms   max ${Math.max(...sorted).toFixed(0)} ms`);
console.log(`scrub to the same points backwards  max ${Math.max(...backwards).toFixed(0)} ms`);
console.log('');
console.log('target       full re-run from start (baseline)   seek in the index   same state hash');
for (const b of baseline) console.log(`${formatClock(b.t)}   ${`${b.wall.toFixed(0)} ms`.padStart(33)}   ${`${b.seekWall.toFixed(0)} ms`.padStart(17)}   ${b.same ? 'yes' : 'NO'}`);
console.log('');
console.log(`target any point in < 1 s: worst scrub ${max.toFixed(0)} ms → ${max < 1000 ? 'met' : 'NOT met'}`);
if (baseline.some((b) => !b.same)) process.exitCode = 1;
