import { Worker } from 'node:worker_threads';
import type { Engine, RunInputs, RunResult } from './headless.ts';
import { runHeadless } from './headless.ts';

export interface HeadlessRunner {
  /** heavy: replace the worker after this run (see planRun). */
  run(inputs: RunInputs, options?: { heavy?: boolean }): Promise<RunResult>;
  close(): Promise<void>;
}

/** In the calling thread: for tests and tools that have no sessions to keep responsive. */
export function inlineRunner(engine: Engine): HeadlessRunner {
  return { run: async (inputs) => runHeadless(engine, inputs), close: async () => undefined };
}

export interface WorkerRunnerOptions {
  timeoutMs: number;
  /** Old-generation heap of the worker (resourceLimits); a run that needs more is stopped with an error naming the limit. */
  memoryMb: number;
  /** Called each time a worker thread starts (metrics). */
  onSpawn?: () => void;
}

/**
 * One worker thread, one run at a time (the machine has few cores and the sync loop needs one).
 * A run past timeoutMs is stopped by terminating the worker; the next run starts a fresh one. So
 * is a run that runs out of the worker's memory, and after a heavy run (its heap over half the
 * limit, or one planned as heavy) the worker is replaced, so what it held does not weigh on the next one.
 */
export function workerRunner(options: WorkerRunnerOptions): HeadlessRunner {
  const { timeoutMs, memoryMb } = options;
  let worker: Worker | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  const spawn = () => {
    if (worker) return worker;
    options.onSpawn?.();
    return (worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: memoryMb } }));
  };
  const retire = (w: Worker) => {
    if (worker === w) worker = undefined;
    void w.terminate();
  };
  const once = (inputs: RunInputs, heavy: boolean) =>
    new Promise<RunResult>((resolve) => {
      const w = spawn();
      const done = (r: RunResult) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        resolve(r);
      };
      const onMessage = (r: RunResult & { heapUsed?: number }) => {
        if (heavy || (r.heapUsed ?? 0) > (memoryMb * 1024 * 1024) / 2) retire(w);
        const { heapUsed: _, ...result } = r;
        done(result as RunResult);
      };
      const onError = (e: Error & { code?: string }) => {
        retire(w);
        done({
          ok: false,
          error:
            e.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `the run needed more than ${memoryMb} MB (TWINLAB_RUN_MEMORY_MB) and was stopped: ask for an earlier time or a smaller scenario`
              : `the run failed: ${e.message}`,
        });
      };
      const timer = setTimeout(() => {
        retire(w);
        done({ ok: false, error: `the run took longer than ${Math.round(timeoutMs / 1000)} s (TWINLAB_RUN_TIMEOUT_SECONDS) and was stopped: ask for an earlier time` });
      }, timeoutMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage(inputs);
    });
  return {
    run(inputs, options) {
      const r = tail.then(() => once(inputs, options?.heavy ?? false));
      tail = r.catch(() => undefined);
      return r;
    },
    async close() {
      await worker?.terminate();
      worker = undefined;
    },
  };
}
