import { Hono } from 'hono';
import type { AppEnv, Services } from '../services.ts';
import { listScenarios, readScenarioFile } from './catalog.ts';
import type { Guards } from '../http/guards.ts';
import { clientOf } from '../http/guards.ts';
import { MAX_SCENARIO_CHARS } from '../judge/judge.ts';

/** Scenario files: list them, read one, validate a text (the editor's "check" button). */
export function scenarioRoutes(services: Services, guards: Guards): Hono<AppEnv> {
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
    if (!guards.validations.take(clientOf(c), services.now())) {
      services.metrics.httpRateLimited++;
      return c.json({ error: `more than ${guards.limits.validationsPerMinute} validations a minute from this address (TWINLAB_VALIDATIONS_PER_MINUTE): try again in a minute` }, 429);
    }
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
    // No larger than a session may hold: nothing bigger could be used, and parsing costs time.
    if (text.length > MAX_SCENARIO_CHARS)
      return c.json({ error: `the scenario text has ${text.length} characters; at most ${MAX_SCENARIO_CHARS} characters are validated (the most a session holds)` }, 413);
    const parsed = await (services.parseInWorker ?? services.parseScenario)(text, file);
    return parsed.ok ? c.json({ ok: true, id: parsed.scenario.id, title: parsed.scenario.title, warnings: parsed.warnings }) : c.json({ ok: false, errors: parsed.errors }, 422);
  });
  return app;
}
