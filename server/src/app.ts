import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv, Services } from './services.ts';
import { sessionRoutes } from './sessions/routes.ts';
import { scenarioRoutes } from './scenarios/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { registerSyncRoute } from './sync/route.ts';
import { webRoutes } from './web/routes.ts';
import { drillRoutes } from './drills/routes.ts';
import { requestLog } from './ops/requests.ts';
import { openApiRoutes } from './openapi/routes.ts';
import { createLogger } from './ops/log.ts';
import { Guards, DEFAULT_ABUSE_LIMITS } from './http/guards.ts';
import { secureHeaders } from './http/headers.ts';
import { errorCodes } from './http/errors.ts';

/** The whole HTTP surface, built from its dependencies (tests call app.request() without a port). */
export function createApp(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const logger = services.logger ?? createLogger('json', {}, undefined, 'warn');
  const guards = new Guards(services.abuse ?? DEFAULT_ABUSE_LIMITS);
  app.use('*', secureHeaders());
  app.use(requestLog(logger, services.ops));
  // First, so it also sees the body limit's 413 and the fallback 404.
  app.use('/api/*', errorCodes());
  app.use('/api/*', bodyLimit({ maxSize: services.limits.maxBodyBytes, onError: (c) => c.json({ error: `the request body exceeds ${services.limits.maxBodyBytes} bytes` }, 413) }));
  app.route('/', healthRoutes(services));
  app.route('/', openApiRoutes());
  app.route('/api/scenarios', scenarioRoutes(services, guards));
  app.route('/api/sessions', sessionRoutes(services, guards));
  app.route('/api', services.drills ? drillRoutes(services, services.drills, guards) : drillRoutes(services, undefined, guards));
  registerSyncRoute(app, services, guards);
  app.all('/api/*', (c) => c.json({ error: `no API route ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  app.route('/', webRoutes(services));
  app.onError((err, c) => {
    logger.error('request failed', { event: 'request_error', method: c.req.method, path: new URL(c.req.url).pathname, err });
    return c.json({ error: 'internal error: see the server log' }, 500);
  });
  return app;
}
