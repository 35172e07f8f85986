import { describe, expect, it } from 'vitest';
import { MetricsHistory, healthOf } from './history.ts';
import type { Sample } from './protocol.ts';

const topo = {
  nodes: [{ id: 'counter' }, { id: 'gw' }, { id: 'sse' }],
  links: [
    { from: 'counter', to: 'gw' },
    { from: 'gw', to: 'sse' },
  ],
} as never;

function frame() {
  return { version: 0, nodeHealth: new Uint8Array(3), nodeRate: new Float32Array(3), nodeQueue: new Float32Array(3), linkRate: new Float32Array(2), linkUp: new Uint8Array(2).fill(1) };
}

function sample(now: number, done: number, opts: Partial<Sample> = {}): Sample {
  const node = { state: 'up' as const, processed: done, rejected: 0, lost: 0, queue: 2, p50: 0, p99: 0 };
  return {
    now: now * 1e6,
    epoch: 0,
    phase: 'continuous',
    created: done,
    done,
    rejected: 0,
    lost: 0,
    inFlight: 0,
    p50: 1500,
    p95: 3000,
    p99: 9000,
    nodes: [node, node, node],
    links: [
      { connected: true, carried: done, lost: 0 },
      { connected: true, carried: done, lost: 0 },
    ],
    ...opts,
  };
}

describe('MetricsHistory', () => {
  it('charts rates per simulated second and latency in ms', () => {
    const h = new MetricsHistory(topo);
    h.push(sample(100, 0));
    h.push(sample(102, 600));
    expect(h.series.t).toEqual([102]);
    expect(h.series.throughput).toEqual([300]);
    expect(h.series.p99).toEqual([9]);
    expect(h.series.queue).toEqual([6]);
  });

  it('shows lost orders as a rising series and the crashed node as down in the 3D frame', () => {
    const h = new MetricsHistory(topo);
    const f = frame();
    h.push(sample(100, 0), f);
    const down = { state: 'down' as const, processed: 100, rejected: 0, lost: 50, queue: 0, p50: 0, p99: 0 };
    const s = sample(101, 100, { lost: 50 });
    s.nodes = [s.nodes[0]!, down, s.nodes[2]!];
    h.push(s, f);
    expect(h.series.lost).toEqual([50]);
    expect(Array.from(f.nodeHealth)).toEqual([0, 2, 0]);
    expect(f.nodeRate[0]).toBe(100);
    expect(f.version).toBe(2);
  });

  it('marks a node cut off on every link as partitioned, and drops chart points after a rollback', () => {
    const h = new MetricsHistory(topo);
    const f = frame();
    h.push(sample(100, 0), f);
    h.push(sample(110, 1000), f);
    h.push(
      sample(120, 2000, {
        links: [
          { connected: true, carried: 0, lost: 0 },
          { connected: false, carried: 0, lost: 0 },
        ],
      }),
      f,
    );
    expect(f.nodeHealth[2]).toBe(3);
    expect(f.nodeHealth[1]).toBe(0); // gw still reaches the counter
    h.push(sample(105, 500, { epoch: 1 }), f);
    expect(h.series.t).toEqual([]);
    h.push(sample(106, 600, { epoch: 1 }), f);
    expect(h.series.t).toEqual([106]);
  });

  it('maps engine states to the scene health codes', () => {
    const up = new Uint8Array([1]);
    expect(healthOf('drained', [0], up)).toBe(4);
    expect(healthOf('degraded', [0], up)).toBe(1);
    expect(healthOf('up', [], up)).toBe(0);
  });
});
