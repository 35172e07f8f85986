// A worker thread does not inherit the tsx loader of the main thread: register it, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./parse-thread.ts');
