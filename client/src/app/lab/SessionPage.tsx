import { useEffect, useEffectEvent, useState, type JSX } from 'react';
import { Api, peekToken, tokenFromLocation } from '../api/api.ts';
import { useT } from '../i18n/use-i18n.ts';
import { loadProfile, rememberToken, saveProfile } from '../lobby/saved.ts';
import { Lab } from './Lab.tsx';
import type { LabView } from '../api/routes.ts';
import { useErrorText } from '../api/error-text.ts';

const api = new Api();

/** /session/:id#token=…: check the invitation, let the person choose a region, then open the lab. */
export function SessionPage({ sessionId, view }: { sessionId: string; view: LabView }): JSX.Element {
  const t = useT();
  const errorText = useErrorText();
  const [token] = useState(() => tokenFromLocation(location.hash, location.search) ?? loadProfile().tokens[sessionId] ?? null);
  const [autoEnter] = useState(() => new URLSearchParams(location.hash.replace(/^#/, '')).get('enter') === '1');
  const [region, setRegion] = useState(() => loadProfile().region);
  const [entered, setEntered] = useState<{ name: string; role: 'lead' | 'engineer' | 'observer' } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const who = token ? peekToken(token) : null;

  const enter = async () => {
    if (!token) return;
    try {
      const joined = await api.join(sessionId, token);
      rememberToken(sessionId, token);
      saveProfile({ region });
      setEntered({ name: joined.you.name, role: joined.you.role });
    } catch (e) {
      setError(e);
    }
  };

  // Only on arrival from the lobby, once.
  const enterOnArrival = useEffectEvent(() => {
    if (autoEnter) void enter();
  });
  useEffect(() => enterOnArrival(), []);

  if (!token || !who) return <main className="join card">{t('join.noToken')}</main>;
  if (entered) return <Lab sessionId={sessionId} token={token} name={entered.name} role={entered.role} region={region} view={view} />;
  return (
    <main className="join card">
      <h2>{t('join.title')}</h2>
      <p>{t('join.as', { name: who.name, role: t(`role.${who.role}`) })}</p>
      <label>
        {t('lobby.region')}
        <input data-testid="join-region" value={region} maxLength={100} onChange={(e) => setRegion(e.target.value)} />
      </label>
      <button data-testid="join-enter" onClick={() => void enter()}>
        {t('join.enter')}
      </button>
      {error !== null && (
        <p className="error" role="alert">
          {errorText(error)}
        </p>
      )}
    </main>
  );
}
