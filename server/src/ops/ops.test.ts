import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { testServices } from '../../test/support/services.ts';
import { OpsMetrics } from './metrics.ts';
import { createLogger } from './log.ts';

/** What an operator reads: /metrics in the Prometheus format, and one JSON log line per event. */
function appWithOps() {
  const lines: string[] = [];
  const ops = new OpsMetrics();
  const base = testServices({ now: Date.now() });
  const services = { ...base, ops, runner: ops.timeRuns(base.runner) };
  const logger = createLogger('json', { instance: 'unit' }, (l) => lines.push(l), 'info');
  return { app: createApp({ ...services, logger }), lines, ops };
}
const logs = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('metrics', () => {
  it('expose the process and Node.js metrics, per-route latency, rooms, commands and runs', async () => {
    const { app } = appWithOps();
    const created = await app.request('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenarioId: 'chain-5hop', leadName: 'Li' }) });
    const s = (await created.json()) as { session: { id: string }; token: string };
    const auth = { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' };
    expect((await app.request(`/api/sessions/${s.session.id}/commands`, { method: 'POST', headers: auth, body: JSON.stringify({ type: 'restart_node', node: 'counter' }) })).status).toBe(201);
    expect((await app.request(`/api/sessions/${s.session.id}/run?until=09:31:00`, { headers: auth })).status).toBe(200);

    const res = await app.request('/metrics');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    // Labelled by the route pattern, not the session id.
    expect(text).toMatch(/^twinlab_http_request_duration_seconds_count\{method="POST",route="\/api\/sessions\/:id\/commands",status="201"\} 1$/m);
    expect(text).toMatch(/^twinlab_http_request_duration_seconds_count\{method="POST",route="\/api\/sessions",status="201"\} 1$/m);
    expect(text).not.toContain(s.session.id);
    expect(text).toMatch(/^twinlab_sessions_loaded 1$/m);
    expect(text).toMatch(/^twinlab_commands_accepted_total 1$/m);
    expect(text).toMatch(/^twinlab_runs_total\{outcome="ok"\} 1$/m);
    expect(text).toMatch(/^twinlab_run_seconds_count 1$/m);
    expect(text).toMatch(/^twinlab_instance_info\{instance_id="local",mode="single"\} 1$/m);
  });
});

describe('logs', () => {
  it('write one JSON line per request with its level, route and status; probes only at debug', async () => {
    const { app, lines } = appWithOps();
    await app.request('/api/scenarios');
    await app.request('/api/sessions/nope', { headers: { authorization: 'Bearer x' } });
    await app.request('/healthz');
    const requests = logs(lines).filter((l) => l.event === 'request');
    expect(requests.map((l) => [l.level, l.route, l.status])).toEqual([
      ['info', '/api/scenarios', 200],
      // The participant check answered: its pattern is the label.
      ['info', '/api/sessions/:id/*', 401],
    ]);
    expect(requests[0]).toMatchObject({ instance: 'unit', msg: 'GET /api/scenarios 200', method: 'GET' });
    expect(typeof requests[0]!.time).toBe('string');
  });

  it('log an error that escapes a route with its stack, at level error, and answer 500 without it', async () => {
    const lines: string[] = [];
    const logger = createLogger('json', {}, (l) => lines.push(l), 'info');
    const services = { ...testServices({ now: Date.now() }), logger };
    services.storage.createSession = async () => {
      throw new TypeError('storage vanished');
    };
    const res = await createApp(services).request('/api/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenarioId: 'chain-5hop', leadName: 'Li' }),
    });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('storage vanished');
    const error = logs(lines).find((l) => l.event === 'request_error') as { level: string; err: { type: string; message: string; stack: string } };
    expect(error.level).toBe('error');
    expect(error.err).toMatchObject({ type: 'TypeError', message: 'storage vanished' });
    expect(error.err.stack).toMatch(/ops\.test\.ts/);
  });

  it('drop lines below LOG_LEVEL and write plain lines for a terminal', () => {
    const lines: string[] = [];
    const warn = createLogger('text', { instance: 'a' }, (l) => lines.push(l), 'warn');
    warn.info('listening', { port: 1 });
    warn.warn('postgres: idle connection lost', { session: 's1' });
    warn.error('shutdown failed', { err: new Error('pool closed') });
    expect(lines[0]).toBe('warn: postgres: idle connection lost (instance=a session=s1)');
    expect(lines[1]).toMatch(/^error: shutdown failed \(instance=a\)\nError: pool closed\n\s+at /);
    expect(lines).toHaveLength(2);
  });
});
