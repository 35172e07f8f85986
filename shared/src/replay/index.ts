export * from './index-builder.ts';
export * from './timeline.ts';
export * from './export.ts';
export * from './delta.ts';
export * from './sample.ts';
