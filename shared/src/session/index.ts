export * from './roles.ts';
export * from './clock.ts';
export * from './layout.ts';
export * from './protocol.ts';
export * from './issues.ts';
export * from './commands.ts';
export * from './replay.ts';
export * from './hash.ts';
