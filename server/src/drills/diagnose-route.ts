import type { Context, Hono } from 'hono';
import type { SessionExport } from '@twinlab/shared/replay/export';
import type { Role } from '@twinlab/shared/session/roles';
import type { AppEnv, Services } from '../services.ts';
import { parseUntil } from '../runs/routes.ts';
import type { Room } from '../sync/room.ts';
import type { DrillJobs } from './jobs.ts';
import type { DrillStore } from './store.ts';
import { requirePerson } from '../people/auth.ts';

/**
 * Who may see a session's diagnosis. In a drill it is the training lead's tool, not the trainee's:
 * it names the planted error, so before the drill is graded nobody in the session gets it (the
 * trainee leads their own drill session); after the grade it is part of the after-action review.
 * Outside drills every participant may ask.
 */
export function mayDiagnose(isDrill: boolean, graded: boolean, role: Role): { ok: true } | { ok: false; error: string } {
  void role;
  if (!isDrill || graded) return { ok: true };
  return {
    ok: false,
    error:
      "in a drill the diagnosis is the training lead's tool, not the trainee's: it is shown once the drill is graded (POST …/drill/grade); the lead who trains you sees it meanwhile (GET /api/people/sessions/:id/diagnose with their personal token)",
  };
}

interface Deps {
  services: Services;
  jobs: DrillJobs;
  store: DrillStore;
  roomById: (c: Context<AppEnv>, id: string) => Promise<Room | Response>;
  exportOfRoom: (c: Context<AppEnv>, room: Room) => Promise<SessionExport | Response>;
}

/**
 * GET /api/sessions/:id/diagnose[?until=HH:MM:SS]: configuration errors and likely causes with the
 * run's evidence, for the session's participants (in a drill: once graded). GET
 * /api/people/sessions/:id/diagnose: the same, while the drill runs, for the lead who trains the
 * person running it, with that lead's personal token.
 */
export function registerDiagnoseRoute(app: Hono<AppEnv>, sessions: Hono<AppEnv>, { services, jobs, store, roomById, exportOfRoom }: Deps): void {
  const diagnose = async (c: Context<AppEnv>, room: Room) => {
    const until = parseUntil(c.req.query('until'), room, services.now());
    if (!until.ok) return c.json({ error: until.error }, 400);
    const exp = await exportOfRoom(c, room);
    if (exp instanceof Response) return exp;
    const r = await jobs.diagnose(exp, until.until);
    if (!r.ok) return c.json({ error: r.error }, 422);
    return c.json(r.diagnosis);
  };

  sessions.get('/:id/diagnose', async (c) => {
    const room = await roomById(c, c.var.invitation.sessionId);
    if (room instanceof Response) return room;
    const parsed = room.scenario();
    const isDrill = parsed === undefined || parsed.drill !== undefined; // a text that does not load might be a drill: treat it as one
    const access = mayDiagnose(isDrill, (await store.result(room.id)) !== undefined, c.var.invitation.role);
    if (!access.ok) return c.json({ error: access.error }, 403);
    return diagnose(c, room);
  });

  app.get('/people/sessions/:id/diagnose', async (c) => {
    const lead = await requirePerson(store, c, 'lead');
    if (lead instanceof Response) return lead;
    const id = c.req.param('id');
    const started = await store.startedDrill(id);
    const runner = started?.owner ? await store.person(started.owner.personId) : undefined;
    if (!runner || runner.leadId !== lead.id) return c.json({ error: `session ${id} is not a drill run by one of the people you train` }, 403);
    const room = await roomById(c, id);
    if (room instanceof Response) return room;
    return diagnose(c, room);
  });
}
