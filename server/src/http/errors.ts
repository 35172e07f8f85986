import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { describeIssues, summarizeIssues } from '@twinlab/shared/session/issues';
import type { ErrorCode } from '@twinlab/shared/session/error-codes';

// Error responses carry `code`, a key the lab translates, next to the English `error` sentence
// that says what and where; clients that read only `error` are unchanged.

/** The code an error response gets when its route did not name one: from the HTTP status. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'too_large';
    case 429:
      return 'rate_limited';
    case 503:
      return 'unavailable';
    default:
      return status >= 500 ? 'internal' : 'bad_request';
  }
}

/**
 * Adds `code` to every JSON error response under it that lacks one, so each route's errors carry
 * a key without each route naming it. Only error responses are read, and only when small.
 */
export function errorCodes(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (res.status < 400 || !(res.headers.get('content-type') ?? '').includes('application/json')) return;
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > 64 * 1024) return;
    const body = (await res
      .clone()
      .json()
      .catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof body['error'] !== 'string' || 'code' in body) return;
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    c.res = new Response(JSON.stringify({ ...body, code: codeForStatus(res.status) }), { status: res.status, headers });
  };
}

/** Read a JSON body and validate it; on failure the response says what is wrong and where. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T, what: string): Promise<{ ok: true; value: z.output<T> } | { ok: false; response: Response }> {
  let body: unknown;
  try {
    const text = await c.req.text();
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch (e) {
    return { ok: false, response: c.json({ error: `the ${what} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, code: 'invalid_json' satisfies ErrorCode }, 400) };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = describeIssues(parsed.error, '');
  return { ok: false, response: c.json({ error: `invalid ${what}: ${summarizeIssues(issues)}`, code: 'invalid_body' satisfies ErrorCode, issues }, 400) };
}
