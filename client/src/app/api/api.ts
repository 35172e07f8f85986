import type { Role } from '@twinlab/shared/session/roles';
import type * as Rest from '@twinlab/shared/api/rest';

// The answers' types come from the schemas the server's /openapi.json is made of (shared/src/api/rest.ts).
export type ScenarioEntry = Rest.ScenarioEntry;
export type SessionEntry = Rest.SessionEntry;
export type Created = Rest.SessionCreated;
export type Joined = Rest.SessionJoined;

/** A refused request: the server's English sentence, its status and the code the lab translates (error-text.ts). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/** The ApiError for a response that is not ok; one rule for every client of the REST API. */
export function apiErrorOf(res: Response, body: { error?: unknown; code?: unknown }, path: string): ApiError {
  const message = typeof body.error === 'string' ? body.error : `${res.status} ${res.statusText} from ${path}`;
  return new ApiError(message, res.status, typeof body.code === 'string' ? body.code : null);
}

/** The server's REST API (server/README.md); errors carry the server's own explanation. */
export class Api {
  constructor(
    readonly base = '',
    private readonly fetchImpl: typeof fetch = (...a) => fetch(...a),
  ) {}

  private async call<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.token) headers['authorization'] = `Bearer ${init.token}`;
    const res = await this.fetchImpl(this.base + path, { ...init, headers });
    const body = (await res.json().catch(() => ({}))) as { error?: string; code?: string };
    if (!res.ok) throw apiErrorOf(res, body, path);
    return body as T;
  }

  scenarios = async () => (await this.call<Rest.ScenarioList>('/api/scenarios')).scenarios;
  sessions = async () => (await this.call<Rest.SessionList>('/api/sessions')).sessions;
  createSession = (scenarioId: string, leadName: string) => this.call<Created>('/api/sessions', { method: 'POST', body: JSON.stringify({ scenarioId, leadName }) });
  join = (id: string, token: string) => this.call<Joined>(`/api/sessions/${encodeURIComponent(id)}/join`, { method: 'POST', token });
  invite = (id: string, token: string, role: Role, name: string) =>
    this.call<Rest.Invited>(`/api/sessions/${encodeURIComponent(id)}/invitations`, { method: 'POST', token, body: JSON.stringify({ role, name }) });
  time = () => this.call<Rest.ServerTime>('/api/time');
}

/** Invitation links put the token in the fragment (/session/:id#token=…); ?token= works too. */
export function tokenFromLocation(hash: string, search: string): string | null {
  const fromHash = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return fromHash || new URLSearchParams(search).get('token') || null;
}

/** The name and role a token carries, read without verifying it (the server does that). */
export function peekToken(token: string): { name: string; role: Role; sid: string } | null {
  try {
    const payload = token.split('.')[1];
    if (!payload) return null;
    const json = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)))) as Record<string, unknown>;
    if (typeof json['name'] !== 'string' || typeof json['role'] !== 'string' || typeof json['sid'] !== 'string') return null;
    return { name: json['name'], role: json['role'] as Role, sid: json['sid'] };
  } catch {
    return null;
  }
}
