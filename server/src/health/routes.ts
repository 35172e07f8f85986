import { Hono } from 'hono';
import type { Context } from 'hono';
import type { AppEnv, Services } from '../services.ts';
import { OpsMetrics } from '../ops/metrics.ts';

/**
 * Liveness (/healthz: the process serves; "degraded" names what is missing, e.g. Redis), readiness
 * (/readyz: 503 while shutting down or when storage does not answer, so an orchestrator routes
 * new participants elsewhere) and Prometheus metrics (/metrics, text format 0.0.4).
 */
export function healthRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const ops = services.ops ?? new OpsMetrics();
  const health = (c: Context<AppEnv>) => {
    const cluster = services.cluster?.status();
    const problems = [...(cluster?.problem ? [`redis: ${cluster.problem}`] : []), ...(ops.draining ? ['shutting down'] : [])];
    return c.json({
      ok: problems.length === 0,
      status: problems.length === 0 ? 'ok' : 'degraded',
      problems,
      instanceId: services.instanceId,
      mode: cluster ? 'cluster' : 'single',
      ...(cluster ? { redis: cluster.redis } : {}),
      uptimeSeconds: Math.round((services.now() - services.startedAt) / 1000),
      sessionsLoaded: services.rooms.size,
      connections: services.rooms.connections(),
    });
  };
  app.get('/healthz', health);
  app.get('/api/health', health);
  app.get('/readyz', async (c) => {
    if (ops.draining) return c.json({ ready: false, reason: 'shutting down' }, 503);
    try {
      await services.pingStorage?.();
    } catch (e) {
      return c.json({ ready: false, reason: `storage does not answer: ${e instanceof Error ? e.message : String(e)}` }, 503);
    }
    return c.json({ ready: true });
  });
  app.get('/api/time', (c) => c.json({ serverMs: services.now() }));
  app.get('/metrics', async (c) => c.text(await ops.render(services.metrics, services.rooms, services.cluster, services.instanceId ?? 'local'), 200, { 'content-type': ops.registry.contentType }));
  return app;
}
