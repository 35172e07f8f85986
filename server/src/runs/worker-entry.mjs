// A worker thread does not inherit the tsx loader the main thread runs under, so it registers
// it before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
