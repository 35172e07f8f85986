export type { Simulation, SimSnapshot, MetricsSummary, NodeMetrics, LinkMetrics, LatencySummary, AuditReport } from './api.ts';
export { createSimulation, restoreSimulation } from './simulation.ts';
export { ln } from './math.ts';
