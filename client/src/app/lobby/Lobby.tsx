import { useEffect, useEffectEvent, useState, type JSX } from 'react';
import { Api, type ScenarioEntry, type SessionEntry } from '../api/api.ts';
import { useT } from '../i18n/use-i18n.ts';
import { navigate } from '../nav.ts';
import { loadProfile, rememberToken, saveProfile } from './saved.ts';
import { DrillList } from '../../drill/DrillList.tsx';
import { PeopleLinks } from '../../people/PeopleLinks.tsx';
import { useErrorText } from '../api/error-text.ts';

const api = new Api();

/** Start a session from a scenario, or reopen one you were in. Others join through invitation links. */
export function Lobby(): JSX.Element {
  const t = useT();
  const errorText = useErrorText();
  const [scenarios, setScenarios] = useState<ScenarioEntry[] | null>(null);
  const [sessions, setSessions] = useState<SessionEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [profile, setProfile] = useState(loadProfile);
  const [busy, setBusy] = useState(false);

  const failed = useEffectEvent((e: unknown) => setError(errorText(e)));
  useEffect(() => {
    api.scenarios().then(setScenarios, failed);
    api.sessions().then(setSessions, failed);
  }, []);

  const create = async (scenarioId: string) => {
    if (!profile.name.trim()) return setError(t('lobby.needName'));
    setBusy(true);
    try {
      const created = await api.createSession(scenarioId, profile.name.trim());
      rememberToken(created.session.id, created.token);
      navigate(`/session/${encodeURIComponent(created.session.id)}#token=${created.token}&enter=1`);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  const update = (patch: { name?: string; region?: string }) => setProfile(saveProfile(patch));

  return (
    <main className="lobby">
      <section className="card profile">
        <label>
          {t('lobby.name')}
          <input data-testid="lobby-name" value={profile.name} maxLength={100} onChange={(e) => update({ name: e.target.value })} />
        </label>
        <label>
          {t('lobby.region')}
          <input data-testid="lobby-region" value={profile.region} maxLength={100} onChange={(e) => update({ region: e.target.value })} />
        </label>
      </section>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <PeopleLinks />
      <DrillList
        name={profile.name}
        onStarted={(id, token) => {
          rememberToken(id, token);
          navigate(`/session/${encodeURIComponent(id)}#token=${token}&enter=1`);
        }}
      />
      <section>
        <h2>{t('lobby.scenarios')}</h2>
        {scenarios === null ? <p>{t('lobby.loading')}</p> : null}
        <ul className="scenarios">
          {scenarios?.map((s) => (
            <li key={s.id} className="card" data-scenario={s.id}>
              <h3>{s.title}</h3>
              <p className="muted">{s.ok ? s.description : t('lobby.invalid', { n: s.errors })}</p>
              <button disabled={!s.ok || busy} data-testid={`create-${s.id}`} onClick={() => void create(s.id)}>
                {t('lobby.create')}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('lobby.sessions')}</h2>
        <p className="muted">{t('lobby.joinHint')}</p>
        {sessions.length === 0 ? <p className="muted">{t('lobby.noSessions')}</p> : null}
        <ul className="sessions">
          {sessions.map((s) => {
            const token = profile.tokens[s.id];
            return (
              <li key={s.id} className="card row">
                <span>
                  <strong>{s.title}</strong> <span className="muted">{s.createdBy}</span>
                </span>
                <span className="muted">{t('lobby.online', { n: s.online })}</span>
                {token ? <button onClick={() => navigate(`/session/${encodeURIComponent(s.id)}#token=${token}`)}>{t('lobby.open')}</button> : null}
              </li>
            );
          })}
        </ul>
      </section>
    </main>
  );
}
