import { Hono } from 'hono';
import type { AppEnv } from '../services.ts';
import { openApiDocument } from './spec.ts';

const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

/** The description as a page: no script and nothing from elsewhere, so it works offline and behind strict CSPs. */
function docsPage(doc: ReturnType<typeof openApiDocument>): string {
  const paths = doc.paths as Record<string, Record<string, { summary: string; tags: string[]; security?: unknown; requestBody?: unknown; responses: Record<string, { description: string }> }>>;
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const responses = Object.entries(op.responses)
        .map(([code, r]) => `<li><code>${code}</code> ${esc(r.description)}</li>`)
        .join('');
      const body = op.requestBody ? `<details><summary>请求体 / request body</summary><pre>${esc(JSON.stringify(op.requestBody, null, 2))}</pre></details>` : '';
      const row = `<section><h3><code class="m">${method.toUpperCase()}</code> <code>${esc(path)}</code>${op.security ? ' 🔑' : ''}</h3><p>${esc(op.summary)}</p>${body}<ul>${responses}</ul></section>`;
      const tag = op.tags[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), row]);
    }
  }
  const sections = [...byTag].map(([tag, rows]) => `<h2>${esc(tag)}</h2>${rows.join('')}`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>TwinLab API</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}section{border-top:1px solid #ddd;padding:.3rem 0}h3{margin:.4rem 0;font-size:1rem}.m{color:#0550ae}pre{background:#f6f8fa;padding:.5rem;overflow:auto}</style></head>
<body><h1>TwinLab REST API</h1><p>接口说明（OpenAPI 3.1）：<a href="/openapi.json">/openapi.json</a>。🔑 需要邀请令牌 / needs the invitation token: <code>Authorization: Bearer &lt;token&gt;</code>.</p>${sections}</body></html>`;
}

/** GET /openapi.json (OpenAPI 3.1, made from the routes' zod schemas) and GET /api/docs. */
export function openApiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const doc = openApiDocument();
  const page = docsPage(doc);
  app.get('/openapi.json', (c) => c.json(doc));
  app.get('/api/docs', (c) => c.html(page));
  return app;
}
