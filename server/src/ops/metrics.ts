import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Storage } from '../storage/types.ts';
import type { RoomManager } from '../sync/rooms.ts';
import type { ServerMetrics } from '../sync/metrics.ts';
import type { RedisCluster } from '../scale/redis-cluster.ts';
import { Histogram, counter, gauge } from './histogram.ts';

/** Operations state beside the sync counters: latency histograms, the cluster, shutdown. */
export class OpsMetrics {
  readonly appendSeconds = new Histogram('twinlab_storage_append_seconds', 'Time to make a batch of updates durable (SQLite commit, or PostgreSQL lock + catch-up + insert + commit).');
  /** Event-loop delay: every participant of this instance waits behind a blocked loop. */
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  draining = false;

  constructor() {
    this.loopDelay.enable();
  }

  /** Time every append of this storage (it is the wait before a command is acknowledged and spread). */
  timeAppends<S extends Storage>(storage: S): S {
    const append = storage.appendUpdates.bind(storage);
    storage.appendUpdates = (id, updates) => this.appendSeconds.time(() => append(id, updates));
    return storage;
  }

  /** The Prometheus text exposition of everything an operator watches during a rehearsal. */
  render(m: ServerMetrics, rooms: RoomManager, cluster: RedisCluster | undefined, instanceId: string): string {
    const lines = [
      `# HELP twinlab_instance_info This server instance.\n# TYPE twinlab_instance_info gauge\ntwinlab_instance_info{instance_id="${instanceId.replace(/["\\\n]/g, '_')}",mode="${cluster ? 'cluster' : 'single'}"} 1`,
      gauge('twinlab_sessions_loaded', 'Sessions whose document is in memory.', rooms.size),
      gauge('twinlab_connections', 'Open sync connections.', rooms.connections()),
      counter('twinlab_messages_received_total', 'Sync frames received from participants.', m.messagesIn),
      counter('twinlab_bytes_received_total', 'Bytes of sync frames received.', m.bytesIn),
      counter('twinlab_updates_accepted_total', 'Participant document updates accepted.', m.updatesAccepted),
      counter('twinlab_writes_refused_total', 'Participant writes refused by role or content.', m.writesRefused),
      counter('twinlab_commands_accepted_total', 'Commands stamped into a log.', m.commandsAccepted),
      counter('twinlab_commands_refused_total', 'Commands refused (schema, role, unknown node, Redis away).', m.commandsRefused),
      counter('twinlab_clock_changes_total', 'Clock requests applied.', m.clockChanges),
      counter('twinlab_storage_appends_total', 'Durable appends to the update log.', m.storageAppends),
      counter('twinlab_storage_failures_total', 'Appends that failed (the session was unloaded).', m.storageFailures),
      counter('twinlab_compactions_total', 'Update logs folded into a checkpoint.', m.compactions),
      counter('twinlab_compaction_failures_total', 'Folds of an update log that failed (the log is kept; the next fold tries again).', m.compactionFailures),
      counter('twinlab_judge_rebuilds_total', "Times a refused engineer's or lead's write made the judge copy the whole document.", m.judgeRebuilds),
      counter('twinlab_runs_refused_total', 'Headless runs refused before they started (queue full, over a limit).', m.runsRefused),
      counter('twinlab_run_workers_started_total', 'Run worker threads started (the first, and each replacement after a heavy or failed run).', m.runWorkersStarted),
      counter('twinlab_http_rate_limited_total', 'HTTP requests answered 429 by a rate limit.', m.httpRateLimited),
      counter('twinlab_sessions_loaded_total', 'Session loads.', m.roomsLoaded),
      counter('twinlab_sessions_unloaded_total', 'Session unloads.', m.roomsUnloaded),
      '# HELP twinlab_closes_total Connections closed by the server, by close code.',
      '# TYPE twinlab_closes_total counter',
      ...[...m.closes].map(([code, n]) => `twinlab_closes_total{code="${code}"} ${n}`),
      this.appendSeconds.render(),
      gauge('twinlab_event_loop_delay_p99_seconds', 'p99 event-loop delay since start (every message waits behind it).', this.loopDelay.percentile(99) / 1e9),
    ];
    if (cluster) {
      const c = cluster.counters;
      lines.push(
        gauge('twinlab_redis_up', 'Whether this instance can reach Redis (0: sessions are not shared, commands refused).', cluster.status().redis === 'up' ? 1 : 0),
        gauge('twinlab_cluster_update_lag', 'Updates other instances stored that loaded sessions here have not applied yet (storage lag).', c.lag),
        counter('twinlab_cluster_published_total', 'Entries this instance added to session streams.', c.published),
        counter('twinlab_cluster_publish_failures_total', 'Stream entries that could not be added (others catch up from PostgreSQL).', c.publishFailures),
        counter('twinlab_cluster_received_total', 'Stream entries from other instances applied here.', c.received),
        counter('twinlab_cluster_malformed_total', 'Stream entries that did not parse (skipped).', c.malformed),
        counter('twinlab_cluster_catch_ups_total', 'Times a session was caught up from PostgreSQL (a gap in its stream, or Redis was away).', c.catchUps),
        counter('twinlab_cluster_compaction_leases_total', 'Compaction leases taken by this instance.', c.compactionLeases),
        cluster.delivery.render(),
      );
    }
    return lines.join('\n') + '\n';
  }
}
