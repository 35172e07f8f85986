import { useEffect, useState, type JSX } from 'react';
import { orderPath } from '@twinlab/shared/drill/path';
import { drillApi, type DrillSummary } from './api.ts';

/** The lobby's drills, in learning-path order: start one as its trainee. */
export function DrillList({ name, onStarted }: { name: string; onStarted: (sessionId: string, token: string) => void }): JSX.Element | null {
  const [drills, setDrills] = useState<DrillSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    drillApi.list().then(
      (r) => setDrills(orderPath(r.drills)),
      (e: Error) => setError(e.message),
    );
  }, []);
  if (!drills || drills.length === 0) return error ? <p className="error">{error}</p> : null;
  const start = async (id: string) => {
    setError(null);
    try {
      const r = await drillApi.start(id, name.trim());
      onStarted(r.session.id, r.token);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section className="card drills" data-testid="drill-list">
      <h2>Drills</h2>
      <ol>
        {drills.map((d) => (
          <li key={d.id}>
            <b>{d.title}</b> <span className="muted">· {d.level} · {Math.round(d.timeLimit / 60_000_000)} min{d.prerequisites.length ? ` · after ${d.prerequisites.join(', ')}` : ''}</span>
            <p className="muted small">{d.brief}</p>
            <button data-testid={`drill-start-${d.id}`} disabled={!name.trim()} onClick={() => void start(d.id)}>
              Start this drill
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
