import type { DrillResult } from '@twinlab/shared/drill/grade';
import type { SolutionStep } from '@twinlab/shared/drill/solution';

/** Why a graded attempt does not count on the learning path (null: it counts). */
export type Uncounted = 'observer' | 'edited' | 'controls' | null;
import { apiErrorOf } from '../app/api/api.ts';
import type { PathStep } from '@twinlab/shared/drill/path';
import type { SessionExport } from '@twinlab/shared/replay/export';

export interface DrillSummary {
  id: string;
  title: string;
  level: string;
  prerequisites: string[];
  brief: string;
  timeLimit: number;
  objectives: { id: string; title: string; when: string; weight: number }[];
  hints: number;
}

export interface HintState {
  index: number;
  cost: number;
  showsAt: number | null;
  revealed: boolean;
  text?: string;
  askedBy?: string;
  askedAt?: number;
}

export interface GuidedState {
  id: string;
  title: string;
  brief: string;
  level: string;
  start: number;
  end: number;
  timeLimit: number;
  simNow: number;
  objectives: { id: string; title: string; when: string; weight: number; check: string }[];
  hints: HintState[];
  result: DrillResult | null;
}

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
  list: () => call<{ drills: DrillSummary[]; problems: string[] }>('/api/drills'),
  start: (drill: string, trainee: string) => call<{ session: { id: string }; token: string; link: string }>(`/api/drills/${encodeURIComponent(drill)}/sessions`, undefined, { trainee }),
  guided: (id: string, token: string) => call<GuidedState>(`${s(id)}/drill`, token),
  hint: (id: string, token: string, hint: number) => call<{ text: string; at: number }>(`${s(id)}/drill/hints`, token, { hint }),
  grade: (id: string, token: string) => call<{ result: DrillResult; person: string; counted: boolean; uncounted: Uncounted; solution: SolutionStep[] | null }>(`${s(id)}/drill/grade`, token, {}),
  path: (id: string, token: string) => call<{ person: string; path: (PathStep & { attempts: number })[] }>(`${s(id)}/drill/path`, token),
  exportSession: (id: string, token: string) => call<SessionExport>(`${s(id)}/export`, token),
  saveVersion: (id: string, token: string) => call<{ version: { scenarioId: string; version: number } }>(`${s(id)}/scenario/versions`, token, {}),
  createFromText: (scenarioYaml: string, leadName: string) => call<{ session: { id: string }; token: string }>('/api/sessions', undefined, { scenarioYaml, leadName }),
};
