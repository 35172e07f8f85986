import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from './log.ts';
import type { OpsMetrics } from './metrics.ts';

/** Probes and scrapes run every few seconds: logged at debug so they do not bury the requests people make. */
const QUIET = new Set(['/healthz', '/readyz', '/metrics', '/api/health', '/api/time']);

/**
 * One log line and one histogram observation per REST request, labelled by the route pattern
 * that answered (`/api/sessions/:id/run`, never the id itself, so the series stay few).
 */
export function requestLog(logger: Logger, ops: OpsMetrics | undefined): MiddlewareHandler {
  return async (c, next) => {
    const t0 = performance.now();
    await next();
    const seconds = (performance.now() - t0) / 1000;
    const route = matchedRoutes(c)[c.req.routeIndex]?.path ?? 'unmatched';
    const status = c.res.status;
    ops?.http.observe({ method: c.req.method, route, status: String(status) }, seconds);
    const path = new URL(c.req.url).pathname;
    const level = status >= 500 ? 'error' : QUIET.has(path) ? 'debug' : 'info';
    logger.log(level, `${c.req.method} ${path} ${status}`, { event: 'request', method: c.req.method, route, path, status, ms: Math.round(seconds * 1e4) / 10 });
  };
}
