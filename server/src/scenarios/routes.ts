import { Hono } from 'hono';
import type { AppEnv, Services } from '../services.ts';
import { listScenarios, readScenarioFile } from './catalog.ts';

/** Scenario files: list them, read one, validate a text (the editor's "check" button). */
export function scenarioRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => c.json({ scenarios: await listScenarios(services.scenariosDir, services.parseScenario) }));

  app.get('/:id', async (c) => {
    const found = await readScenarioFile(services.scenariosDir, c.req.param('id'));
    if (!found) return c.json({ error: `no scenario "${c.req.param('id')}"` }, 404);
    const parsed = services.parseScenario(found.text, found.file);
    return c.json({ id: c.req.param('id'), file: found.file, yaml: found.text, ...(parsed.ok ? { ok: true, warnings: parsed.warnings } : { ok: false, errors: parsed.errors }) });
  });

  /** Body: the YAML text itself (any content type), or JSON {"yaml": "...", "file": "name.yaml"}. */
  app.post('/validate', async (c) => {
    let text = await c.req.text();
    let file = c.req.query('file') ?? '<request>';
    if ((c.req.header('content-type') ?? '').includes('application/json')) {
      try {
        const body = JSON.parse(text) as { yaml?: unknown; file?: unknown };
        if (typeof body.yaml !== 'string') return c.json({ error: 'send {"yaml": "<scenario text>"} or the YAML itself as text/yaml' }, 400);
        text = body.yaml;
        if (typeof body.file === 'string') file = body.file;
      } catch (e) {
        return c.json({ error: `the body is not valid JSON: ${e instanceof Error ? e.message : String(e)}` }, 400);
      }
    }
    const parsed = services.parseScenario(text, file);
    return parsed.ok ? c.json({ ok: true, id: parsed.scenario.id, title: parsed.scenario.title, warnings: parsed.warnings }) : c.json({ ok: false, errors: parsed.errors }, 422);
  });
  return app;
}
