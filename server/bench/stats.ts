/** Nearest-rank percentile of an ascending array (ms). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface CaseResult {
  name: string;
  presence: 'off' | 'on';
  server: string;
  rooms: number;
  clients: number;
  submitted: number;
  seconds: number;
  deliveries: number;
  lost: number;
  p50: number;
  p99: number;
  max: number;
  /** Yjs items in one client's log at the end: 1 when one writer stamps every command, one per command when every client appends itself. */
  logItems: number;
  /** Full, measured clients per room; the rest were listeners. */
  measured: number;
  listenerFrames: number;
}

const pad = (s: string, n: number, right = false) => (right ? s.padEnd(n) : s.padStart(n));

/** The side-by-side table: each case and presence mode on every server, with the p99 ratio to @y/websocket-server's. */
export function table(results: CaseResult[]): string {
  const head = ['case', 'presence', 'server', 'cmds/s', 'deliveries', 'lost', 'p50 ms', 'p99 ms', 'max ms', 'p99 ÷ y-ws'];
  const widths = [8, 8, 30, 8, 11, 6, 8, 8, 8, 10];
  const row = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, i < 3)).join('  ');
  const lines = [row(head), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of results) {
    const ref = results.find((x) => x.name === r.name && x.presence === r.presence && x.server !== r.server && x.server === 'reference @y/websocket-server');
    const ratio = ref ? (r.p99 / ref.p99).toFixed(2) + '×' : '';
    lines.push(row([r.name, r.presence, r.server, (r.submitted / r.seconds).toFixed(1), String(r.deliveries), String(r.lost), r.p50.toFixed(2), r.p99.toFixed(2), r.max.toFixed(2), ratio]));
  }
  return lines.join('\n');
}
