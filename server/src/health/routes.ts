import { Hono } from 'hono';
import type { Context } from 'hono';
import type { AppEnv, Services } from '../services.ts';

/** Liveness for orchestrators, counters for Prometheus. */
export function healthRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const health = (c: Context<AppEnv>) =>
    c.json({ ok: true, uptimeSeconds: Math.round((services.now() - services.startedAt) / 1000), sessionsLoaded: services.rooms.size, connections: services.rooms.connections() });
  app.get('/healthz', health);
  app.get('/api/health', health);
  app.get('/api/time', (c) => c.json({ serverMs: services.now() }));
  app.get('/metrics', (c) => {
    const m = services.metrics;
    const lines = [
      gauge('twinlab_sessions_loaded', 'Sessions whose document is in memory.', services.rooms.size),
      gauge('twinlab_connections', 'Open sync connections.', services.rooms.connections()),
      counter('twinlab_messages_received_total', 'Sync frames received from participants.', m.messagesIn),
      counter('twinlab_bytes_received_total', 'Bytes of sync frames received.', m.bytesIn),
      counter('twinlab_updates_accepted_total', 'Participant document updates accepted.', m.updatesAccepted),
      counter('twinlab_writes_refused_total', 'Participant writes refused by role or content.', m.writesRefused),
      counter('twinlab_commands_accepted_total', 'Commands stamped into a log.', m.commandsAccepted),
      counter('twinlab_commands_refused_total', 'Commands refused (schema, role, unknown node).', m.commandsRefused),
      counter('twinlab_clock_changes_total', 'Clock requests applied.', m.clockChanges),
      counter('twinlab_storage_appends_total', 'Durable appends to the update log.', m.storageAppends),
      counter('twinlab_storage_failures_total', 'Appends that failed (the session was unloaded).', m.storageFailures),
      counter('twinlab_compactions_total', 'Update logs folded into a checkpoint.', m.compactions),
      counter('twinlab_sessions_loaded_total', 'Session loads.', m.roomsLoaded),
      counter('twinlab_sessions_unloaded_total', 'Session unloads.', m.roomsUnloaded),
      '# HELP twinlab_closes_total Connections closed by the server, by close code.',
      '# TYPE twinlab_closes_total counter',
      ...[...m.closes].map(([code, n]) => `twinlab_closes_total{code="${code}"} ${n}`),
    ];
    return c.text(lines.join('\n') + '\n', 200, { 'content-type': 'text/plain; version=0.0.4' });
  });
  return app;
}

const gauge = (name: string, help: string, v: number) => `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${v}`;
const counter = (name: string, help: string, v: number) => `# HELP ${name} ${help}\n# TYPE ${name} counter\n${name} ${v}`;
