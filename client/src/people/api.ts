import { apiErrorOf } from '../app/api/api.ts';
import type * as P from '@twinlab/shared/api/people';

// The server's people API (server/src/people/routes.ts): accounts, certificates, the lead's page.

async function call<T>(path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json().catch(() => ({}))) as { error?: string; code?: string };
  if (!res.ok) throw apiErrorOf(res, json, path);
  return json as T;
}

export const peopleApi = {
  openLead: (name: string) => call<P.PersonIssued>('/api/people/leads', null, { name }),
  login: (id: string, password: string) => call<P.PersonIssued>('/api/people/login', null, { id, password }),
  me: (token: string) => call<P.Me>('/api/people/me', token),
  setPassword: (token: string, password: string, current?: string) => call<unknown>('/api/people/me/password', token, { password, ...(current ? { current } : {}) }),
  certificate: (token: string) => call<P.Certificates>('/api/people/me/certificate', token),
  paths: () => call<P.RolePathList>('/api/people/paths', null),
  addTrainee: (token: string, name: string) => call<P.PersonIssued>('/api/people/trainees', token, { name }),
  reissue: (token: string, person: string) => call<P.PersonIssued>(`/api/people/trainees/${encodeURIComponent(person)}/token`, token, {}),
  board: (token: string) => call<P.TraineeBoard>('/api/people/trainees', token),
  traineeCertificate: (token: string, person: string) => call<P.Certificates>(`/api/people/trainees/${encodeURIComponent(person)}/certificate`, token),
  /** The CSV needs the Authorization header, so it is fetched and handed to the browser as a file. */
  async downloadCsv(token: string): Promise<void> {
    const res = await fetch('/api/people/trainees.csv', { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw apiErrorOf(res, (await res.json().catch(() => ({}))) as { error?: string }, '/api/people/trainees.csv');
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = 'twinlab-trainees.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

/** The browser keeps one personal token: whoever signed in here last. */
const KEY = 'twinlab.personToken';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export const personToken = {
  get: (): string | null => storage()?.getItem(KEY) ?? null,
  set: (token: string) => storage()?.setItem(KEY, token),
  clear: () => storage()?.removeItem(KEY),
};
