import type { Context } from 'hono';
import type { z } from 'zod';
import { describeIssues, summarizeIssues } from '@twinlab/shared/session/issues';

/** Read a JSON body and validate it; on failure the response says what is wrong and where. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T, what: string): Promise<{ ok: true; value: z.output<T> } | { ok: false; response: Response }> {
  let body: unknown;
  try {
    const text = await c.req.text();
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch (e) {
    return { ok: false, response: c.json({ error: `the ${what} is not valid JSON: ${e instanceof Error ? e.message : String(e)}` }, 400) };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = describeIssues(parsed.error, '');
  return { ok: false, response: c.json({ error: `invalid ${what}: ${summarizeIssues(issues)}`, issues }, 400) };
}
