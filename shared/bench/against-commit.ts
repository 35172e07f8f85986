import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The engine on chain-5hop against the engine of an older commit, in one run on one machine:
 * `tsx bench/against-commit.ts <old commit> [--new=<commit>] [--secs=3600] [--rounds=3]` (the new
 * side is this tree unless --new names a commit, which isolates one change: its merge against the
 * merge's first parent). Each side is bundled by esbuild the same way and the runs alternate (old,
 * new, old, new …), so a busy neighbour slows both alike; the best round of each is the comparison.
 * Each side runs its own chain-5hop.yaml (an old engine may not read today's schema); the rejected
 * counts say whether both simulated the same orders. Issues 13 and 14 ask for "no slowdown of the
 * engine" this way.
 */

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const commit = args.find((a) => !a.startsWith('--'));
if (!commit) throw new Error('usage: tsx bench/against-commit.ts <old commit> [--new=<commit>] [--secs=3600] [--rounds=3]');
const newCommit = flag('new');
const secs = Number(flag('secs') ?? 3600);
const rounds = Number(flag('rounds') ?? 3);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const esbuild = join(repo, 'node_modules/.bin/esbuild');

const probe = (secondsSimulated: number) => `
import { readFileSync } from 'node:fs';
import { createSimulation, parseScenario } from './src/index.ts';
const p = parseScenario(readFileSync(process.argv[2], 'utf8'));
if (!p.ok) throw new Error('chain-5hop does not parse');
const sc = { ...p.scenario, window: { start: p.scenario.window.start, end: p.scenario.window.start + ${secondsSimulated} * 1_000_000 } };
createSimulation(sc).runUntil(sc.window.start + 30_000_000); // warm the JIT
const sim = createSimulation(sc);
const t0 = performance.now();
sim.runUntil(sc.window.end);
const wall = performance.now() - t0;
const m = sim.metrics();
console.log(JSON.stringify({ orders: m.orders.created, rejected: m.orders.rejected, events: m.events, wall }));
`;

function bundle(sharedDir: string, out: string): string {
  const entry = join(sharedDir, `.bench-probe-${process.pid}.ts`);
  writeFileSync(entry, probe(secs));
  try {
    execFileSync(esbuild, [entry, '--bundle', '--platform=node', '--format=cjs', `--outfile=${out}`, '--log-level=error']);
  } finally {
    rmSync(entry);
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'twinlab-against-'));
const trees: string[] = [];
/** A detached worktree of the commit, sharing this tree's node_modules. */
function checkout(at: string): string {
  const dir = join(work, `tree-${trees.length}`);
  execFileSync('git', ['-C', repo, 'worktree', 'add', '--detach', dir, at], { stdio: 'ignore' });
  trees.push(dir);
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
try {
  const oldTree = checkout(commit);
  const newTree = newCommit ? checkout(newCommit) : repo;
  const sides = [
    { name: `old ${commit.slice(0, 8)}`, js: bundle(join(oldTree, 'shared'), join(work, 'old.cjs')), yaml: join(oldTree, 'scenarios/chain-5hop.yaml') },
    { name: newCommit ? `new ${newCommit.slice(0, 8)}` : 'new (this tree)', js: bundle(join(newTree, 'shared'), join(work, 'new.cjs')), yaml: join(newTree, 'scenarios/chain-5hop.yaml') },
  ];
  const best = sides.map(() => 0);
  console.log(`chain-5hop, ${secs} simulated s per run, ${rounds} alternating rounds`);
  console.log('round  side                    orders/s      orders    rejected   wall s');
  for (let r = 1; r <= rounds; r++) {
    sides.forEach((side, i) => {
      const res = JSON.parse(execFileSync(process.execPath, [side.js, side.yaml], { encoding: 'utf8' }).trim().split('\n').pop()!);
      const rate = res.orders / (res.wall / 1000);
      best[i] = Math.max(best[i]!, rate);
      console.log(
        `${String(r).padStart(5)}  ${side.name.padEnd(20)} ${Math.round(rate).toLocaleString('en').padStart(11)} ${res.orders.toLocaleString('en').padStart(11)} ${res.rejected.toLocaleString('en').padStart(11)} ${(res.wall / 1000).toFixed(2).padStart(8)}`,
      );
    });
  }
  const ratio = best[1]! / best[0]!;
  console.log(
    `best: old ${Math.round(best[0]!).toLocaleString('en')}, new ${Math.round(best[1]!).toLocaleString('en')} orders/s; new / old ${ratio.toFixed(3)} → ${ratio >= 1 ? 'no slowdown' : 'SLOWER'}`,
  );
} finally {
  for (const dir of trees) execFileSync('git', ['-C', repo, 'worktree', 'remove', '--force', dir], { stdio: 'ignore' });
  rmSync(work, { recursive: true, force: true });
}
