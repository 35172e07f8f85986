import type { Model } from './compile.ts';
import { cutNow, lagNow, type DrState } from './commit-log.ts';
import { classifyIncident, type IncidentClass } from './incident.ts';
import { missingFromBooks } from './replication.ts';
import type { SimState } from './state.ts';

/** What a DR drill or runbook reads of the replicating database and the failover (check paths dr.*). */
export interface DrSummary {
  /** µs a commit takes to reach the standby now: the scenario's lag plus faults on the replication link. */
  lag: number;
  /** Records committed at the primary and not at the standby: before a promotion, what losing the primary now would lose; after, the tail lost. */
  unapplied: number;
  /** µs of commits in that tail (the RPO). */
  rpo: number;
  /** Orders whose acceptance was in the lost tail. */
  lostOrders: number;
  /** Of those, orders the exchange has that the books still lack: what a reconciliation against the exchange finds. */
  missing: number;
  /** Reports the exchange sent that the books lack (the tail's fills and finals, and reports for lost orders since). */
  unbooked: number;
  /** Lost orders booked again from the exchange's records. */
  found: number;
  /** µs trading stopped on the primary counter: from its failure to a failover or restart (or now). */
  stopped: number;
  /** Clients the interruption reached: a full interruption of the counter reaches every account it serves. */
  clients: number;
  incidentClass: IncidentClass;
}

export function drSummary(m: Model, s: SimState, d: DrState): DrSummary {
  let unapplied = d.tail;
  let rpo = d.rpo;
  if (d.promotedAt < 0) {
    const cut = cutNow(m, s);
    unapplied = 0;
    let first = -1;
    for (let i = d.len - 1; i >= 0; i--) {
      const k = (d.head + i) % d.cap;
      if (d.recv[k]! <= cut) break;
      unapplied++;
      first = d.commit[k]!;
    }
    rpo = first < 0 ? 0 : cut - first;
  }
  const crashes = s.crashTimes[m.repl!.counter]!;
  const stopped = crashes.length === 0 ? 0 : (d.resumedAt >= 0 ? d.resumedAt : s.now) - crashes[0]!;
  // [A] a full interruption of the centralised counter reaches every client of the firm (CITIC 2023: all of centralised trading).
  const clients = stopped > 0 ? m.accountCount : 0;
  return {
    lag: lagNow(m, s),
    unapplied,
    rpo,
    lostOrders: d.lostOrders,
    missing: missingFromBooks(s, d),
    unbooked: d.held.length,
    found: d.found,
    stopped,
    clients,
    incidentClass: classifyIncident(stopped, clients),
  };
}
