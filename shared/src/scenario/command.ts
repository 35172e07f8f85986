import { z } from 'zod';
import { FaultSpec } from './faults.ts';
import { BREAK_CLASSES, BREAK_FIELDS } from './breaks.ts';
import { Id, IsoDate } from './units.ts';

// Operator commands as they enter a session's log: what an operator (or a drill's solution, or a
// runbook step) asks the twin to do, and the stamp the server gives it.

/** Whose orders a mass cancel or kill switch is for: an account (its number), a PBU, or the whole firm. */
const OrderScope = {
  scope: z.enum(['account', 'pbu', 'firm']),
  account: z.int().min(0).optional().meta({ description: 'For scope account: the account number (0 is the first).' }),
  pbu: Id.optional().meta({ description: 'For scope pbu: the trading unit.' }),
};

/** Operator actions. The server stamps them (seq, simulated time, actor) before they enter the log. */
export const Command = z.discriminatedUnion('type', [
  z.object({ type: z.literal('restart_node'), node: Id }).strict(),
  z.object({ type: z.literal('failover'), node: Id, to: Id }).strict(),
  z.object({ type: z.literal('failback'), node: Id }).strict(),
  z.object({ type: z.literal('drain_node'), node: Id }).strict(),
  z.object({ type: z.literal('resume_node'), node: Id }).strict(),
  z.object({ type: z.literal('throttle'), node: Id, ordersPerSecond: z.int().min(0) }).strict(),
  z
    .object({
      type: z.literal('set_config'),
      node: Id,
      key: z.string().min(1).max(200, 'config keys are at most 200 characters'),
      value: z.union([z.string().max(2000, 'config values are at most 2000 characters'), z.number(), z.boolean()]),
    })
    .strict(),
  z.object({ type: z.literal('inject_fault'), fault: FaultSpec }).strict(),
  z.object({ type: z.literal('clear_fault'), faultId: Id }).strict(),
  z.object({ type: z.literal('set_load'), multiplier: z.number().min(0).max(1000) }).strict(),
  // Cutover (see scenario/cutover.ts): runbook inputs, guardrails, dual-run, migration.
  z
    .object({ type: z.literal('claim_role'), role: Id })
    .strict()
    .meta({ description: 'The actor takes a runbook team role (owner of steps).' }),
  z.object({ type: z.literal('step_start'), step: Id }).strict(),
  z.object({ type: z.literal('step_done'), step: Id, note: z.string().max(2000).optional() }).strict(),
  z.object({ type: z.literal('step_signoff'), step: Id }).strict(),
  z.object({ type: z.literal('gate_decision'), gate: Id, decision: z.enum(['go', 'no_go']), reason: z.string().min(3).max(2000) }).strict(),
  z.object({ type: z.literal('start_rollback'), reason: z.string().min(3).max(2000) }).strict(),
  z.object({ type: z.literal('emergency_stop'), reason: z.string().min(3).max(2000) }).strict(),
  z
    .object({ type: z.literal('switch_primary'), to: z.enum(['legacy', 'new']) })
    .strict()
    .meta({ description: 'Send the flow through the new (or back to the legacy) counter of the cutover.' }),
  z.object({ type: z.literal('reconcile') }).strict(),
  z
    .object({ type: z.literal('rerun_shadow') })
    .strict()
    .meta({ description: 'After fixing a rule, re-run the day through the shadow system: its books restart from the primary\u2019s, migrated errors kept.' }),
  z
    .object({
      type: z.literal('classify_break'),
      account: z.int().min(0).optional().meta({ description: 'The account of the break (0 is the first); omitted: every break of the field in the last reconciliation.' }),
      field: z.enum(BREAK_FIELDS).optional().meta({ description: 'The field that differs; omitted: every field of the account.' }),
      as: z.enum(BREAK_CLASSES).meta({ description: 'What the trainee says caused it; the engine grades it against its own cause.' }),
    })
    .strict()
    .meta({ description: 'Classify the breaks of the last reconciliation (one, an account\u2019s, a field\u2019s): fee rule, calendar, dirty data, timing at the mirror point…' }),
  z.object({ type: z.literal('migrate_data') }).strict(),
  z
    .object({
      type: z.literal('validate_migration'),
      scope: z.enum(['totals', 'full']).optional(),
    })
    .strict()
    .meta({
      description:
        'A data check against the legacy backup. Without scope, a sampling round (detectShare); totals: totals and the accounts behind each difference in balances and positions, skipping the other fields; full: every account x security and every account\u2019s fee template, permissions and bank link.',
    }),
  z.object({ type: z.literal('clean_migration') }).strict(),
  z
    .object({ type: z.literal('resync_reports'), node: Id })
    .strict()
    .meta({ description: 'The gateway asks the exchange for the reports it missed (ExecRptSync).' }),
  z.object({ type: z.literal('request_resend'), file: Id }).strict(),
  // The counter's order desk (docs/domain.md E1).
  z
    .object({ type: z.literal('backlog'), node: Id, action: z.enum(['send', 'cancel']) })
    .strict()
    .meta({ description: 'Held orders (待报) for this gateway: send them now (e.g. after a failover), or cancel the stale backlog at the counter.' }),
  z
    .object({ type: z.literal('mark_invalid'), node: Id })
    .strict()
    .meta({ description: 'Mark every in-doubt (正报) order on the PBUs this gateway carries 废单 without a resync; wrong for any the exchange did receive.' }),
  z
    .object({ type: z.literal('mass_cancel'), ...OrderScope })
    .strict()
    .meta({ description: 'Cancel every open order of an account, a PBU or the whole firm.' }),
  z
    .object({ type: z.literal('kill_switch'), ...OrderScope, on: z.boolean().default(true) })
    .strict()
    .meta({ description: 'Refuse new orders of an account, a PBU or the whole firm and cancel what is open (on: false lifts it).' }),
  // Calendars and the night (engine/days.ts, engine/night.ts).
  z
    .object({ type: z.literal('calendar_set'), node: Id, date: IsoDate, trading: z.boolean() })
    .strict()
    .meta({ description: 'Correct one row of the holiday calendar a system holds: the date is a trading day (true) or a closure (false).' }),
  z
    .object({
      type: z.literal('rerun_clearing'),
      from: z.enum(['checkpoint', 'start']),
      node: Id.optional().meta({ description: "The dual-run's non-primary system: rerun its own clearing instead of the primary's batch." }),
    })
    .strict()
    .meta({
      description:
        "Restart the stopped clearing batch: from its checkpoint (the files already posted stay posted), or from the start (posts them again). With node, the dual-run shadow's clearing: from the first file whose records it skipped.",
    }),
]);
/** Commands that are runbook inputs about the runbook itself; a step cannot issue them. */
export const RUNBOOK_INPUTS = ['claim_role', 'step_start', 'step_done', 'step_signoff', 'gate_decision', 'start_rollback', 'emergency_stop'] as const;
export type Command = z.infer<typeof Command>;
export type CommandType = Command['type'];

export const StampedCommand = z
  .object({
    seq: z.int().min(0),
    at: z.int().min(0).meta({ description: 'Simulated time (µs since midnight of the trading date) at which it takes effect.' }),
    actor: z.string().min(1),
    command: Command,
  })
  .strict();
export type StampedCommand = z.infer<typeof StampedCommand>;
