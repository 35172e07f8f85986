import type { Context, Hono } from 'hono';
import { formatClock, parseClock } from '@twinlab/shared/scenario/units';
import { readClock, readMeta, readScenarioText } from '@twinlab/shared/session/layout';
import { simTimeAt } from '@twinlab/shared/session/clock';
import type { AppEnv, Services } from '../services.ts';
import type { Room } from '../sync/room.ts';
import type { RunInputs } from './headless.ts';
import type { Guards } from '../http/guards.ts';
import { DEFAULT_RUN_LIMITS, planRun } from './limits.ts';

/** ?until=HH:MM[:SS[.ffffff]] or integer µs since midnight; without it, the shared clock's time now. */
export function parseUntil(raw: string | undefined, room: Room, nowMs: number): { ok: true; until: number } | { ok: false; error: string } {
  if (raw === undefined || raw === '') {
    const clock = readClock(room.doc);
    return clock ? { ok: true, until: simTimeAt(clock, nowMs) } : { ok: false, error: 'the session has no clock: give ?until=' };
  }
  if (/^\d+$/.test(raw)) return { ok: true, until: Number(raw) };
  const us = parseClock(raw);
  return us === undefined ? { ok: false, error: `until="${raw}" is neither HH:MM:SS nor microseconds since midnight` } : { ok: true, until: us };
}

/** Headless runs and reports: the server runs the same engine over the session's inputs. */
export function registerRunRoutes(app: Hono<AppEnv>, services: Services, guards: Guards, roomOf: (c: Context<AppEnv>) => Promise<Room | Response>): void {
  const run = async (c: Context<AppEnv>) => {
    const room = await roomOf(c);
    if (room instanceof Response) return { response: room };
    const until = parseUntil(c.req.query('until'), room, services.now());
    if (!until.ok) return { response: c.json({ error: until.error }, 400) };
    const meta = readMeta(room.doc);
    if (!meta) return { response: c.json({ error: 'the session document has no settings (meta)' }, 409) };
    const commands = [...room.commands()];
    const scenario = room.scenario();
    // A scenario that does not parse is reported by the run itself (422 with the errors).
    const plan = scenario ? planRun(scenario, commands, until.until, services.runLimits ?? DEFAULT_RUN_LIMITS) : { ok: true as const, until: until.until, orders: 0, heavy: true };
    if (!plan.ok) {
      services.metrics.runsRefused++;
      return { response: c.json({ error: plan.error }, 422) };
    }
    // Each session gets a few runs in the one worker's queue, so one participant cannot hold everyone's.
    if (!guards.runs.take(room.id)) {
      services.metrics.runsRefused++;
      const n = guards.runs.max;
      return { response: c.json({ error: `this session already has ${n} runs running or waiting (TWINLAB_RUNS_PER_SESSION=${n}): wait for them` }, 429) };
    }
    const inputs: RunInputs = { scenarioText: readScenarioText(room.doc), seed: meta.seed, commands, until: plan.until };
    const result = await services.runner.run(inputs, { heavy: plan.heavy }).finally(() => guards.runs.give(room.id));
    if (!result.ok) return { response: c.json({ error: result.error }, 422) };
    return { room, meta, inputs, output: result.output, ...(plan.clampedTo ? { clampedTo: plan.clampedTo } : {}) };
  };

  app.get('/:id/run', async (c) => {
    const r = await run(c);
    if ('response' in r) return r.response;
    return c.json({
      sessionId: r.meta.id,
      scenarioHash: r.meta.scenarioHash,
      seed: r.meta.seed,
      untilClock: formatClock(r.output.until),
      ...r.output,
      ...(r.clampedTo ? { clampedTo: r.clampedTo } : {}),
    });
  });

  app.get('/:id/report', async (c) => {
    const r = await run(c);
    if ('response' in r) return r.response;
    const { output, inputs, meta } = r;
    const byActor = new Map<string, number>();
    inputs.commands.forEach((cmd) => byActor.set(cmd.actor, (byActor.get(cmd.actor) ?? 0) + 1));
    return c.json({
      session: meta,
      until: output.until,
      untilClock: formatClock(output.until),
      stateHash: output.stateHash,
      metrics: output.metrics,
      commands: inputs.commands.map((cmd) => ({ ...cmd, atClock: formatClock(cmd.at), applied: cmd.at <= output.until })),
      participants: [...byActor].map(([actor, commands]) => ({ actor, commands })),
      runbook: r.room.doc.getMap('runbook').toJSON(),
      notes: r.room.doc.getArray('chat').toJSON(),
    });
  });
}
