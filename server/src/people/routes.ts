import { Hono } from 'hono';
import type { Context } from 'hono';
import { z } from 'zod';
import { certificates } from '@twinlab/shared/drill/roles';
import type { AppEnv, Services } from '../services.ts';
import { readJson } from '../http/errors.ts';
import { clientOf } from '../http/guards.ts';
import { readDrills } from '../drills/files.ts';
import { progressOf, type DrillStore } from '../drills/store.ts';
import type { Person } from './store.ts';
import { requirePerson } from './auth.ts';
import { board, boardCsv } from './board.ts';
import { readRolePaths } from './paths.ts';
import { DEFAULT_PEOPLE_LIMITS, PeopleGuards, type PeopleLimits } from './limits.ts';
import { hashPassword, newPersonId, newPersonalToken, verifyPassword } from './secrets.ts';

/** A person's name as a lead types it: printable, at most 60 characters. */
export const PersonName = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[^\p{Cc}]+$/u, 'a name has no control characters');
export const NewPersonBody = z.object({ name: PersonName }).strict();
export const LoginBody = z.object({ id: z.string().min(1).max(40), password: z.string().min(1).max(200) }).strict();
export const PasswordBody = z.object({ password: z.string().min(10, 'a password has at least 10 characters').max(200), current: z.string().max(200).optional() }).strict();

const publicPerson = (p: Person) => ({ id: p.id, name: p.name, role: p.role, leadId: p.leadId, createdAt: p.createdAt });

/**
 * People who train and their leads: a lead signs up, adds the people they train and hands each a
 * personal token (shown once; the server keeps its hash); a person may set a password to sign in
 * again elsewhere. Progress is written only for the person a drill session was started by
 * (drills/routes.ts), and a lead sees only their own trainees.
 */
export function peopleRoutes(services: Services, store: DrillStore, limits: PeopleLimits = DEFAULT_PEOPLE_LIMITS): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const guards = new PeopleGuards(limits);
  const tooMany = (c: Context, what: string) => {
    services.metrics.httpRateLimited++;
    return c.json({ error: `${what}: try again later` }, 429);
  };
  const issue = async (p: Person) => {
    const t = newPersonalToken();
    await store.addToken(p.id, t.hash, services.now(), limits.tokensPerPerson);
    return t.token;
  };
  const drillIndex = async () => {
    const { drills } = await readDrills(services);
    return { drills: drills.map((d) => ({ id: d.id, title: d.scenario.drill!.title ?? d.scenario.title })), ids: new Set(drills.map((d) => d.id)) };
  };
  const certificateOf = async (p: Person) => {
    const { ids } = await drillIndex();
    const { paths, problems } = await readRolePaths(services, ids);
    const progress = progressOf(await store.attempts(p.id));
    return { person: publicPerson(p), certificates: paths ? certificates(paths, progress) : [], problems };
  };
  /** The lead's own trainee named in the path, or the response to send. */
  const traineeOf = async (c: Context, lead: Person) => {
    const t = await store.person(c.req.param('person') ?? '');
    return t && t.leadId === lead.id ? t : c.json({ error: `${c.req.param('person')} is not one of the people you train` }, 404);
  };

  app.post('/leads', async (c) => {
    if (!guards.leads.take(clientOf(c), services.now())) return tooMany(c, `this address created ${limits.leadsPerClientPerHour} lead accounts within the hour`);
    const body = await readJson(c, NewPersonBody, 'lead account');
    if (!body.ok) return body.response;
    const lead: Person = { id: newPersonId(), name: body.value.name, role: 'lead', leadId: null, createdAt: services.now() };
    await store.addPerson(lead, limits.traineesPerLead);
    return c.json({ person: publicPerson(lead), token: await issue(lead) }, 201);
  });

  app.post('/login', async (c) => {
    const body = await readJson(c, LoginBody, 'sign-in');
    if (!body.ok) return body.response;
    if (!guards.logins.take(clientOf(c), services.now()) || !guards.logins.take(`person:${body.value.id}`, services.now())) return tooMany(c, 'too many sign-ins');
    const p = await store.person(body.value.id);
    const stored = p ? await store.passwordOf(p.id) : undefined;
    // One answer for an unknown person, a person without a password and a wrong password: none says which.
    if (!p || !stored || !(await verifyPassword(body.value.password, stored))) return c.json({ error: 'the person id or the password is wrong' }, 401);
    return c.json({ person: publicPerson(p), token: await issue(p) });
  });

  app.get('/me', async (c) => {
    const p = await requirePerson(store, c);
    if (p instanceof Response) return p;
    const lead = p.leadId ? await store.person(p.leadId) : undefined;
    return c.json({ person: publicPerson(p), lead: lead ? { id: lead.id, name: lead.name } : null, hasPassword: (await store.passwordOf(p.id)) !== undefined });
  });

  app.post('/me/password', async (c) => {
    const p = await requirePerson(store, c);
    if (p instanceof Response) return p;
    const body = await readJson(c, PasswordBody, 'password');
    if (!body.ok) return body.response;
    if (!guards.logins.take(`person:${p.id}`, services.now())) return tooMany(c, 'too many password changes');
    const stored = await store.passwordOf(p.id);
    // A token found on someone else's screen must not be enough to lock its owner out.
    if (stored && !(body.value.current !== undefined && (await verifyPassword(body.value.current, stored)))) return c.json({ error: 'give your current password (current) to change it' }, 403);
    await store.setPassword(p.id, await hashPassword(body.value.password));
    return c.json({ person: publicPerson(p), hasPassword: true });
  });

  app.get('/me/certificate', async (c) => {
    const p = await requirePerson(store, c);
    return p instanceof Response ? p : c.json(await certificateOf(p));
  });

  app.get('/paths', async (c) => {
    const { drills, ids } = await drillIndex();
    const { paths, problems } = await readRolePaths(services, ids);
    return c.json({ roles: paths?.roles ?? [], drills, problems });
  });

  app.post('/trainees', async (c) => {
    const lead = await requirePerson(store, c, 'lead');
    if (lead instanceof Response) return lead;
    if (!guards.issues.take(lead.id, services.now())) return tooMany(c, `you added or re-issued ${limits.issuesPerMinute} tokens within the minute`);
    const body = await readJson(c, NewPersonBody, 'trainee');
    if (!body.ok) return body.response;
    const t: Person = { id: newPersonId(), name: body.value.name, role: 'trainee', leadId: lead.id, createdAt: services.now() };
    if ((await store.addPerson(t, limits.traineesPerLead)) === 'full') return c.json({ error: `you train ${limits.traineesPerLead} people already, the most one lead may` }, 409);
    return c.json({ person: publicPerson(t), token: await issue(t) }, 201);
  });

  app.get('/trainees', async (c) => {
    const lead = await requirePerson(store, c, 'lead');
    if (lead instanceof Response) return lead;
    const trainees = await store.trainees(lead.id);
    const { drills } = await drillIndex();
    return c.json({ lead: publicPerson(lead), drills, trainees: board(trainees, await store.attemptsOf(trainees.map((t) => t.id))) });
  });

  app.get('/trainees.csv', async (c) => {
    const lead = await requirePerson(store, c, 'lead');
    if (lead instanceof Response) return lead;
    const trainees = await store.trainees(lead.id);
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="twinlab-trainees.csv"');
    // A byte-order mark so a spreadsheet opens the Chinese names as UTF-8.
    return c.body(`\uFEFF${boardCsv(trainees, await store.attemptsOf(trainees.map((t) => t.id)))}`);
  });

  app.post('/trainees/:person/token', async (c) => {
    const lead = await requirePerson(store, c, 'lead');
    if (lead instanceof Response) return lead;
    if (!guards.issues.take(lead.id, services.now())) return tooMany(c, `you added or re-issued ${limits.issuesPerMinute} tokens within the minute`);
    const t = await traineeOf(c, lead);
    if (t instanceof Response) return t;
    await store.dropTokens(t.id);
    return c.json({ person: publicPerson(t), token: await issue(t) });
  });

  app.get('/trainees/:person/certificate', async (c) => {
    const lead = await requirePerson(store, c, 'lead');
    if (lead instanceof Response) return lead;
    const t = await traineeOf(c, lead);
    return t instanceof Response ? t : c.json(await certificateOf(t));
  });

  return app;
}
