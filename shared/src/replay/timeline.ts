import type { Command, StampedCommand } from '../scenario/command.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { ChatNote, RunbookStepState } from '../session/layout.ts';

export type TimelineKind = 'fault' | 'fault_end' | 'command' | 'decision' | 'runbook' | 'note' | 'hint';

/** One thing that happened in a session, with who did it: what a replay jumps to and a report lists. */
export interface TimelineEvent {
  at: number;
  kind: TimelineKind;
  /** Participant name, or "scenario" for what the file scheduled. */
  actor: string;
  label: string;
  /** The command's seq, for commands. */
  seq?: number;
  /** The command's index in seq order, for jumping to the state just after it. */
  index?: number;
  /** The command itself, or the scheduled fault: what a UI says in its own language instead of the label. */
  command?: Command;
  fault?: { id: string; kind: string; target: string };
}

const DECISIONS = new Set(['gate_decision', 'start_rollback', 'emergency_stop', 'switch_primary', 'failover', 'failback']);

/** A command in one line: its type, then its fields (a fault's kind and target first). */
export function describeCommand(c: Command): string {
  const { type, ...rest } = c as { type: string } & Record<string, unknown>;
  if (type === 'inject_fault') {
    const f = (c as Extract<Command, { type: 'inject_fault' }>).fault;
    const { kind, target, ...more } = f as { kind: string; target: string } & Record<string, unknown>;
    return `inject_fault ${kind} ${target}${fields(more)}`;
  }
  return `${type}${fields(rest)}`;
}

function fields(o: Record<string, unknown>): string {
  const parts = Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${k}=${typeof o[k] === 'object' ? JSON.stringify(o[k]) : String(o[k])}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/**
 * The session's events in time order: scheduled faults (start and, if timed, end), every
 * command with its actor (decisions marked as such), runbook step states, notes and hints.
 * Ties keep this order: faults, commands by seq, runbook, notes.
 */
export function sessionTimeline(
  scenario: Pick<Scenario, 'faults' | 'window'>,
  commands: readonly StampedCommand[],
  runbook: Readonly<Record<string, RunbookStepState>> = {},
  chat: readonly ChatNote[] = [],
  hints: readonly { hint: number; actor: string; at: number; text?: string }[] = [],
): TimelineEvent[] {
  const out: (TimelineEvent & { order: number })[] = [];
  scenario.faults.forEach((f, i) => {
    const at = Math.max(f.at, scenario.window.start);
    const name = f.id ?? `fault-${i + 1}`;
    const fault = { id: name, kind: f.kind, target: f.target };
    out.push({ at, kind: 'fault', actor: 'scenario', label: `${name}: ${f.kind} ${f.target}`, fault, order: 0 });
    if (f.duration !== undefined) out.push({ at: at + f.duration, kind: 'fault_end', actor: 'scenario', label: `${name} ends`, fault, order: 0 });
  });
  [...commands]
    .sort((a, b) => a.seq - b.seq)
    .forEach((c, index) => {
      const kind: TimelineKind = c.command.type === 'inject_fault' ? 'fault' : DECISIONS.has(c.command.type) ? 'decision' : 'command';
      out.push({ at: c.at, kind, actor: c.actor, label: describeCommand(c.command), seq: c.seq, index, command: c.command, order: 1 });
    });
  for (const id of Object.keys(runbook).sort()) {
    const s = runbook[id]!;
    if (s.atSim !== undefined) out.push({ at: s.atSim, kind: 'runbook', actor: s.by, label: `runbook step ${id}: ${s.status}${s.note ? ` (${s.note})` : ''}`, order: 2 });
  }
  chat.forEach((n) => n.atSim !== undefined && out.push({ at: n.atSim, kind: 'note', actor: n.author, label: n.text, order: 3 }));
  hints.forEach((h) => out.push({ at: h.at, kind: 'hint', actor: h.actor, label: `asked for hint ${h.hint + 1}${h.text ? `: ${h.text}` : ''}`, order: 4 }));
  // A stable sort on (time, order) keeps commands in seq order within a tie.
  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.e.order - b.e.order || a.i - b.i)
    .map(({ e }) => {
      const { order: _order, ...event } = e;
      return event;
    });
}
