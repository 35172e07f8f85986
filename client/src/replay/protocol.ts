import type { SessionExport } from '@twinlab/shared/replay/export';
import type { MetricsPoint } from '@twinlab/shared/replay/sample';
import type { TimelineEvent } from '@twinlab/shared/replay/timeline';

export type ToReplay = { type: 'build'; exp: SessionExport; until: number } | { type: 'seek'; id: number; t: number };

export interface ReplayState {
  id: number;
  t: number;
  hash: string;
  point: MetricsPoint;
  nodes: { id: string; state: string; queue: number }[];
  wallMs: number;
}

/** How far the index reaches: scrubbing works up to `ready` while the rest is still being run. */
export interface ReplayProgress {
  ready: number;
  done: boolean;
  snapshots: number[];
  wallMs: number;
}

export type FromReplay =
  | ({ type: 'built'; start: number; end: number; events: TimelineEvent[] } & ReplayProgress)
  | ({ type: 'progress' } & ReplayProgress)
  | { type: 'state'; state: ReplayState }
  /** The session's metrics on an even grid, for the replay's charts; sent once the index is complete. */
  | { type: 'series'; points: MetricsPoint[] }
  | { type: 'error'; message: string };
