import { useCallback, useEffect, useState, type JSX } from 'react';
import type { Me } from '@twinlab/shared/api/people';
import { useT } from '../app/i18n/use-i18n.ts';
import { useErrorText } from '../app/api/error-text.ts';
import { peopleApi, personToken } from './api.ts';

/** Who this browser is signed in as (from the saved personal token); null while unknown or signed out. */
export function useMe(): { me: Me | null; token: string | null; loading: boolean; signIn: (token: string) => Promise<void>; signOut: () => void } {
  const [token, setToken] = useState(personToken.get);
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(token !== null);
  useEffect(() => {
    if (!token) return;
    let live = true;
    peopleApi.me(token).then(
      (m) => live && (setMe(m), setLoading(false)),
      () => live && (personToken.clear(), setToken(null), setLoading(false)),
    );
    return () => {
      live = false;
    };
  }, [token]);
  const signIn = useCallback(async (t: string) => {
    const m = await peopleApi.me(t);
    personToken.set(t);
    setToken(t);
    setMe(m);
  }, []);
  const signOut = useCallback(() => {
    personToken.clear();
    setToken(null);
    setMe(null);
  }, []);
  return { me, token, loading, signIn, signOut };
}

/** Sign in with the personal token your lead gave you, or with your id and password. */
export function SignIn({ onToken }: { onToken: (token: string) => Promise<void> }): JSX.Element {
  const t = useT();
  const errorText = useErrorText();
  const [token, setToken] = useState('');
  const [id, setId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<void>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section className="card people-signin" data-testid="people-signin">
      <h2>{t('people.signIn')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => onToken(token.trim()));
        }}
      >
        <label>
          {t('people.token')}
          <input data-testid="people-token" value={token} maxLength={100} autoComplete="off" onChange={(e) => setToken(e.target.value)} />
        </label>
        <button type="submit" data-testid="people-token-go" disabled={!token.trim()}>
          {t('people.signIn')}
        </button>
      </form>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => onToken((await peopleApi.login(id.trim(), password)).token));
        }}
      >
        <label>
          {t('people.id')}
          <input value={id} maxLength={40} autoComplete="username" onChange={(e) => setId(e.target.value)} />
        </label>
        <label>
          {t('people.password')}
          <input type="password" value={password} maxLength={200} autoComplete="current-password" onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" disabled={!id.trim() || !password}>
          {t('people.signInPassword')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
