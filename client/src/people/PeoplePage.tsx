import { useEffect, useEffectEvent, useState, type JSX } from 'react';
import type { Certificates, Me } from '@twinlab/shared/api/people';
import { useT } from '../app/i18n/use-i18n.ts';
import { useErrorText } from '../app/api/error-text.ts';
import { peopleApi } from './api.ts';
import { SignIn, useMe } from './SignIn.tsx';
import { CertificateCards } from './CertificateCards.tsx';

/** /people: who you are, your password, and your certificate per role (考核积分). */
export function PeoplePage(): JSX.Element {
  const t = useT();
  const { me, token, loading, signIn, signOut } = useMe();
  if (loading) return <main className="lobby">{t('lobby.loading')}</main>;
  return (
    <main className="lobby people" data-testid="people-page">
      <h1 className="page-title">{t('people.title')}</h1>
      {me && token ? (
        <>
          <Account me={me} token={token} onSignOut={signOut} />
          <MyCertificates token={token} />
        </>
      ) : (
        <SignIn onToken={signIn} />
      )}
    </main>
  );
}

function Account({ me, token, onSignOut }: { me: Me; token: string; onSignOut: () => void }): JSX.Element {
  const t = useT();
  const errorText = useErrorText();
  const [password, setPassword] = useState('');
  const [current, setCurrent] = useState('');
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [hasPassword, setHasPassword] = useState(me.hasPassword);
  const save = async () => {
    try {
      await peopleApi.setPassword(token, password, current || undefined);
      setHasPassword(true);
      setPassword('');
      setCurrent('');
      setNote({ ok: true, text: t('people.passwordSaved') });
    } catch (e) {
      setNote({ ok: false, text: errorText(e) });
    }
  };
  return (
    <section className="card" data-testid="people-me">
      <div className="row">
        <strong data-testid="people-name">{me.person.name}</strong>
        <span className="tag">{t(me.person.role === 'lead' ? 'people.role.lead' : 'people.role.trainee')}</span>
        <span className="muted small">
          {t('people.idIs', { id: me.person.id })}
          {me.lead ? ` · ${t('people.leadIs', { name: me.lead.name })}` : ''}
        </span>
        <span className="spacer" />
        <button className="link" onClick={onSignOut}>
          {t('people.signOut')}
        </button>
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {hasPassword && (
          <label>
            {t('people.currentPassword')}
            <input type="password" value={current} maxLength={200} autoComplete="current-password" onChange={(e) => setCurrent(e.target.value)} />
          </label>
        )}
        <label>
          {t(hasPassword ? 'people.newPassword' : 'people.setPassword')}
          <input type="password" value={password} minLength={10} maxLength={200} autoComplete="new-password" onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" disabled={password.length < 10}>
          {t('people.savePassword')}
        </button>
      </form>
      <p className="muted small">{t('people.passwordWhy')}</p>
      {note && <p className={note.ok ? 'ok' : 'error'}>{note.text}</p>}
    </section>
  );
}

function MyCertificates({ token }: { token: string }): JSX.Element {
  const errorText = useErrorText();
  const [cert, setCert] = useState<Certificates | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The error's words follow the language, but a change of language is no reason to fetch again.
  const failed = useEffectEvent((e: unknown) => setError(errorText(e)));
  useEffect(() => {
    peopleApi.certificate(token).then(setCert, failed);
  }, [token]);
  if (error) return <p className="error">{error}</p>;
  return cert ? <CertificateCards cert={cert} /> : <></>;
}
