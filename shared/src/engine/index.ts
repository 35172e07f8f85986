export type { Simulation, SimSnapshot, MetricsSummary, NodeMetrics, LinkMetrics, LatencySummary } from './api.ts';
export { createSimulation, restoreSimulation } from './simulation.ts';
export { ln } from './math.ts';
