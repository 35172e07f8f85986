import { Worker } from 'node:worker_threads';
import type { Engine, RunInputs, RunResult } from './headless.ts';
import { runHeadless } from './headless.ts';

export interface HeadlessRunner {
  run(inputs: RunInputs): Promise<RunResult>;
  close(): Promise<void>;
}

/** In the calling thread: for tests and tools that have no sessions to keep responsive. */
export function inlineRunner(engine: Engine): HeadlessRunner {
  return { run: async (inputs) => runHeadless(engine, inputs), close: async () => undefined };
}

/**
 * One worker thread, one run at a time (the machine has few cores and the sync loop needs one).
 * A run past timeoutMs is stopped by terminating the worker; the next run starts a fresh one.
 */
export function workerRunner(timeoutMs: number): HeadlessRunner {
  let worker: Worker | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  const spawn = () => (worker ??= new Worker(new URL('./worker-entry.mjs', import.meta.url)));
  const once = (inputs: RunInputs) =>
    new Promise<RunResult>((resolve) => {
      const w = spawn();
      const done = (r: RunResult) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        resolve(r);
      };
      const onMessage = (r: RunResult) => done(r);
      const onError = (e: Error) => {
        worker = undefined;
        done({ ok: false, error: `the run failed: ${e.message}` });
      };
      const timer = setTimeout(() => {
        worker = undefined;
        void w.terminate();
        done({ ok: false, error: `the run took longer than ${Math.round(timeoutMs / 1000)} s and was stopped: ask for an earlier time` });
      }, timeoutMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage(inputs);
    });
  return {
    run(inputs) {
      const r = tail.then(() => once(inputs));
      tail = r.catch(() => undefined);
      return r;
    },
    async close() {
      await worker?.terminate();
      worker = undefined;
    },
  };
}
