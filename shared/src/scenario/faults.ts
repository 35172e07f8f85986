import { z } from 'zod';
import { ClockTime, Duration, Id } from './units.ts';

/**
 * What a fault does, without when. Shared by scheduled faults (scenario file) and faults a lead
 * injects live (the inject_fault command), so both behave the same.
 */
const common = { id: Id.optional(), duration: Duration.optional().meta({ description: 'How long it lasts; without it, until cleared.' }) };
const Crash = z
  .object({ kind: z.literal('crash'), target: Id, ...common })
  .strict()
  .meta({ description: 'The node goes down: what it holds is lost, what reaches it is lost.' });
const Slow = z
  .object({ kind: z.literal('slow'), target: Id, factor: z.number().min(1).max(10_000), ...common })
  .strict()
  .meta({ description: 'Service times multiplied by factor (e.g. the exchange in slow-confirmation mode).' });
const Partition = z
  .object({ kind: z.literal('partition'), target: Id, ...common })
  .strict()
  .meta({ description: 'The link carries nothing: messages on it are lost.' });
const LatencySpike = z
  .object({ kind: z.literal('latency_spike'), target: Id, latency: Duration, ...common })
  .strict()
  .meta({ description: 'Extra one-way latency on a link.' });
const Loss = z
  .object({ kind: z.literal('loss'), target: Id, loss: z.number().min(0).max(1), ...common })
  .strict()
  .meta({ description: 'Message loss probability on a link.' });
const DiskFull = z
  .object({ kind: z.literal('disk_full'), target: Id, ...common })
  .strict()
  .meta({ description: 'The node cannot persist: it rejects new orders.' });
const ConfigError = z
  .object({
    kind: z.literal('config_error'),
    target: Id,
    key: z.string().min(1).max(200, 'config keys are at most 200 characters'),
    value: z.union([z.string().max(2000, 'config values are at most 2000 characters'), z.number(), z.boolean()]),
    ...common,
  })
  .strict()
  .meta({ description: 'A configuration value is wrong on the node (e.g. a fee rule).' });

const IndexLost = z
  .object({ kind: z.literal('index_lost'), target: Id, ...common })
  .strict()
  .meta({
    description: 'The gateway loses its stored ReportIndex: at its next logon it cannot resync by itself; a manual resync starts from index 1 and the exchange replays reports already received.',
  });

const StaleFeed = z
  .object({ kind: z.literal('stale_feed'), target: Id, ...common })
  .strict()
  .meta({ description: 'A market_data node stays up but its quotes stop updating: counters reading it reject or hold priced orders.' });

const Runaway = z
  .object({
    kind: z.literal('runaway'),
    target: Id.meta({ description: 'The route the algorithm sends on.' }),
    account: z.int().min(0).meta({ description: 'The account whose strategy runs away (0 is the first).' }),
    symbol: z.string().regex(/^\d{6}$/, 'symbols are six digits, e.g. "510300"'),
    ordersPerSecond: z.number().min(1).max(10_000),
    lots: z.int().min(1).max(10_000).default(10).meta({ description: 'Lots of 100 shares per order.' }),
    ...common,
  })
  .strict()
  .meta({
    description: "A client's algorithm sends buy orders for one symbol at a steady rate (docs/domain.md C6, Everbright 2013) until the fault ends or a kill switch cuts the account's session.",
  });

const Basket = z
  .object({
    kind: z.literal('basket'),
    target: Id.meta({ description: 'The route the basket is sent on.' }),
    account: z.int().min(0).meta({ description: 'The account (a fund product) that sends it (0 is the first).' }),
    symbol: z.string().regex(/^\d{6}$/, 'symbols are six digits, e.g. "601318"'),
    ordersPerSecond: z.number().min(1).max(10_000),
    lots: z.int().min(1).max(10_000).default(1).meta({ description: 'Lots of 100 shares per order.' }),
    ...common,
  })
  .strict()
  .meta({
    description:
      "An index fund's rebalancing basket (docs/domain.md E3 9): one account's legitimate buy orders for one symbol at a steady rate, e.g. into the closing call. Sent like a runaway's (a kill switch on the account cuts it), but it is business the firm must carry: what it does not get into the close is tracking error.",
  });

export const FaultSpec = z.discriminatedUnion('kind', [Crash, Slow, Partition, LatencySpike, Loss, DiskFull, ConfigError, IndexLost, StaleFeed, Runaway, Basket]);
export type FaultSpec = z.infer<typeof FaultSpec>;
export type FaultKind = FaultSpec['kind'];
export const LINK_FAULTS: readonly FaultKind[] = ['partition', 'latency_spike', 'loss'];
/** Faults that are one account's order flow on a route (engine/load.ts onRunaway), not a node's or a link's. */
export const FLOW_FAULTS: readonly FaultKind[] = ['runaway', 'basket'];
export type FlowFault = Extract<FaultSpec, { kind: 'runaway' | 'basket' }>;

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
  scheduled(Runaway),
  scheduled(Basket),
]);
export type ScheduledFault = z.infer<typeof ScheduledFault>;
