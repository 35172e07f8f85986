import { apiErrorOf } from '../app/api/api.ts';
import type { SessionExport } from '@twinlab/shared/replay/export';
import type * as Rest from '@twinlab/shared/api/rest';

// The answers' types come from the schemas the server's /openapi.json is made of (shared/src/api/rest.ts).
/** Why a graded attempt does not count on the learning path (null: it counts). */
export type Uncounted = Rest.Uncounted;
export type DrillSummary = Rest.DrillSummary;
export type HintState = Rest.HintState;
export type GuidedState = Rest.GuidedState;

async function call<T>(path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json().catch(() => ({}))) as { error?: string; code?: string };
  if (!res.ok) throw apiErrorOf(res, json, path);
  return json as T;
}

const s = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;

/** The server's drill API (server/src/drills/routes.ts). Scores come from here, never from the browser. */
export const drillApi = {
  list: () => call<Rest.DrillList>('/api/drills'),
  /** With a personal token the drill counts for that person; without, it is a guest's practice under `trainee`. */
  start: (drill: string, trainee: string, personToken?: string | null) =>
    call<Rest.SessionCreated>(`/api/drills/${encodeURIComponent(drill)}/sessions`, personToken ?? undefined, personToken ? {} : { trainee }),
  guided: (id: string, token: string) => call<GuidedState>(`${s(id)}/drill`, token),
  hint: (id: string, token: string, hint: number) => call<Rest.HintGiven>(`${s(id)}/drill/hints`, token, { hint }),
  grade: (id: string, token: string) => call<Rest.Graded>(`${s(id)}/drill/grade`, token, {}),
  path: (id: string, token: string) => call<Rest.LearningPath>(`${s(id)}/drill/path`, token),
  exportSession: (id: string, token: string) => call<SessionExport>(`${s(id)}/export`, token),
  saveVersion: (id: string, token: string) => call<Rest.VersionSaved>(`${s(id)}/scenario/versions`, token, {}),
  createFromText: (scenarioYaml: string, leadName: string) => call<Rest.SessionCreated>('/api/sessions', undefined, { scenarioYaml, leadName }),
};
