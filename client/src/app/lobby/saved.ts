/** What the browser remembers between visits: your name and region, and tokens of sessions you were in. */
const KEY = 'twinlab.profile';

export interface Profile {
  name: string;
  region: string;
  tokens: Record<string, string>;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function loadProfile(): Profile {
  try {
    const raw = JSON.parse(storage()?.getItem(KEY) ?? '{}') as Partial<Profile>;
    return { name: typeof raw.name === 'string' ? raw.name : '', region: typeof raw.region === 'string' ? raw.region : '', tokens: raw.tokens && typeof raw.tokens === 'object' ? raw.tokens : {} };
  } catch {
    return { name: '', region: '', tokens: {} };
  }
}

export function saveProfile(patch: Partial<Profile>): Profile {
  const next = { ...loadProfile(), ...patch };
  storage()?.setItem(KEY, JSON.stringify(next));
  return next;
}

export function rememberToken(sessionId: string, token: string): void {
  const p = loadProfile();
  saveProfile({ tokens: { ...p.tokens, [sessionId]: token } });
}
