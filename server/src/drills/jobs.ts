import { Worker } from 'node:worker_threads';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { createSimulation } from '@twinlab/shared/engine/index';
import type { SessionExport } from '@twinlab/shared/replay/export';
import { gradeSessionExport, type GradeOutcome } from '@twinlab/shared/drill/from-export';
import { diagnoseSessionExport, type DiagnoseOutcome } from '@twinlab/shared/diagnose/from-export';
import { buildReport, type ReportOutcome } from '../reports/build.ts';

export type Job = { kind: 'grade'; exp: SessionExport } | { kind: 'report'; exp: SessionExport } | { kind: 'diagnose'; exp: SessionExport; until: number };
type Outcome = GradeOutcome | ReportOutcome | DiagnoseOutcome;

/** Grading and reports run the engine over a whole session: seconds of CPU, kept off the sync loop. */
export interface DrillJobs {
  grade(exp: SessionExport): Promise<GradeOutcome>;
  report(exp: SessionExport): Promise<ReportOutcome>;
  /** Configuration errors and likely causes, with the run's evidence at `until` (shared/src/diagnose). */
  diagnose(exp: SessionExport, until: number): Promise<DiagnoseOutcome>;
  close(): Promise<void>;
}

export function runJob(job: Job): Outcome {
  if (job.kind === 'diagnose') return diagnoseSessionExport(job.exp, job.until);
  return job.kind === 'grade' ? gradeSessionExport(job.exp) : buildReport(job.exp, { parseScenario, createSimulation });
}

/** In the calling thread: for tests and the CLI. */
export function inlineJobs(): DrillJobs {
  return {
    grade: async (exp) => runJob({ kind: 'grade', exp }) as GradeOutcome,
    report: async (exp) => runJob({ kind: 'report', exp }) as ReportOutcome,
    diagnose: async (exp, until) => runJob({ kind: 'diagnose', exp, until }) as DiagnoseOutcome,
    close: async () => undefined,
  };
}

/** One worker thread, one job at a time; a job past timeoutMs is stopped and the worker replaced. */
export function workerJobs(timeoutMs: number): DrillJobs {
  let worker: Worker | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  const spawn = () => (worker ??= new Worker(new URL('./job-worker.mjs', import.meta.url)));
  const once = (job: Job) =>
    new Promise<Outcome>((resolve) => {
      const w = spawn();
      const done = (r: Outcome) => {
        clearTimeout(timer);
        w.off('message', done);
        w.off('error', onError);
        resolve(r);
      };
      const onError = (e: Error) => {
        worker = undefined;
        done({ ok: false, error: `the ${job.kind} failed: ${e.message}` });
      };
      const timer = setTimeout(() => {
        worker = undefined;
        void w.terminate();
        done({ ok: false, error: `the ${job.kind} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped` });
      }, timeoutMs);
      w.on('message', done);
      w.on('error', onError);
      w.postMessage(job);
    });
  const queue = (job: Job) => {
    const r = tail.then(() => once(job));
    tail = r.catch(() => undefined);
    return r;
  };
  return {
    grade: (exp) => queue({ kind: 'grade', exp }) as Promise<GradeOutcome>,
    report: (exp) => queue({ kind: 'report', exp }) as Promise<ReportOutcome>,
    diagnose: (exp, until) => queue({ kind: 'diagnose', exp, until }) as Promise<DiagnoseOutcome>,
    async close() {
      await worker?.terminate();
      worker = undefined;
    },
  };
}
