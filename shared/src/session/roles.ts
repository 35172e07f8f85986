import { z } from 'zod';
import type { CommandType } from '../scenario/command.ts';

/**
 * Who may do what in a session. The server enforces this (docs/design.md principle 3); the browser
 * uses the same tables only to hide controls a participant cannot use.
 */
export const ROLES = ['lead', 'engineer', 'observer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** The parts of the session document (see layout.ts). */
export const PARTS = ['meta', 'scenario', 'clock', 'commands', 'runbook', 'chat'] as const;
export type Part = (typeof PARTS)[number];

/**
 * Parts a participant may change by writing to the shared document directly. Everything else is
 * written only by the server: meta and the command log because the server stamps them, the clock
 * because the server computes its anchors from its own wall time (a lead asks for play/pause/speed
 * with a clock request instead of writing anchors a browser guessed).
 */
const DIRECT_WRITES: Record<Role, readonly Part[]> = {
  lead: ['scenario', 'runbook', 'chat'],
  engineer: ['runbook', 'chat'],
  observer: [],
};

export function mayWritePart(role: Role, part: Part): boolean {
  return DIRECT_WRITES[role].includes(part);
}

/** Operator actions an engineer runs from a runbook; the lead may run them too. */
const OPERATOR_COMMANDS: readonly CommandType[] = [
  'restart_node',
  'failover',
  'failback',
  'drain_node',
  'resume_node',
  'throttle',
  'set_config',
  // Runbook work: claim a role, start, finish and sign off steps; the checks and fixes of a cutover.
  'claim_role',
  'step_start',
  'step_done',
  'step_signoff',
  'reconcile',
  'rerun_shadow',
  'classify_break',
  'migrate_data',
  'validate_migration',
  'clean_migration',
  'resync_reports',
  'request_resend',
  // The counter's order desk: held and in-doubt orders, mass cancel and kill switches.
  'backlog',
  'mark_invalid',
  'mass_cancel',
  'kill_switch',
  // Calendars and the night batch: correcting a table row, rerunning clearing.
  'calendar_set',
  'rerun_clearing',
];
/** Drill control: faults and load belong to whoever runs the drill; so do go/no-go, the switch, rollback and the emergency stop. */
const LEAD_COMMANDS: readonly CommandType[] = [...OPERATOR_COMMANDS, 'inject_fault', 'clear_fault', 'set_load', 'gate_decision', 'start_rollback', 'emergency_stop', 'switch_primary'];

/**
 * Commands that shape the exercise rather than respond to it. In a drill the trainee leads their
 * own session and may use them (to explore), but an attempt that did is practice: lowering the load
 * or clearing the scheduled fault would pass any drill.
 */
export const EXERCISE_CONTROLS: readonly CommandType[] = ['inject_fault', 'clear_fault', 'set_load'];

export function maySubmit(role: Role, type: CommandType): boolean {
  if (role === 'lead') return LEAD_COMMANDS.includes(type);
  if (role === 'engineer') return OPERATOR_COMMANDS.includes(type);
  return false;
}

export function mayControlClock(role: Role): boolean {
  return role === 'lead';
}

export function mayInvite(role: Role): boolean {
  return role === 'lead';
}

/** Removing a runbook step's state or a note is an edit of the drill, not a step of it. */
export function mayDelete(role: Role, part: Part): boolean {
  return role === 'lead' && (part === 'runbook' || part === 'scenario' || part === 'chat');
}

/** Why a command was refused, in the participant's words. */
export function refusalForCommand(role: Role, type: CommandType): string {
  if (role === 'observer') return 'observers cannot submit commands';
  if (LEAD_COMMANDS.includes(type) && !OPERATOR_COMMANDS.includes(type) && ['gate_decision', 'start_rollback', 'emergency_stop', 'switch_primary'].includes(type)) {
    return `a ${role} cannot submit ${type}: only the lead decides go/no-go, switches the primary, starts a rollback or stops the session`;
  }
  return `a ${role} cannot submit ${type}: only the lead injects faults, clears them and changes the load`;
}
