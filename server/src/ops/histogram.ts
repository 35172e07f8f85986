import client from 'prom-client';

const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * A latency histogram in seconds (prom-client), made where it is measured and registered by
 * OpsMetrics into the registry /metrics renders.
 */
export class Histogram {
  readonly metric: client.Histogram;

  constructor(
    readonly name: string,
    readonly help: string,
    buckets: readonly number[] = SECONDS,
  ) {
    this.metric = new client.Histogram({ name, help, buckets: [...buckets], registers: [] });
  }

  observe(seconds: number): void {
    this.metric.observe(seconds);
  }

  /** Time a promise's work, observed whether it resolves or rejects. */
  async time<T>(work: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      this.observe((performance.now() - t0) / 1000);
    }
  }
}
