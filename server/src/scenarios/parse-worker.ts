import { Worker } from 'node:worker_threads';
import type { ParseScenarioResult } from '@twinlab/shared/scenario/parse';

export interface ScenarioParser {
  parse(text: string, file?: string): Promise<ParseScenarioResult>;
  close(): Promise<void>;
}

/**
 * Scenario texts from clients (validate, create a session from text) are parsed in one worker
 * thread, at most `maxPending` at a time, each within `timeoutMs` (the worker is replaced when
 * one overruns). A refusal is a parse error at line 1 that names the limit.
 */
export function workerParser(options: { timeoutMs: number; maxPending: number; memoryMb: number }): ScenarioParser {
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<number, { resolve: (r: ParseScenarioResult) => void; file: string; timer: ReturnType<typeof setTimeout> }>();
  const fail = (file: string, message: string): ParseScenarioResult => ({ ok: false, errors: [{ file, line: 1, column: 1, path: '', message }] });
  const stop = (w: Worker, message: string) => {
    if (worker === w) worker = undefined;
    void w.terminate();
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.resolve(fail(p.file, message));
      pending.delete(id);
    }
  };
  const spawn = (): Worker => {
    if (worker) return worker;
    const w = new Worker(new URL('./parse-entry.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: options.memoryMb } });
    w.on('message', ({ id, result }: { id: number; result: ParseScenarioResult }) => {
      const p = pending.get(id);
      if (!p) return;
      clearTimeout(p.timer);
      pending.delete(id);
      p.resolve(result);
    });
    w.on('error', (e) => stop(w, `the scenario could not be parsed: ${e.message}`));
    w.unref();
    return (worker = w);
  };
  return {
    parse(text, file = '<inline>') {
      if (pending.size >= options.maxPending) return Promise.resolve(fail(file, `the server is parsing ${options.maxPending} scenarios already: try again in a moment`));
      const w = spawn();
      const id = next++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => stop(w, `parsing took longer than ${options.timeoutMs / 1000} s and was stopped: simplify the scenario`), options.timeoutMs);
        pending.set(id, { resolve, file, timer });
        w.postMessage({ id, text, file });
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
