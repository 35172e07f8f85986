import type { Literal } from '@twinlab/shared/predicate/parse';
import type { PredicateView } from '@twinlab/shared/predicate/evaluate';
import { cutoverReportView, THROUGHPUT_WINDOW_S } from '@twinlab/shared/predicate/view';
import { fullReport } from '@twinlab/shared/dualrun/view';
import type { Sample } from '../app/engine/protocol.ts';

/**
 * The check paths of the server's simulationView, read from the lab worker's samples: what the
 * guided mode shows live. The worker puts the values of the shared check-path table (metrics, and
 * audit.* when the drill reads them) in each sample of a drill, so only `throughput` is the lab's own (averaged over its sample history). Only a
 * preview: the score is computed by the server from the recorded inputs.
 */
export function sampleView(sample: Sample, history: readonly Sample[]): PredicateView {
  const flat = new Map<string, Literal>(Object.entries(sample.checks ?? {}));
  const base = [...history].reverse().find((h) => h.epoch === sample.epoch && sample.now - h.now >= THROUGHPUT_WINDOW_S * 1e6);
  flat.set('throughput', base ? Math.floor((sample.done - base.done) / ((sample.now - base.now) / 1e6)) : 0);
  // Runbook, gates, cutover, reconciliation, migration, files, resync, guardrails: as the server reads them
  // (in a drill from the checks, which the worker read before withholding the causes).
  const full = sample.cutover ? fullReport(sample.cutover) : undefined;
  const cut = full ? cutoverReportView(full) : undefined;
  return (path) => flat.get(path) ?? cut?.(path);
}
