import { monitorEventLoopDelay } from 'node:perf_hooks';
import client from 'prom-client';
import type { Storage } from '../storage/types.ts';
import type { RoomManager } from '../sync/rooms.ts';
import type { ServerMetrics } from '../sync/metrics.ts';
import type { RedisCluster } from '../scale/redis-cluster.ts';
import type { HeadlessRunner } from '../runs/runner.ts';
import { Histogram } from './histogram.ts';

/** What the collectors read when /metrics is scraped. */
interface Sources {
  m: ServerMetrics;
  rooms: RoomManager;
  cluster: RedisCluster | undefined;
  instanceId: string;
}

/**
 * Operations metrics in one prom-client registry: the standard process and Node.js metrics
 * (process_cpu_seconds_total, nodejs_eventloop_lag_seconds, heap, GC, handles), HTTP latency per
 * route, storage and headless-run latency, and the sync counters (sessions, connections,
 * commands), read from the running server at each scrape.
 */
export class OpsMetrics {
  readonly registry = new client.Registry();
  readonly appendSeconds = new Histogram('twinlab_storage_append_seconds', 'Time to make a batch of updates durable (SQLite commit, or PostgreSQL lock + catch-up + insert + commit).');
  readonly runSeconds = new Histogram('twinlab_run_seconds', 'Headless engine runs (GET …/run, reports, grading), from request to result.', [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]);
  readonly http = new client.Histogram({
    name: 'twinlab_http_request_duration_seconds',
    help: 'REST requests by method, matched route and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly runs = new client.Counter({ name: 'twinlab_runs_total', help: 'Headless runs by outcome (ok, or the error).', labelNames: ['outcome'] as const, registers: [this.registry] });
  /** Event-loop delay: every participant of this instance waits behind a blocked loop. */
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private sources: Sources | undefined;
  private clusterRegistered = false;
  draining = false;

  constructor() {
    this.loopDelay.enable();
    client.collectDefaultMetrics({ register: this.registry });
    this.registry.registerMetric(this.appendSeconds.metric);
    this.registry.registerMetric(this.runSeconds.metric);
    this.registerSync();
  }

  /** Time every append of this storage (it is the wait before a command is acknowledged and spread). */
  timeAppends<S extends Storage>(storage: S): S {
    const append = storage.appendUpdates.bind(storage);
    storage.appendUpdates = (id, updates) => this.appendSeconds.time(() => append(id, updates));
    return storage;
  }

  /** Count and time every headless run of this runner. */
  timeRuns(runner: HeadlessRunner): HeadlessRunner {
    return {
      run: async (inputs, options) => {
        const r = await this.runSeconds.time(() => runner.run(inputs, options));
        this.runs.inc({ outcome: r.ok ? 'ok' : 'error' });
        return r;
      },
      close: () => runner.close(),
    };
  }

  private value(name: string, help: string, type: 'gauge' | 'counter', read: (s: Sources) => number): void {
    const metric = type === 'gauge' ? new client.Gauge({ name, help, registers: [this.registry] }) : new client.Counter({ name, help, registers: [this.registry] });
    const sources = () => this.sources;
    // prom-client calls collect() on each scrape; the value is the server's own counter.
    (metric as unknown as { collect: () => void }).collect = function (this: client.Gauge | client.Counter) {
      const s = sources();
      if (!s) return;
      this.reset();
      this.inc(read(s));
    };
  }

  private registerSync(): void {
    const sources = () => this.sources;
    new client.Gauge({
      name: 'twinlab_instance_info',
      help: 'This server instance.',
      labelNames: ['instance_id', 'mode'] as const,
      registers: [this.registry],
      collect() {
        const s = sources();
        if (!s) return;
        this.reset();
        this.set({ instance_id: s.instanceId, mode: s.cluster ? 'cluster' : 'single' }, 1);
      },
    });
    this.value('twinlab_sessions_loaded', 'Sessions (rooms) whose document is in memory.', 'gauge', (s) => s.rooms.size);
    this.value('twinlab_connections', 'Open sync connections.', 'gauge', (s) => s.rooms.connections());
    const counters: [string, string, (m: ServerMetrics) => number][] = [
      ['twinlab_messages_received_total', 'Sync frames received from participants.', (m) => m.messagesIn],
      ['twinlab_bytes_received_total', 'Bytes of sync frames received.', (m) => m.bytesIn],
      ['twinlab_updates_accepted_total', 'Participant document updates accepted.', (m) => m.updatesAccepted],
      ['twinlab_writes_refused_total', 'Participant writes refused by role or content.', (m) => m.writesRefused],
      ['twinlab_commands_accepted_total', 'Commands stamped into a log.', (m) => m.commandsAccepted],
      ['twinlab_commands_refused_total', 'Commands refused (schema, role, unknown node, Redis away).', (m) => m.commandsRefused],
      ['twinlab_clock_changes_total', 'Clock requests applied.', (m) => m.clockChanges],
      ['twinlab_storage_appends_total', 'Durable appends to the update log.', (m) => m.storageAppends],
      ['twinlab_storage_failures_total', 'Appends that failed (the session was unloaded).', (m) => m.storageFailures],
      ['twinlab_compactions_total', 'Update logs folded into a checkpoint.', (m) => m.compactions],
      ['twinlab_compaction_failures_total', 'Folds of an update log that failed (the log is kept; the next fold tries again).', (m) => m.compactionFailures],
      ['twinlab_judge_rebuilds_total', "Times a refused engineer's or lead's write made the judge copy the whole document.", (m) => m.judgeRebuilds],
      ['twinlab_runs_refused_total', 'Headless runs refused before they started (queue full, over a limit).', (m) => m.runsRefused],
      ['twinlab_run_workers_started_total', 'Run worker threads started (the first, and each replacement after a heavy or failed run).', (m) => m.runWorkersStarted],
      ['twinlab_http_rate_limited_total', 'HTTP requests answered 429 by a rate limit.', (m) => m.httpRateLimited],
      ['twinlab_sessions_loaded_total', 'Session loads.', (m) => m.roomsLoaded],
      ['twinlab_sessions_unloaded_total', 'Session unloads.', (m) => m.roomsUnloaded],
    ];
    for (const [name, help, read] of counters) this.value(name, help, 'counter', (s) => read(s.m));
    new client.Counter({
      name: 'twinlab_closes_total',
      help: 'Connections closed by the server, by close code.',
      labelNames: ['code'] as const,
      registers: [this.registry],
      collect() {
        const s = sources();
        if (!s) return;
        this.reset();
        for (const [code, n] of s.m.closes) this.inc({ code: String(code) }, n);
      },
    });
    const loopDelay = this.loopDelay;
    new client.Gauge({
      name: 'twinlab_event_loop_delay_p99_seconds',
      help: 'p99 event-loop delay since start (every message waits behind it).',
      registers: [this.registry],
      collect() {
        this.set(loopDelay.percentile(99) / 1e9);
      },
    });
  }

  private registerCluster(cluster: RedisCluster): void {
    this.clusterRegistered = true;
    this.value('twinlab_redis_up', 'Whether this instance can reach Redis (0: sessions are not shared, commands refused).', 'gauge', () => (cluster.status().redis === 'up' ? 1 : 0));
    this.value('twinlab_cluster_update_lag', 'Updates other instances stored that loaded sessions here have not applied yet (storage lag).', 'gauge', () => cluster.counters.lag);
    const counters: [string, string, (c: RedisCluster['counters']) => number][] = [
      ['twinlab_cluster_published_total', 'Entries this instance added to session streams.', (c) => c.published],
      ['twinlab_cluster_publish_failures_total', 'Stream entries that could not be added (others catch up from PostgreSQL).', (c) => c.publishFailures],
      ['twinlab_cluster_received_total', 'Stream entries from other instances applied here.', (c) => c.received],
      ['twinlab_cluster_malformed_total', 'Stream entries that did not parse (skipped).', (c) => c.malformed],
      ['twinlab_cluster_catch_ups_total', 'Times a session was caught up from PostgreSQL (a gap in its stream, or Redis was away).', (c) => c.catchUps],
      ['twinlab_cluster_compaction_leases_total', 'Compaction leases taken by this instance.', (c) => c.compactionLeases],
    ];
    for (const [name, help, read] of counters) this.value(name, help, 'counter', () => read(cluster.counters));
    this.registry.registerMetric(cluster.delivery.metric);
  }

  /** The Prometheus text exposition of everything an operator watches during a rehearsal. */
  async render(m: ServerMetrics, rooms: RoomManager, cluster: RedisCluster | undefined, instanceId: string): Promise<string> {
    this.sources = { m, rooms, cluster, instanceId };
    if (cluster && !this.clusterRegistered) this.registerCluster(cluster);
    return this.registry.metrics();
  }
}
