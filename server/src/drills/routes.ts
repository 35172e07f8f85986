import { Hono } from 'hono';
import type { Context } from 'hono';
import { z } from 'zod';
import { Id } from '@twinlab/shared/scenario/units';
import { formatScenarioError } from '@twinlab/shared/scenario/parse';
import { readClock, readScenarioText } from '@twinlab/shared/session/layout';
import { simTimeAt } from '@twinlab/shared/session/clock';
import { drillPeriod } from '@twinlab/shared/scenario/drill-check';
import { checkPath, learningPath, type PathDrill } from '@twinlab/shared/drill/path';
import { DrillTracker } from '@twinlab/shared/drill/track';
import { EXERCISE_CONTROLS } from '@twinlab/shared/session/roles';
import { exportSession, type SessionExport } from '@twinlab/shared/replay/export';
import type { AppEnv, Services } from '../services.ts';
import { participant } from '../auth/participant.ts';
import { readJson } from '../http/errors.ts';
import { CapacityError } from '../sync/rooms.ts';
import { createSession } from '../sessions/create.ts';
import { invitationLink } from '../sessions/invitations.ts';
import { reportPage, reportPdf } from '../reports/page.ts';
import { inlineJobs, type DrillJobs } from './jobs.ts';
import { registerDiagnoseRoute } from './diagnose-route.ts';
import type { Room } from '../sync/room.ts';
import { publishedDrill, readDrills, type DrillFile } from './files.ts';
import { SqliteDrillStore } from './sqlite-store.ts';
import { progressOf, type DrillStore } from './store.ts';
import { ownerOf, solutionFor } from './owner.ts';
import { peopleRoutes } from '../people/routes.ts';
import type { PeopleLimits } from '../people/limits.ts';
import { clientOf, type Guards } from '../http/guards.ts';
import { personOf } from '../people/auth.ts';
import { actionsOf } from '../people/honest.ts';

export interface DrillDeps {
  store: DrillStore;
  jobs: DrillJobs;
  /** Accounts' limits (absent: DEFAULT_PEOPLE_LIMITS). */
  peopleLimits?: PeopleLimits;
}

const pathDrill = (d: DrillFile): PathDrill => ({ id: d.id, title: d.scenario.drill!.title ?? d.scenario.title, level: d.scenario.drill!.level, prerequisites: d.scenario.drill!.prerequisites });

/** A drill as the trainee may see it before starting: no hint texts. */
function summary(d: DrillFile) {
  const drill = d.scenario.drill!;
  const tracker = new DrillTracker(d.scenario, drill);
  return {
    ...pathDrill(d),
    brief: drill.brief,
    timeLimit: drill.timeLimit,
    objectives: tracker.objectives.map((o) => ({ id: o.id, title: o.title, when: o.when, weight: o.weight })),
    hints: drill.hints.length,
  };
}

/** With a personal token (Authorization: Bearer tlp_…) the drill is the person's and `trainee` is not needed; without one it is a guest's practice. */
export const StartBody = z.object({ trainee: z.string().trim().min(1).max(100).optional(), seed: z.int().min(0).max(0xffffffff).optional() }).strict();
export const HintBody = z.object({ hint: z.int().min(0) }).strict();

/**
 * Drills on the server: the catalogue and learning path, starting a drill session, hints,
 * grading from the recorded inputs (never the browser's word), the session export, the
 * after-action report and saved scenario versions.
 */
export function drillRoutes(services: Services, deps: DrillDeps = { store: new SqliteDrillStore(':memory:'), jobs: inlineJobs() }, guards?: Guards): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store, jobs } = deps;

  app.get('/drills', async (c) => {
    const { drills, problems } = await readDrills(services);
    return c.json({ drills: drills.map(summary), problems: [...problems, ...checkPath(drills.map(pathDrill))] });
  });

  app.post('/drills/:drill/sessions', async (c) => {
    // A drill start is a session: the same per-address limit as POST /api/sessions.
    if (guards && !guards.sessions.take(clientOf(c), services.now())) {
      services.metrics.httpRateLimited++;
      return c.json({ error: `this address created ${guards.limits.sessionsPerClient} sessions within the hour (TWINLAB_SESSIONS_PER_CLIENT): try again later` }, 429);
    }
    const who = await personOf(store, c);
    if (who && !who.ok) return c.json({ error: who.error }, who.status);
    const body = await readJson(c, StartBody, 'drill start');
    if (!body.ok) return body.response;
    const person = who?.person;
    const trainee = person?.name ?? body.value.trainee;
    if (trainee === undefined) return c.json({ error: 'who trains? send your personal token (Authorization: Bearer tlp_…), or a trainee name for practice as a guest' }, 400);
    const id = Id.safeParse(c.req.param('drill'));
    const d = id.success ? (await readDrills(services)).drills.find((x) => x.id === id.data) : undefined;
    if (!d) return c.json({ error: `no drill "${c.req.param('drill')}" in scenarios/drills` }, 404);
    // The trainee runs their own session: they are its lead (clock, commands), alone or with invited colleagues.
    const created = await createSession(services, { scenarioYaml: d.sealed, leadName: trainee, ...(body.value.seed !== undefined ? { seed: body.value.seed } : {}) });
    if (!created.ok) return c.json({ error: created.error }, created.status);
    const lead = await services.signer.verify(created.token, services.now());
    // The invitation the person gets is the only one that writes their progress from this session.
    await store.startDrill(created.meta.id, d.id, d.text, person && lead.ok ? { personId: person.id, jti: lead.invitation.jti } : undefined);
    const origin = new URL(c.req.url).origin;
    return c.json(
      {
        session: created.meta,
        role: 'lead',
        name: trainee,
        person: person ? { id: person.id, name: person.name } : null,
        token: created.token,
        expiresAt: created.expiresAt,
        link: invitationLink(origin, created.meta.id, created.token),
        syncPath: `/sync/${created.meta.id}`,
      },
      201,
    );
  });

  const sessions = new Hono<AppEnv>();
  sessions.use('/:id/*', participant(services));

  const roomById = async (c: Context<AppEnv>, id: string): Promise<Room | Response> => {
    try {
      const room = await services.rooms.get(id);
      return room ?? c.json({ error: `session ${id} does not exist` }, 404);
    } catch (e) {
      if (e instanceof CapacityError) return c.json({ error: `${e.message}; try again later` }, 503);
      throw e;
    }
  };
  const roomOf = (c: Context<AppEnv>) => roomById(c, c.var.invitation.sessionId);
  const exportOfRoom = async (c: Context<AppEnv>, room: Room): Promise<SessionExport | Response> => {
    try {
      return exportSession(room.doc, await store.hints(room.id), services.now());
    } catch (e) {
      return c.json({ error: (e as Error).message }, 409);
    }
  };
  const exportOf = async (c: Context<AppEnv>): Promise<SessionExport | Response> => {
    const room = await roomOf(c);
    if (room instanceof Response) return room;
    return exportOfRoom(c, room);
  };
  /** The session's drill, or a response saying why there is none. */
  const drillOf = async (c: Context<AppEnv>) => {
    const room = await roomOf(c);
    if (room instanceof Response) return room;
    const text = readScenarioText(room.doc);
    const parsed = services.parseScenario(text, 'session scenario');
    if (!parsed.ok) return c.json({ error: `the session's scenario does not load: ${parsed.errors.map(formatScenarioError).join('; ')}` }, 409);
    const drill = parsed.scenario.drill;
    if (!drill) return c.json({ error: `scenario ${parsed.scenario.id} is not a drill` }, 404);
    const clock = readClock(room.doc);
    // A published drill's session holds its hints sealed: their texts come from the drill file.
    const published = (await publishedDrill(services, text, await store.startedDrill(room.id)))?.scenario.drill;
    const hintText = (i: number) => (published ?? drill).hints[i]?.text ?? '';
    return { room, scenario: parsed.scenario, drill, hintText, simNow: clock ? simTimeAt(clock, services.now()) : parsed.scenario.window.start };
  };

  registerDiagnoseRoute(app, sessions, { services, jobs, store, roomById, exportOfRoom });

  sessions.get('/:id/drill', async (c) => {
    const d = await drillOf(c);
    if (d instanceof Response) return d;
    const { start, end } = drillPeriod(d.scenario, d.drill);
    const used = await store.hints(d.room.id);
    const tracker = new DrillTracker(d.scenario, d.drill);
    return c.json({
      id: d.scenario.id,
      title: d.drill.title ?? d.scenario.title,
      brief: d.drill.brief,
      level: d.drill.level,
      start,
      end,
      timeLimit: d.drill.timeLimit,
      simNow: d.simNow,
      objectives: tracker.objectives.map((o, i) => ({ id: o.id, title: o.title, when: o.when, weight: o.weight, check: d.drill.objectives[i]!.check })),
      hints: d.drill.hints.map((h, i) => {
        const auto = h.after !== undefined && d.simNow >= start + h.after;
        const asked = used.find((u) => u.hint === i);
        const revealed = auto || asked !== undefined;
        return {
          index: i,
          cost: h.cost,
          showsAt: h.after === undefined ? null : start + h.after,
          revealed,
          ...(revealed ? { text: d.hintText(i) } : {}),
          ...(asked ? { askedBy: asked.actor, askedAt: asked.at } : {}),
        };
      }),
      hintsAsked: used,
      result: (await store.result(d.room.id)) ?? null,
    });
  });

  sessions.post('/:id/drill/hints', async (c) => {
    const inv = c.var.invitation;
    if (inv.role === 'observer') return c.json({ error: 'observers cannot ask for hints' }, 403);
    const body = await readJson(c, HintBody, 'hint request');
    if (!body.ok) return body.response;
    const d = await drillOf(c);
    if (d instanceof Response) return d;
    const hint = d.drill.hints[body.value.hint];
    if (!hint) return c.json({ error: `hint ${body.value.hint} does not exist: the drill has ${d.drill.hints.length} (0–${d.drill.hints.length - 1})` }, 400);
    const { record, added } = await store.addHint(d.room.id, { hint: body.value.hint, actor: inv.name, at: d.simNow });
    return c.json({ ...record, text: d.hintText(body.value.hint), cost: hint.cost }, added ? 201 : 200);
  });

  sessions.post('/:id/drill/grade', async (c) => {
    const exp = await exportOf(c);
    if (exp instanceof Response) return exp;
    const graded = await jobs.grade(exp);
    if (!graded.ok) return c.json({ error: graded.error }, 422);
    const inv = c.var.invitation;
    const started = await store.startedDrill(inv.sessionId);
    const published = await publishedDrill(services, exp.scenarioText, started);
    const owner = ownerOf(inv, started);
    // Progress belongs to the person who started the drill, on the drill as published and as it was set:
    // an observer's or a colleague's grade, an edited drill, or one whose load or faults were changed is practice.
    const uncounted =
      inv.role === 'observer' ? 'observer' : !owner.self ? 'not_owner' : published === undefined ? 'edited' : exp.commands.some((c) => EXERCISE_CONTROLS.includes(c.command.type)) ? 'controls' : null;
    const counted = uncounted === null;
    const actions = actionsOf(exp, graded.result.end);
    await store.saveResult(inv.sessionId, owner.key, graded.result, services.now(), counted ? { actions } : false);
    const solution = published ? await solutionFor(store, inv.sessionId, owner, published.id, published.solution) : null;
    return c.json({ result: graded.result, person: inv.name, personId: owner.personId, counted, uncounted, actions, solution });
  });

  sessions.get('/:id/drill/result', async (c) => {
    const r = await store.result(c.var.invitation.sessionId);
    if (!r) return c.json({ error: 'this session has not been graded yet: POST …/drill/grade' }, 404);
    const room = await roomOf(c);
    if (room instanceof Response) return c.json({ result: r, solution: null });
    const started = await store.startedDrill(room.id);
    const published = await publishedDrill(services, readScenarioText(room.doc), started);
    return c.json({ result: r, solution: published ? await solutionFor(store, room.id, ownerOf(c.var.invitation, started), published.id, published.solution) : null });
  });

  sessions.get('/:id/drill/path', async (c) => {
    const { drills, problems } = await readDrills(services);
    const person = c.var.invitation.name;
    const progress = progressOf(await store.attempts(ownerOf(c.var.invitation, await store.startedDrill(c.var.invitation.sessionId)).key));
    return c.json({ person, path: learningPath(drills.map(pathDrill), progress).map((s) => ({ ...s, attempts: progress.get(s.id)?.attempts ?? 0 })), problems });
  });

  sessions.get('/:id/export', async (c) => {
    const exp = await exportOf(c);
    if (exp instanceof Response) return exp;
    c.header('content-disposition', `attachment; filename="twinlab-session-${exp.session.id}.json"`);
    return c.json(exp);
  });

  const report = async (c: Context<AppEnv>) => {
    const exp = await exportOf(c);
    if (exp instanceof Response) return { response: exp };
    const r = await jobs.report(exp);
    return r.ok ? { report: r.report } : { response: c.json({ error: r.error }, 422) };
  };

  sessions.get('/:id/aar', async (c) => {
    const r = await report(c);
    if ('response' in r) return r.response;
    if (c.req.query('download') !== undefined) c.header('content-disposition', `attachment; filename="twinlab-report-${r.report.session.id}.json"`);
    return c.json(r.report);
  });

  sessions.get('/:id/aar.html', async (c) => {
    const r = await report(c);
    return 'response' in r ? r.response : reportPage(c, r.report);
  });

  sessions.get('/:id/aar.pdf', async (c) => {
    const r = await report(c);
    return 'response' in r ? r.response : reportPdf(c, r.report);
  });

  sessions.post('/:id/scenario/versions', async (c) => {
    const inv = c.var.invitation;
    if (inv.role !== 'lead') return c.json({ error: 'only the lead saves versions of the scenario' }, 403);
    const room = await roomOf(c);
    if (room instanceof Response) return room;
    const text = readScenarioText(room.doc);
    const parsed = services.parseScenario(text, 'session scenario');
    if (!parsed.ok) return c.json({ error: 'the scenario has errors: fix them before saving', errors: parsed.errors }, 400);
    const saved = await store.saveVersion({ scenarioId: parsed.scenario.id, text, author: inv.name, savedAt: services.now(), fromSession: room.id });
    return c.json({ version: saved }, 201);
  });

  sessions.get('/:id/scenario/versions', async (c) => {
    const room = await roomOf(c);
    if (room instanceof Response) return room;
    const parsed = services.parseScenario(readScenarioText(room.doc), 'session scenario');
    if (!parsed.ok) return c.json({ versions: [] });
    return c.json({ versions: (await store.versions(parsed.scenario.id)).map(({ text: _t, ...v }) => v) });
  });

  app.route('/sessions', sessions);
  app.route('/people', peopleRoutes(services, store, deps.peopleLimits));
  return app;
}
