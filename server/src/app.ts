import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv, Services } from './services.ts';
import { sessionRoutes } from './sessions/routes.ts';
import { scenarioRoutes } from './scenarios/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { registerSyncRoute } from './sync/route.ts';
import { webRoutes } from './web/routes.ts';
import { drillRoutes } from './drills/routes.ts';
import { errorCodes } from './http/errors.ts';

/** The whole HTTP surface, built from its dependencies (tests call app.request() without a port). */
export function createApp(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // First, so it also sees the body limit's 413 and the fallback 404.
  app.use('/api/*', errorCodes());
  app.use(
    '/api/*',
    bodyLimit({ maxSize: services.limits.maxBodyBytes, onError: (c) => c.json({ error: `the request body exceeds ${services.limits.maxBodyBytes} bytes` }, 413) }),
  );
  app.route('/', healthRoutes(services));
  app.route('/api/scenarios', scenarioRoutes(services));
  app.route('/api/sessions', sessionRoutes(services));
  app.route('/api', services.drills ? drillRoutes(services, services.drills) : drillRoutes(services));
  registerSyncRoute(app, services);
  app.all('/api/*', (c) => c.json({ error: `no API route ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  app.route('/', webRoutes(services));
  app.onError((err, c) => {
    console.error(`${c.req.method} ${new URL(c.req.url).pathname}:`, err);
    return c.json({ error: 'internal error: see the server log' }, 500);
  });
  return app;
}
