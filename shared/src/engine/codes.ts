/**
 * The engine's codes and flags: a leaf module every other engine module may import, so the
 * modules that hold state and the ones that move orders do not import each other for constants.
 */

/** Event types. Priorities order same-time events: commands first, then the day's schedule, then traffic. */
export const EV = {
  RUNAWAY: 0, // the next order of a runaway algorithm (a runaway fault); 0, as the type field has four bits
  GENERATE: 1,
  ARRIVE: 2,
  PHASE: 3,
  STREET_TICK: 4,
  FAULT_START: 5,
  FAULT_END: 6,
  COMMAND: 7,
  BURST_START: 8,
  BURST_END: 9,
  COMPLETE: 10,
  GUARD_CHECK: 11,
  RECONCILE: 12,
  FILE: 13,
  BANK: 14,
  NIGHT: 15,
} as const;
export const PRIO = { COMMAND: 0, SCHEDULE: 1, TRAFFIC: 2 } as const;

export const MSG = { ORDER: 1, CANCEL: 2, REPORT: 3 } as const;

/** Report flags; one report message may bundle an ack and a fill (consecutive ReportIndex values). */
export const RPT = { ACK: 1, FILL: 2, TERMINAL: 4, REJECT: 8, CANCEL_REJECT: 16 } as const;

/**
 * Where the order is as the engine knows the truth (the exchange's view): NEW until the exchange
 * has it, ABSENT when a resync or an operator settled an order the exchange never received.
 * Terminal codes free the order's slot once nothing names it.
 */
export const ORD = { NEW: 0, LIVE: 1, FILLED: 2, CANCELLED: 3, EXPIRED: 4, REJECTED: 5, ABSENT: 6, DONE: 7 } as const;
export const isTerminal = (status: number) => status >= ORD.FILLED;

/**
 * The order as the counter keeps it (docs/domain.md E1), changed where the counter learns something.
 * SUBMITTING: on its way from the client, not yet committed by the counter; FAILED: that
 * submission never reached the counter and failed back to the client; DONE: a route that ends
 * short of an exchange (a plain queueing network) finished it.
 */
export const ST = {
  SUBMITTING: 0,
  UNSENT: 1, // 未报: committed, on its way to the gateway
  HELD: 2, // 待报: the gateway (or the line to it) is unavailable: the counter holds it
  SENDING: 3, // 正报: sent by the gateway, no report yet (in doubt when its message or ack was dropped)
  REPORTED: 4, // 已报
  REPORTED_CANCELLING: 5, // 已报待撤
  PARTIAL: 6, // 部成
  PARTIAL_CANCELLING: 7, // 部成待撤
  FILLED: 8, // 已成
  PARTIAL_CANCELLED: 9, // 部撤
  CANCELLED: 10, // 已撤
  INVALID: 11, // 废单
  FAILED: 12,
  DONE: 13,
  LOST: 14, // committed at a primary that failed, never received by the standby now serving: unknown to the books (engine/replication.ts)
} as const;
export const STATE_COUNT = 15;
/** The names metrics use, index = ST code. */
export const STATE_NAMES = [
  'submitting',
  'unsent',
  'held',
  'sending',
  'reported',
  'reportedCancelling',
  'partial',
  'partialCancelling',
  'filled',
  'partialCancelled',
  'cancelled',
  'invalid',
  'failed',
  'done',
  'lost',
] as const;
export type StateName = (typeof STATE_NAMES)[number];

export const SIDE_BUY = 0;
export const SIDE_SELL = 1;

/** Message flags. Lost in transit (link loss drawn when sent). */
export const FLAG_LOST = 1;
/** Order flags. The order's first report has reached its source (end-to-end latency recorded). */
export const FLAG_FIRST_REPORT = 1;
/** Its message or its first report was dropped while it was 正报: in doubt until a resync or an operator settles it. */
export const FLAG_IN_DOUBT = 16; // 2, 4, 8 are the dual-run shadow's (dualrun/shadow.ts)
/** Lost to the books at a DR failover (its acceptance was in the replication tail) and not yet booked again. */
export const FLAG_DR_LOST = 32;
/** The client's app resent it, unconfirmed, as this new order (engine/resubmit.ts). */
export const FLAG_RESUBMIT = 64;
/** Its client's app resent it (a copy flagged FLAG_RESUBMIT) before the exchange had it. */
export const FLAG_RESENT = 128;

/** Running counters (SimState.counts). */
export const COUNT = {
  CREATED: 0,
  FILLED: 1,
  CANCELLED: 2,
  EXPIRED: 3,
  REJECTED: 4,
  FAILED: 5,
  DONE: 6,
  RPT_DELIVERED: 7,
  RPT_LOST: 8,
  RPT_GAPS: 9,
  CANCEL_REJECTS: 10,
  WRONG_PBU: 11,
  RATE_REJECTS: 12,
  RPT_DUPLICATES: 13,
  RPT_DOUBLE_POSTED: 14,
  SETTLED: 15,
  VOIDED: 16,
  WRONG_INVALID: 17,
  BACKLOG_SENT: 18,
  BACKLOG_CANCELLED: 19,
  KILL_REJECTS: 20,
  CLOSING_CALL: 21, // orders the exchanges accepted in the closing call (closing-call.ts)
} as const;
export const COUNT_SIZE = 22;

/** An exchange book holds (order slot, price) pairs (engine/exchange.ts). */
export const BOOK_WORDS = 2;
