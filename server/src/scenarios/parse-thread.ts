import { parentPort } from 'node:worker_threads';
import { parseScenario } from '@twinlab/shared/scenario/parse';

// Parsing a large YAML text takes a second of CPU: here, so the sessions' sync never waits for it.
parentPort?.on('message', ({ id, text, file }: { id: number; text: string; file: string }) => {
  parentPort?.postMessage({ id, result: parseScenario(text, file) });
});
