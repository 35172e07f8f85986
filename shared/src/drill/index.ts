export * from '../scenario/drill.ts';
export * from '../scenario/drill-check.ts';
export * from './track.ts';
export * from './score.ts';
export * from './grade.ts';
export * from './path.ts';
export * from './from-export.ts';
export * from './solution.ts';
