export * from './scenario/units.ts';
export * from './scenario/topology.ts';
export * from './scenario/load.ts';
export * from './scenario/faults.ts';
export * from './scenario/schema.ts';
