export * from './parse.ts';
export * from './evaluate.ts';
export * from './paths.ts';
export * from './view.ts';
export * from './unknown.ts';
export { PredicateText } from './text.ts';
