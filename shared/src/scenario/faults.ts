import { z } from 'zod';
import { ClockTime, Duration, Id, IsoDate } from './units.ts';

/**
 * What a fault does, without when. Shared by scheduled faults (scenario file) and faults a lead
 * injects live (the inject_fault command), so both behave the same.
 */
const common = { id: Id.optional(), duration: Duration.optional().meta({ description: 'How long it lasts; without it, until cleared.' }) };
const Crash = z.object({ kind: z.literal('crash'), target: Id, ...common }).strict().meta({ description: 'The node goes down: what it holds is lost, what reaches it is lost.' });
const Slow = z
  .object({ kind: z.literal('slow'), target: Id, factor: z.number().min(1).max(10_000), ...common })
  .strict()
  .meta({ description: 'Service times multiplied by factor (e.g. the exchange in slow-confirmation mode).' });
const Partition = z.object({ kind: z.literal('partition'), target: Id, ...common }).strict().meta({ description: 'The link carries nothing: messages on it are lost.' });
const LatencySpike = z.object({ kind: z.literal('latency_spike'), target: Id, latency: Duration, ...common }).strict().meta({ description: 'Extra one-way latency on a link.' });
const Loss = z.object({ kind: z.literal('loss'), target: Id, loss: z.number().min(0).max(1), ...common }).strict().meta({ description: 'Message loss probability on a link.' });
const DiskFull = z.object({ kind: z.literal('disk_full'), target: Id, ...common }).strict().meta({ description: 'The node cannot persist: it rejects new orders.' });
const ConfigError = z
  .object({ kind: z.literal('config_error'), target: Id, key: z.string().min(1).max(200, 'config keys are at most 200 characters'), value: z.union([z.string().max(2000, 'config values are at most 2000 characters'), z.number(), z.boolean()]), ...common })
  .strict()
  .meta({ description: 'A configuration value is wrong on the node (e.g. a fee rule).' });

const IndexLost = z
  .object({ kind: z.literal('index_lost'), target: Id, ...common })
  .strict()
  .meta({ description: 'The gateway loses its stored ReportIndex: at its next logon it cannot resync by itself; a manual resync starts from index 1 and the exchange replays reports already received.' });

const StaleFeed = z
  .object({ kind: z.literal('stale_feed'), target: Id, ...common })
  .strict()
  .meta({ description: 'A market_data node stays up but its quotes stop updating: counters reading it reject or hold priced orders.' });

export const FaultSpec = z.discriminatedUnion('kind', [Crash, Slow, Partition, LatencySpike, Loss, DiskFull, ConfigError, IndexLost, StaleFeed]);
export type FaultSpec = z.infer<typeof FaultSpec>;
export type FaultKind = FaultSpec['kind'];
export const LINK_FAULTS: readonly FaultKind[] = ['partition', 'latency_spike', 'loss'];

/**
 * A fault in the scenario file: the same fields plus when it starts. Each kind is extended with
 * `at` rather than intersecting {at} with FaultSpec: the intersection let a misspelt key
 * ("duraton") through silently, and editors flagged `at` itself as not allowed.
 */
const at = { at: ClockTime.meta({ description: 'When the fault starts, time of day (HH:MM or HH:MM:SS).' }) };
const scheduled = <S extends z.core.$ZodShape, C extends z.core.$ZodObjectConfig>(spec: z.ZodObject<S, C>) => spec.extend(at).meta(spec.meta() ?? {});
export const ScheduledFault = z.discriminatedUnion('kind', [
  scheduled(Crash),
  scheduled(Slow),
  scheduled(Partition),
  scheduled(LatencySpike),
  scheduled(Loss),
  scheduled(DiskFull),
  scheduled(ConfigError),
  scheduled(IndexLost),
  scheduled(StaleFeed),
]);
export type ScheduledFault = z.infer<typeof ScheduledFault>;

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
  z.object({ type: z.literal('set_config'), node: Id, key: z.string().min(1).max(200, 'config keys are at most 200 characters'), value: z.union([z.string().max(2000, 'config values are at most 2000 characters'), z.number(), z.boolean()]) }).strict(),
  z.object({ type: z.literal('inject_fault'), fault: FaultSpec }).strict(),
  z.object({ type: z.literal('clear_fault'), faultId: Id }).strict(),
  z.object({ type: z.literal('set_load'), multiplier: z.number().min(0).max(1000) }).strict(),
  // Cutover (see scenario/cutover.ts): runbook inputs, guardrails, dual-run, migration.
  z.object({ type: z.literal('claim_role'), role: Id }).strict().meta({ description: 'The actor takes a runbook team role (owner of steps).' }),
  z.object({ type: z.literal('step_start'), step: Id }).strict(),
  z.object({ type: z.literal('step_done'), step: Id, note: z.string().max(2000).optional() }).strict(),
  z.object({ type: z.literal('step_signoff'), step: Id }).strict(),
  z.object({ type: z.literal('gate_decision'), gate: Id, decision: z.enum(['go', 'no_go']), reason: z.string().min(3).max(2000) }).strict(),
  z.object({ type: z.literal('start_rollback'), reason: z.string().min(3).max(2000) }).strict(),
  z.object({ type: z.literal('emergency_stop'), reason: z.string().min(3).max(2000) }).strict(),
  z.object({ type: z.literal('switch_primary'), to: z.enum(['legacy', 'new']) }).strict().meta({ description: 'Send the flow through the new (or back to the legacy) counter of the cutover.' }),
  z.object({ type: z.literal('reconcile') }).strict(),
  z.object({ type: z.literal('rerun_shadow') }).strict().meta({ description: 'After fixing a rule, re-run the day through the shadow system: its books restart from the primary\u2019s, migrated errors kept.' }),
  z.object({ type: z.literal('migrate_data') }).strict(),
  z.object({ type: z.literal('validate_migration') }).strict(),
  z.object({ type: z.literal('clean_migration') }).strict(),
  z.object({ type: z.literal('resync_reports'), node: Id }).strict().meta({ description: 'The gateway asks the exchange for the reports it missed (ExecRptSync).' }),
  z.object({ type: z.literal('request_resend'), file: Id }).strict(),
  // The counter's order desk (DOMAIN.md E1).
  z
    .object({ type: z.literal('backlog'), node: Id, action: z.enum(['send', 'cancel']) })
    .strict()
    .meta({ description: 'Held orders (待报) for this gateway: send them now (e.g. after a failover), or cancel the stale backlog at the counter.' }),
  z
    .object({ type: z.literal('mark_invalid'), node: Id })
    .strict()
    .meta({ description: 'Mark every in-doubt (正报) order on the PBUs this gateway carries 废单 without a resync; wrong for any the exchange did receive.' }),
  z.object({ type: z.literal('mass_cancel'), ...OrderScope }).strict().meta({ description: 'Cancel every open order of an account, a PBU or the whole firm.' }),
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
    .object({ type: z.literal('rerun_clearing'), from: z.enum(['checkpoint', 'start']) })
    .strict()
    .meta({ description: 'Restart the stopped clearing batch: from its checkpoint (the files already posted stay posted), or from the start (posts them again).' }),
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
