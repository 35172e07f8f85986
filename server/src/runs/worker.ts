import { parentPort } from 'node:worker_threads';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { createSimulation, restoreSimulation } from '@twinlab/shared/engine/index';
import { runHeadless } from './headless.ts';
import type { RunInputs } from './headless.ts';

// A headless run can take seconds of CPU: it runs here, so the sessions' sync never waits for it.
parentPort?.on('message', (inputs: RunInputs) => {
  const result = runHeadless({ parseScenario, createSimulation, restoreSimulation }, inputs);
  // The heap after the run tells the runner whether to replace this worker before the next one.
  // A snapshot's bytes move to the main thread rather than being copied.
  const transfer = result.ok && result.output.snapshot ? [result.output.snapshot.buffer as ArrayBuffer] : [];
  parentPort?.postMessage({ ...result, heapUsed: process.memoryUsage().heapUsed }, transfer);
});
