import { z } from 'zod';
import { Duration, Id, Money } from './units.ts';

export const REGION_KINDS = ['datacenter', 'dr_site', 'client_site', 'colocation', 'exchange', 'bank'] as const;

export const Region = z
  .object({
    id: Id,
    name: z.string().optional(),
    kind: z.enum(REGION_KINDS).default('datacenter'),
    city: z.string().optional(),
  })
  .strict()
  .meta({ description: 'A site: primary data centre, disaster-recovery site, client site, exchange co-location, bank.' });

/** The node kinds named in docs/design.md, in the users' words. */
export const NODE_KINDS = [
  'terminal', // order entry: client terminals, trading apps, FIX front ends
  'oms', // investment trading / O32-class OMS at a fund manager
  'counter', // centralised brokerage counter (集中交易)
  'fast_counter', // low-latency counter (极速柜台)
  'risk', // pre-trade risk control
  'gateway', // order-reporting gateway (报盘) to an exchange
  'exchange', // simulated SSE / SZSE matching
  'market_data',
  'database',
  'bus', // message bus
  'clearing', // nightly clearing batch
  'bank', // bank-securities transfer
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const MARKETS = ['SSE', 'SZSE', 'BSE'] as const;
export type Market = (typeof MARKETS)[number];

export const ServiceTime = z
  .discriminatedUnion('dist', [
    z.object({ dist: z.literal('const'), value: Duration }).strict(),
    z.object({ dist: z.literal('exp'), mean: Duration }).strict(),
    z.object({ dist: z.literal('uniform'), min: Duration, max: Duration }).strict(),
    z.object({ dist: z.literal('erlang'), k: z.int().min(1).max(32), mean: Duration }).strict(),
  ])
  .meta({ description: 'Service time per message: const, exp (exponential), uniform or erlang (k phases).' });
export type ServiceTime = z.infer<typeof ServiceTime>;

export const FeeRule = z
  .object({
    commissionPpm: z.int().min(0).max(10_000).default(250).meta({ description: 'Commission in parts per million of the traded amount (250 = 0.025%).' }),
    // prefault takes what an author writes, so the editor schema shows the default as "5.00" yuan, not 500 fen.
    minimumCommission: Money.prefault('5.00').meta({ description: 'Minimum commission per order, in yuan (e.g. 5.00).' }),
    minimumApplies: z
      .enum(['per_order', 'per_fill'])
      .default('per_order')
      .meta({ description: 'per_order is the rule; per_fill charges the minimum on every partial fill (a classic migration bug).' }),
    stampDutySellPpm: z.int().min(0).max(10_000).default(500).meta({ description: 'Stamp duty on sells, parts per million (500 = 0.05% since 2023-08-28).' }),
    accountClass: z
      .enum(['retail', 'institutional'])
      .default('retail')
      .meta({ description: "retail: the exchange's handling and regulatory fees are folded into the commission; institutional (a fund on an O32-class OMS): they are itemised on top of it." }),
    transferFeePpb: z.int().min(0).max(10_000_000).default(10_000).meta({ description: 'Transfer fee (过户费) on both sides at SSE and SZSE, parts per billion (10000 = 0.001%, since 2022-04-29).' }),
    handlingFeePpb: z.int().min(0).max(10_000_000).default(34_100).meta({ description: 'Exchange handling fee (经手费), itemised for institutional accounts, parts per billion (34100 = 0.00341%).' }),
    regulatoryFeePpb: z.int().min(0).max(10_000_000).default(20_000).meta({ description: 'Regulatory fee (证管费), itemised for institutional accounts, parts per billion (20000 = 0.002%).' }),
  })
  .strict();
export type FeeRule = z.infer<typeof FeeRule>;

const ConfigValue = z.union([z.string(), z.number(), z.boolean()]);

export const Replication = z
  .object({
    lag: Duration.refine((us) => us <= 3_600_000_000, { message: 'a replication lag of more than an hour is an outage, not a lag: at most 1h' }).meta({
      description: 'How long after its commit at this (primary) database a record is received at the standby: asynchronous replication, in commit order.',
    }),
    source: z.string().min(1).meta({ description: 'Where the lag comes from (a measurement, a vendor figure, docs/domain.md C3).' }),
  })
  .strict()
  .meta({
    description:
      'For a database with a standby: it replicates the committed order, fill and cash records of the counter linked to it asynchronously. A latency_spike on the link to the standby grows the lag; records not yet at the standby when this database fails are lost to the books at failover (RPO).',
  });
export type Replication = z.infer<typeof Replication>;

export const Node = z
  .object({
    id: Id,
    kind: z.enum(NODE_KINDS),
    name: z.string().optional(),
    region: Id,
    servers: z.int().min(1).max(4096).default(1).meta({ description: 'Parallel workers per replica.' }),
    replicas: z.int().min(1).max(64).default(1).meta({ description: 'Instances behind one address; capacity is servers × replicas.' }),
    serviceTime: ServiceTime.default({ dist: 'const', value: 100 }),
    reportServiceTime: ServiceTime.optional().meta({ description: 'Service time for an execution report on its way back (defaults to none: reports pass through).' }),
    queueLimit: z.int().min(0).default(100_000).meta({ description: 'Messages that may wait beyond those in service; past it, new orders are rejected.' }),
    version: z.enum(['legacy', 'new']).default('legacy'),
    standbyFor: Id.optional().meta({ description: 'This node is the standby (DR) of that node; fail over to it by command.' }),
    market: z.enum(MARKETS).optional().meta({ description: 'For exchange nodes: which exchange this simulates.' }),
    partitions: z.int().min(1).max(64).default(4).meta({ description: 'For gateways: report partitions (SetID) per PBU; ReportIndex runs per (PBU, SetID).' }),
    pbus: z.array(Id).min(1).max(16).optional().meta({
      description:
        'For gateways: the trading units (PBU, 交易单元) it carries; an account uses one of them. Defaults to one PBU named after the gateway. A second gateway carrying the same PBU continues its ReportIndex.',
    }),
    pbuOrderRate: z
      .int()
      .min(0)
      .max(1_000_000)
      .default(0)
      .meta({ description: "For gateways: the exchange's order-rate limit (流速) per PBU it carries, orders per second; past it the exchange rejects the order. 0: none." }),
    liquidityLots: z.int().min(1).default(20).meta({ description: 'For exchanges: most lots the street offers at one price when an order matches.' }),
    fees: FeeRule.optional().meta({ description: 'For counters: the fee rule this counter applies (defaults to the scenario fees).' }),
    replication: Replication.optional(),
    config: z.record(z.string(), ConfigValue).default({}),
  })
  .strict();
export type Node = z.infer<typeof Node>;

export const Link = z
  .object({
    id: Id.optional().meta({ description: 'Defaults to "<from>--<to>".' }),
    from: Id,
    to: Id,
    latency: Duration.default(100).meta({ description: 'One-way propagation latency.' }),
    jitter: Duration.default(0).meta({ description: 'Extra latency drawn uniformly from 0 to this; delivery stays in order (TCP).' }),
    loss: z.number().min(0).max(1).default(0).meta({ description: 'Probability that one message is lost.' }),
    bandwidth: z.int().min(0).default(0).meta({ description: 'Messages per second the link carries; 0 means unlimited.' }),
  })
  .strict()
  .meta({ description: 'A bidirectional link between two nodes.' });
export type Link = z.infer<typeof Link>;

export const Route = z
  .object({
    id: Id,
    path: z.array(Id).min(1).meta({ description: 'Nodes an order visits, from its source to the exchange; reports return the same way.' }),
    weight: z.int().min(0).default(1).meta({ description: 'Share of the orders that take this route among those for the same market.' }),
  })
  .strict();
export type Route = z.infer<typeof Route>;

/** A link's id: its own, or "from--to". */
export const linkId = (l: { id?: string | undefined; from: string; to: string }) => l.id ?? `${l.from}--${l.to}`;
