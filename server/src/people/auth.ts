import type { Context } from 'hono';
import type { PeopleStore, Person } from './store.ts';
import { TOKEN_PREFIX, tokenHash } from './secrets.ts';

export type PersonCheck = { ok: true; person: Person } | { ok: false; status: 401; error: string };

/** The person a request's personal token names; undefined when it carries no bearer token at all. */
export async function personOf(store: PeopleStore, c: Context): Promise<PersonCheck | undefined> {
  const header = c.req.header('authorization');
  if (!header) return undefined;
  if (!header.toLowerCase().startsWith('bearer ')) return { ok: false, status: 401, error: 'send your personal token as Authorization: Bearer tlp_…' };
  const token = header.slice(7).trim();
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) {
    return { ok: false, status: 401, error: 'this is not a personal token (tlp_…): a session invitation only opens its session; ask your lead for your personal token' };
  }
  const person = await store.personOfToken(tokenHash(token));
  return person ? { ok: true, person } : { ok: false, status: 401, error: 'this personal token is not known here or was replaced: ask your lead for a new one, or sign in with your password' };
}

/** The person, or the response to send: 401 without a valid token, 403 when `role` is needed and they lack it. */
export async function requirePerson(store: PeopleStore, c: Context, role?: 'lead'): Promise<Person | Response> {
  const who = await personOf(store, c);
  if (!who) return c.json({ error: 'no personal token: send Authorization: Bearer tlp_… (your lead issues it)' }, 401);
  if (!who.ok) return c.json({ error: who.error }, who.status);
  if (role === 'lead' && who.person.role !== 'lead') return c.json({ error: 'only a lead sees and adds the people they train' }, 403);
  return who.person;
}
