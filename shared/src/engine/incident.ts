/**
 * The regulatory class of an outage (docs/domain.md E2, C6): by how long trading stopped and how
 * many clients it reached, never by a count of lost orders. A pure decision function.
 *
 * - major (重大): a full interruption of ≥ 30 min in trading hours for a firm with ≥ 100,000 active
 *   clients [W: the 2013 《证券期货业信息安全事件报告与调查处理办法》, as reported, docs/domain.md C6].
 * - significant (较大): ≥ 15 min for ≥ 10,000 clients, or ≥ 30 min for fewer [A]: placed so that
 *   CITIC's ~19-minute full interruption (2023-06-19) is 较大, as regulators classed it [W, C6].
 * - general (一般): ≥ 5 min [A].
 * - none: shorter. The current rules' own thresholds are to be checked before a drill scores on them (C6).
 */
export const INCIDENT_CLASSES = ['none', 'general', 'significant', 'major'] as const;
export type IncidentClass = (typeof INCIDENT_CLASSES)[number];

const MIN = 60_000_000;

export function classifyIncident(stoppedUs: number, clients: number): IncidentClass {
  if (clients <= 0 || stoppedUs <= 0) return 'none';
  if (stoppedUs >= 30 * MIN && clients >= 100_000) return 'major';
  if ((stoppedUs >= 15 * MIN && clients >= 10_000) || stoppedUs >= 30 * MIN) return 'significant';
  if (stoppedUs >= 5 * MIN) return 'general';
  return 'none';
}
