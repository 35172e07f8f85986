import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { Sample } from './protocol.ts';

/** The SceneFrame fields this module writes (the scene's contract, client/src/scene/frame.ts). */
export interface FrameTarget {
  version: number;
  nodeHealth: Uint8Array;
  nodeRate: Float32Array;
  nodeQueue: Float32Array;
  linkRate: Float32Array;
  linkUp: Uint8Array;
}

const HEALTH = { up: 0, degraded: 1, down: 2, partitioned: 3, drained: 4 } as const;

/** Chart series, one column per sample: simulated seconds since midnight, then values. */
export interface Series {
  t: number[];
  throughput: number[]; // completed orders per simulated second
  created: number[];
  p50: number[]; // ms
  p95: number[];
  p99: number[];
  queue: number[]; // messages waiting, all nodes
  rejects: number[]; // rejected per simulated second
  lost: number[]; // lost per simulated second
}

const MAX_POINTS = 600;

function emptySeries(): Series {
  return { t: [], throughput: [], created: [], p50: [], p95: [], p99: [], queue: [], rejects: [], lost: [] };
}

/**
 * Turns the worker's cumulative samples into rates for the charts and health for the 3D view.
 * Mutated in place and versioned: React reads `version`, never every sample.
 */
export class MetricsHistory {
  series: Series = emptySeries();
  /** The trading phase of each point of `series`. */
  phases: string[] = [];
  last: Sample | null = null;
  version = 0;
  private readonly nodeLinks: number[][];

  constructor(private readonly scenario: Pick<Scenario, 'nodes' | 'links'>) {
    const index = new Map(scenario.nodes.map((n, i) => [n.id, i]));
    this.nodeLinks = scenario.nodes.map(() => []);
    scenario.links.forEach((l, li) => {
      this.nodeLinks[index.get(l.from) ?? -1]?.push(li);
      this.nodeLinks[index.get(l.to) ?? -1]?.push(li);
    });
  }

  push(sample: Sample, frame?: FrameTarget): void {
    const prev = this.last;
    const rewound = prev !== null && (sample.epoch !== prev.epoch || sample.now < prev.now);
    if (rewound) this.truncate(sample.now);
    const base = prev && !rewound && sample.now > prev.now ? prev : null;
    const dt = base ? (sample.now - base.now) / 1e6 : 0;
    if (base && dt > 0) {
      const s = this.series;
      s.t.push(sample.now / 1e6);
      s.throughput.push((sample.done - base.done) / dt);
      s.created.push((sample.created - base.created) / dt);
      s.p50.push(sample.p50 / 1000);
      s.p95.push(sample.p95 / 1000);
      s.p99.push(sample.p99 / 1000);
      s.queue.push(sample.nodes.reduce((a, n) => a + n.queue, 0));
      s.rejects.push((sample.rejected - base.rejected) / dt);
      s.lost.push((sample.lost - base.lost) / dt);
      this.phases.push(sample.phase);
      if (s.t.length > MAX_POINTS) {
        for (const k of Object.keys(s) as (keyof Series)[]) s[k].splice(0, s[k].length - MAX_POINTS);
        this.phases.splice(0, this.phases.length - MAX_POINTS);
      }
    }
    if (frame) this.fillFrame(sample, base, dt, frame);
    this.last = sample;
    this.version++;
  }

  private truncate(now: number): void {
    const s = this.series;
    let keep = s.t.length;
    while (keep > 0 && s.t[keep - 1]! * 1e6 >= now) keep--;
    for (const k of Object.keys(s) as (keyof Series)[]) s[k].length = keep;
    this.phases.length = keep;
  }

  private fillFrame(sample: Sample, base: Sample | null, dt: number, frame: FrameTarget): void {
    sample.links.forEach((l, i) => {
      frame.linkUp[i] = l.connected ? 1 : 0;
      const b = base?.links[i];
      if (b && dt > 0) frame.linkRate[i] = (l.carried - b.carried) / dt;
      else if (!base) frame.linkRate[i] = 0;
    });
    sample.nodes.forEach((n, i) => {
      frame.nodeHealth[i] = healthOf(n.state, this.nodeLinks[i] ?? [], frame.linkUp);
      frame.nodeQueue[i] = n.queue;
      const b = base?.nodes[i];
      if (b && dt > 0) frame.nodeRate[i] = (n.processed - b.processed) / dt;
      else if (!base) frame.nodeRate[i] = 0;
    });
    frame.version++;
  }
}

/** A node that is up but cut off on every link it has reads as partitioned. */
export function healthOf(state: Sample['nodes'][number]['state'], links: readonly number[], linkUp: Uint8Array): number {
  if (state !== 'up') return HEALTH[state];
  if (links.length > 0 && links.every((l) => linkUp[l] === 0)) return HEALTH.partitioned;
  return HEALTH.up;
}

export const HEALTH_NAMES = ['up', 'degraded', 'down', 'partitioned', 'drained'] as const;
