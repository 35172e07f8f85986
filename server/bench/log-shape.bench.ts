/**
 * Why the reference relay looked slow in the fan-out bench: the shape of the command log, not the
 * relay. In TwinLab one writer (the server) stamps every command, so Yjs merges the log into one
 * item; driving @y/websocket-server, every client appends to the shared array itself, so the log
 * holds one item per command from as many client ids as there are writers, and applying each new
 * append costs a receiving client more the longer the log is. The fan-out bench runs all 200
 * clients in its one process, so it pays that 200 times per command on one CPU, where real users
 * each pay it once in their own browser.
 *
 * This bench applies APPENDS appends to RECEIVERS documents with an observer reading
 * `event.changes` (as the fan-out bench does), written by 1 writer (baseline) and by 200, in the
 * same run, and prints the cost of one append at the start and at the end of the log.
 *
 *   npx tsx server/bench/log-shape.bench.ts          (RECEIVERS=200 APPENDS=300)
 */
import * as Y from 'yjs';

const RECEIVERS = Number(process.env.RECEIVERS ?? 200);
const APPENDS = Number(process.env.APPENDS ?? 300);

function run(writers: number) {
  const docs = Array.from({ length: writers }, () => new Y.Doc());
  const receivers = Array.from({ length: RECEIVERS }, () => new Y.Doc());
  let seen = 0;
  for (const r of receivers) r.getArray('commands').observe((e) => (seen += e.changes.added.size));
  const ms: number[] = [];
  for (let i = 0; i < APPENDS; i++) {
    const w = docs[i % writers]!;
    // Each writer is synced before it appends, as a connected client is.
    Y.applyUpdate(w, Y.encodeStateAsUpdate(receivers[0]!, Y.encodeStateVector(w)));
    let update: Uint8Array | undefined;
    const keep = (u: Uint8Array) => (update = u);
    w.on('update', keep);
    w.getArray('commands').push([{ marker: `m${i}` }]);
    w.off('update', keep);
    const t0 = performance.now();
    for (const r of receivers) Y.applyUpdate(r, update!);
    ms.push(performance.now() - t0);
  }
  let items = 0;
  for (let it = receivers[0]!.getArray('commands')._start; it; it = it.right) items++;
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const tenth = Math.max(1, Math.floor(APPENDS / 10));
  return { writers, items, seen, early: avg(ms.slice(tenth, 2 * tenth)), late: avg(ms.slice(-tenth)) };
}

console.log(`log shape: ${APPENDS} appends, each applied to ${RECEIVERS} documents observing event.changes`);
const rows = [run(1), run(200)];
for (const r of rows) {
  console.log(
    `  ${String(r.writers).padStart(3)} writer(s): ${String(r.items).padStart(4)} items in the log; one append to all receivers: ${r.early.toFixed(2)} ms early, ${r.late.toFixed(2)} ms at the end`,
  );
}
console.log(`  200 writers ÷ 1 writer at the end of the log: ${(rows[1]!.late / rows[0]!.late).toFixed(1)}×`);
