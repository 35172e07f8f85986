import { useCallback, useEffect, useRef, useState, type JSX } from 'react';
import type { Certificates, PersonIssued, TraineeBoard, TraineeRow } from '@twinlab/shared/api/people';
import { useT } from '../app/i18n/use-i18n.ts';
import { useErrorText } from '../app/api/error-text.ts';
import { peopleApi } from './api.ts';
import { SignIn, useMe } from './SignIn.tsx';
import { CertificateCards } from './CertificateCards.tsx';

const minutes = (us: number | null) => (us === null ? null : Math.round(us / 6_000_000) / 10);

/** /trainer: a lead's page — the people they train, their results per drill, tokens to hand out, CSV. */
export function TrainerPage(): JSX.Element {
  const t = useT();
  const { me, token, loading, signIn, signOut } = useMe();
  if (loading) return <main className="lobby">{t('lobby.loading')}</main>;
  return (
    <main className="lobby trainer" data-testid="trainer-page">
      <h1 className="page-title">{t('trainer.title')}</h1>
      {me && token && me.person.role === 'lead' ? (
        <Board token={token} leadName={me.person.name} onSignOut={signOut} />
      ) : (
        <>
          {me && <p className="warning">{t('trainer.notLead', { name: me.person.name })}</p>}
          <OpenLead onToken={signIn} />
          <SignIn onToken={signIn} />
        </>
      )}
    </main>
  );
}

function OpenLead({ onToken }: { onToken: (token: string) => Promise<void> }): JSX.Element {
  const t = useT();
  const errorText = useErrorText();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="card">
      <h2>{t('trainer.open')}</h2>
      <p className="muted small">{t('trainer.openWhy')}</p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          peopleApi.openLead(name.trim()).then(
            (r) => onToken(r.token),
            (err: unknown) => setError(errorText(err)),
          );
        }}
      >
        <label>
          {t('lobby.name')}
          <input data-testid="lead-name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" data-testid="lead-open" disabled={!name.trim()}>
          {t('trainer.openButton')}
        </button>
      </form>
      {error && <p className="error">{error}</p>}
    </section>
  );
}

function Board({ token, leadName, onSignOut }: { token: string; leadName: string; onSignOut: () => void }): JSX.Element {
  const t = useT();
  const errorText = useErrorText();
  const [board, setBoard] = useState<TraineeBoard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<PersonIssued | null>(null);
  const [name, setName] = useState('');
  const [cert, setCert] = useState<Certificates | null>(null);
  // Only the latest request's answer shows: an earlier, slower one (the first load, racing the one after
  // an add) would put back a board without the trainee just added.
  const latest = useRef(0);
  const load = useCallback(() => {
    const mine = ++latest.current;
    return peopleApi.board(token).then(
      (b) => mine === latest.current && setBoard(b),
      (e: unknown) => mine === latest.current && setError(errorText(e)),
    );
  }, [token, errorText]);
  useEffect(() => {
    void load();
  }, [load]);
  const act = async (work: () => Promise<void>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const title = (id: string) => board?.drills.find((d) => d.id === id)?.title ?? id;
  return (
    <>
      <section className="card row">
        <strong>{leadName}</strong>
        <span className="tag">{t('people.role.lead')}</span>
        <span className="spacer" />
        <button data-testid="trainer-refresh" onClick={() => void load()}>
          {t('trainer.refresh')}
        </button>
        <button data-testid="trainer-csv" disabled={!board?.trainees.length} onClick={() => void act(() => peopleApi.downloadCsv(token))}>
          {t('trainer.csv')}
        </button>
        <button className="link" onClick={onSignOut}>
          {t('people.signOut')}
        </button>
      </section>
      <section className="card">
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void act(async () => {
              setIssued(await peopleApi.addTrainee(token, name.trim()));
              setName('');
              await load();
            });
          }}
        >
          <label>
            {t('trainer.traineeName')}
            <input data-testid="trainee-name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" data-testid="trainee-add" disabled={!name.trim()}>
            {t('trainer.add')}
          </button>
        </form>
        {issued && (
          <p className="issued" data-testid="issued" data-person={issued.person.id}>
            {t('trainer.issued', { name: issued.person.name })} <code data-testid="issued-token">{issued.token}</code>
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </section>
      {board && board.trainees.length === 0 && <p className="muted">{t('trainer.none')}</p>}
      {board && board.trainees.length > 0 && (
        <table className="board" data-testid="trainer-board">
          <thead>
            <tr>
              <th>{t('trainer.col.person')}</th>
              <th>{t('trainer.col.drill')}</th>
              <th>{t('trainer.col.attempts')}</th>
              <th>{t('trainer.col.best')}</th>
              <th>{t('trainer.col.time')}</th>
              <th>{t('trainer.col.hints')}</th>
              <th>{t('trainer.col.failedAt')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {board.trainees.map((p) => (
              <TraineeRows
                key={p.id}
                person={p}
                title={title}
                onReissue={() => void act(async () => setIssued(await peopleApi.reissue(token, p.id)))}
                onCertificate={() => void act(async () => setCert(await peopleApi.traineeCertificate(token, p.id)))}
              />
            ))}
          </tbody>
        </table>
      )}
      {cert && <CertificateCards cert={cert} />}
    </>
  );
}

function TraineeRows({ person, title, onReissue, onCertificate }: { person: TraineeRow; title: (id: string) => string; onReissue: () => void; onCertificate: () => void }): JSX.Element {
  const t = useT();
  const actions = (
    <td className="nowrap">
      <button className="link" onClick={onCertificate}>
        {t('trainer.certificate')}
      </button>
      <button className="link" onClick={onReissue}>
        {t('trainer.reissue')}
      </button>
    </td>
  );
  if (person.drills.length === 0) {
    return (
      <tr data-testid="trainee-row" data-person={person.name}>
        <th scope="row">{person.name}</th>
        <td colSpan={6} className="muted">
          {t('trainer.noAttempts')}
        </td>
        {actions}
      </tr>
    );
  }
  return (
    <>
      {person.drills.map((d, i) => (
        <tr key={d.drill} data-testid="trainee-row" data-person={person.name} data-drill={d.drill} data-passed={d.passed} data-best={d.bestScore}>
          {i === 0 && (
            <th scope="row" rowSpan={person.drills.length}>
              {person.name}
            </th>
          )}
          <td>{title(d.drill)}</td>
          <td>{t('trainer.attempts', { n: d.attempts, honest: d.honest })}</td>
          <td className={d.passed ? 'ok' : 'error'}>
            {d.bestScore} {t(d.passed ? 'trainer.passed' : 'trainer.failed')}
          </td>
          <td>{minutes(d.bestTime) === null ? '—' : t('trainer.minutes', { n: minutes(d.bestTime)! })}</td>
          <td>{d.hintsUsed}</td>
          <td className="small">{d.failedAt.length === 0 ? '—' : d.failedAt.map((f) => `${f.objective} ×${f.times}`).join(', ')}</td>
          {i === 0 ? actions : <td />}
        </tr>
      ))}
    </>
  );
}
