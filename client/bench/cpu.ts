import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

// CPU time of the Chromium processes this Node process started (browser, renderer, GPU process
// running SwiftShader). Unlike frame rate, CPU time per frame barely moves when other jobs load
// the machine, so it shows what the scene itself costs. Linux only (/proc); null elsewhere.
let ticks: number | null = null;

export function chromiumCpuMs(): number | null {
  try {
    ticks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    const parent = new Map<number, number>();
    const cpu = new Map<number, number>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        // Fields after the command name, which may contain spaces, in parentheses.
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parent.set(Number(name), Number(f[1]));
        cpu.set(Number(name), Number(f[11]) + Number(f[12]));
      } catch {
        // The process ended while we looked.
      }
    }
    let total = 0;
    for (const [pid, t] of cpu) {
      for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
        if (p === process.pid) {
          total += t;
          break;
        }
      }
    }
    return (total * 1000) / ticks;
  } catch {
    return null;
  }
}
