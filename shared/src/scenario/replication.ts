/**
 * Which nodes a replicating database serves (docs/domain.md E2, DR): its standby (the database that
 * stands by for it) and the counter whose records it holds (the counter linked to it), with that
 * counter's own standby. One rule, read by scenario validation and by the engine's compile.
 */

interface Nodes {
  nodes: readonly { id: string; kind: string; standbyFor?: string | undefined }[];
  links: readonly { from: string; to: string }[];
}

export interface ReplicatedPair {
  standby: string;
  counter: string;
  /** The counter's standby at the DR site, undefined when it has none. */
  counterStandby: string | undefined;
}

const BOOKS = new Set(['counter', 'fast_counter']);

/** The pair a replicating database `id` serves, or a sentence saying what is missing. */
export function replicatedPair(sc: Nodes, id: string): ReplicatedPair | string {
  const standby = sc.nodes.find((n) => n.standbyFor === id && n.kind === 'database');
  if (!standby) return `database "${id}" replicates but no database stands by for it (standbyFor: ${id})`;
  const linked = sc.links.flatMap((l) => (l.from === id ? [l.to] : l.to === id ? [l.from] : []));
  const counters = sc.nodes.filter((n) => BOOKS.has(n.kind) && linked.includes(n.id) && n.standbyFor === undefined);
  if (counters.length !== 1)
    return `database "${id}" replicates the records of the counter linked to it: link exactly one primary counter to it (linked: ${counters.map((n) => n.id).join(', ') || 'none'})`;
  const counter = counters[0]!.id;
  return { standby: standby.id, counter, counterStandby: sc.nodes.find((n) => n.standbyFor === counter)?.id };
}

/** Validation: replication only on a database, with its standby and its counter. */
export function replicationIssue(sc: Nodes, id: string, kind: string, issue: (message: string) => void): void {
  if (kind !== 'database') {
    issue(`replication is for databases; "${id}" is a ${kind}`);
    return;
  }
  if (sc.nodes.filter((n) => 'replication' in n && (n as { replication?: unknown }).replication !== undefined).length > 1)
    issue('one replicating database per scenario: the engine follows one DR pair');
  const pair = replicatedPair(sc, id);
  if (typeof pair === 'string') issue(pair);
}
