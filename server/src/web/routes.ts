import { Hono } from 'hono';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppEnv, Services } from '../services.ts';

/**
 * The browser lab: client/dist when it has been built (any path that is not a file gets
 * index.html, so the lab's own routes such as /session/:id work on reload), otherwise a plain
 * page that says how to build it and lists the API.
 */
export function webRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const dir = services.clientDir;
  if (dir && existsSync(join(dir, 'index.html'))) {
    const root = relative(process.cwd(), dir) || '.';
    app.use('/*', serveStatic({ root }));
    app.get('/*', async (c) => c.html(await readFile(join(dir, 'index.html'), 'utf8')));
  } else {
    app.get('/*', (c) => c.html(FALLBACK));
  }
  return app;
}

const FALLBACK = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TwinLab server</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem}code{background:#f2f2f2;padding:0 .25rem}</style></head>
<body><h1>TwinLab server</h1>
<p>The server is running, but the browser lab is not built: run <code>npm run build -w @twinlab/client</code> and reload.</p>
<h2>API</h2><ul>
<li><code>GET /api/scenarios</code>, <code>POST /api/scenarios/validate</code></li>
<li><code>POST /api/sessions</code> {scenarioId, leadName} → a lead token; <code>GET /api/sessions</code></li>
<li><code>GET /api/sessions/:id</code>, <code>POST /api/sessions/:id/invitations</code>, <code>POST /api/sessions/:id/commands</code>, <code>POST /api/sessions/:id/clock</code> (Authorization: Bearer &lt;token&gt;)</li>
<li><code>GET /api/sessions/:id/run?until=HH:MM:SS</code>, <code>GET /api/sessions/:id/report</code></li>
<li><code>ws /sync/:id?token=…</code> — the y-websocket protocol</li>
<li><code>GET /healthz</code>, <code>GET /metrics</code></li></ul></body></html>`;
