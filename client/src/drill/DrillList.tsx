import { useEffect, useEffectEvent, useState, type JSX } from 'react';
import { orderPath } from '@twinlab/shared/drill/path';
import { useT } from '../app/i18n/use-i18n.ts';
import { drillApi, type DrillSummary } from './api.ts';
import { useErrorText } from '../app/api/error-text.ts';
import { personToken } from '../people/api.ts';

const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
const isLevel = (l: string): l is (typeof LEVELS)[number] => (LEVELS as readonly string[]).includes(l);

/** The lobby's drills, in learning-path order: start one as its trainee. */
export function DrillList({ name, onStarted }: { name: string; onStarted: (sessionId: string, token: string) => void }): JSX.Element | null {
  const t = useT();
  const errorText = useErrorText();
  const [drills, setDrills] = useState<DrillSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const failed = useEffectEvent((e: unknown) => setError(errorText(e)));
  useEffect(() => {
    drillApi.list().then((r) => setDrills(orderPath(r.drills)), failed);
  }, []);
  if (!drills || drills.length === 0) return error ? <p className="error">{error}</p> : null;
  const start = async (id: string) => {
    setError(null);
    try {
      const r = await drillApi.start(id, name.trim(), personToken.get());
      onStarted(r.session.id, r.token);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section className="card drills" data-testid="drill-list">
      <h2>{t('drill.list')}</h2>
      <ol>
        {drills.map((d) => (
          <li key={d.id}>
            <b>{d.title}</b>{' '}
            <span className="muted">
              · {isLevel(d.level) ? t(`drill.level.${d.level}`) : d.level} · {t('drill.minutes', { n: Math.round(d.timeLimit / 60_000_000) })}
              {d.prerequisites.length ? ` · ${t('drill.after', { drills: d.prerequisites.map((id) => `「${drills.find((x) => x.id === id)?.title ?? id}」`).join(' ') })}` : ''}
            </span>
            <p className="muted small">{d.brief}</p>
            <button data-testid={`drill-start-${d.id}`} disabled={!name.trim() && !personToken.get()} onClick={() => void start(d.id)}>
              {t('drill.start')}
            </button>
          </li>
        ))}
      </ol>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
