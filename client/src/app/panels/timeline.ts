import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { StampedCommand } from '@twinlab/shared/scenario/command';
import type { ChatNote } from '@twinlab/shared/session/layout';

export type TimelineEntry =
  | { kind: 'scheduled'; at: number; key: string; fault: Scenario['faults'][number] }
  | { kind: 'command'; at: number; key: string; command: StampedCommand }
  | { kind: 'note'; at: number; key: string; note: ChatNote };

/** Scheduled faults, stamped commands and notes, in simulated-time order (ties: faults, then commands by seq). */
export function timelineOf(scenario: Scenario | null, commands: readonly StampedCommand[], notes: readonly ChatNote[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  scenario?.faults.forEach((f, i) => out.push({ kind: 'scheduled', at: f.at, key: `f${i}`, fault: f }));
  commands.forEach((c) => out.push({ kind: 'command', at: c.at, key: `c${c.seq}`, command: c }));
  notes.forEach((n, i) => n.atSim !== undefined && out.push({ kind: 'note', at: n.atSim, key: `n${i}`, note: n }));
  const rank = { scheduled: 0, command: 1, note: 2 } as const;
  return out.sort((a, b) => a.at - b.at || rank[a.kind] - rank[b.kind] || (a.kind === 'command' && b.kind === 'command' ? a.command.seq - b.command.seq : 0));
}
