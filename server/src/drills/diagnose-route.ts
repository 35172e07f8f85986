import type { Context, Hono } from 'hono';
import type { SessionExport } from '@twinlab/shared/replay/export';
import type { Role } from '@twinlab/shared/session/roles';
import type { AppEnv, Services } from '../services.ts';
import { parseUntil } from '../runs/routes.ts';
import type { Room } from '../sync/room.ts';
import type { DrillJobs } from './jobs.ts';
import type { DrillStore } from './store.ts';

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
      "in a drill the diagnosis is the training lead's tool, not the trainee's: it is shown once the drill is graded (POST …/drill/grade); a lead diagnoses a recorded session with npm run diagnose -- <session export>",
  };
}

interface Deps {
  services: Services;
  jobs: DrillJobs;
  store: DrillStore;
  roomOf: (c: Context<AppEnv>) => Promise<Room | Response>;
  exportOf: (c: Context<AppEnv>) => Promise<SessionExport | Response>;
}

/** GET /api/sessions/:id/diagnose[?until=HH:MM:SS]: configuration errors and likely causes with the run's evidence. */
export function registerDiagnoseRoute(sessions: Hono<AppEnv>, { services, jobs, store, roomOf, exportOf }: Deps): void {
  sessions.get('/:id/diagnose', async (c) => {
    const room = await roomOf(c);
    if (room instanceof Response) return room;
    const parsed = room.scenario();
    const isDrill = parsed === undefined || parsed.drill !== undefined; // a text that does not load might be a drill: treat it as one
    const access = mayDiagnose(isDrill, (await store.result(room.id)) !== undefined, c.var.invitation.role);
    if (!access.ok) return c.json({ error: access.error }, 403);
    const until = parseUntil(c.req.query('until'), room, services.now());
    if (!until.ok) return c.json({ error: until.error }, 400);
    const exp = await exportOf(c);
    if (exp instanceof Response) return exp;
    const r = await jobs.diagnose(exp, until.until);
    if (!r.ok) return c.json({ error: r.error }, 422);
    return c.json(r.diagnosis);
  });
}
