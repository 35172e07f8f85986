import { useEffect, useState, type JSX } from 'react';
import type { DrillResult } from '@twinlab/shared/drill/grade';
import type { PathStep } from '@twinlab/shared/drill/path';
import { formatClock } from '@twinlab/shared/scenario/units';
import { drillApi } from './api.ts';

const clock = (us: number | undefined) => (us === undefined ? '' : formatClock(us).slice(0, 8));

/** The score the server computed from the recorded inputs, what earned and cost points, and where the path goes next. */
export function ResultPage({ result, sessionId, token, onClose }: { result: DrillResult; sessionId: string; token: string; onClose: () => void }): JSX.Element {
  const [path, setPath] = useState<(PathStep & { attempts: number })[] | null>(null);
  useEffect(() => {
    drillApi.path(sessionId, token).then(
      (r) => setPath(r.path),
      () => setPath([]),
    );
  }, [sessionId, token, result]);
  const q = `token=${encodeURIComponent(token)}`;
  const base = `/api/sessions/${encodeURIComponent(sessionId)}`;
  return (
    <div className="overlay" role="dialog" aria-label="Drill result" data-testid="drill-result" data-score={result.score} data-passed={String(result.passed)}>
      <div className="card result">
        <h2>{result.title}</h2>
        <p className={`score ${result.passed ? 'pass' : 'fail'}`}>
          <b data-testid="drill-score">{result.score}</b> / 100 · {result.passed ? 'Passed' : 'Not passed'}
        </p>
        <p className="muted small">Computed by the server from the recorded session (state {result.endHash}).</p>
        {result.reasons.length > 0 && (
          <ul className="reasons">
            {result.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        )}
        <table>
          <thead>
            <tr>
              <th>objective</th>
              <th>when</th>
              <th>result</th>
              <th>at</th>
            </tr>
          </thead>
          <tbody>
            {result.objectives.map((o) => (
              <tr key={o.id} className={o.status} data-testid="result-objective" data-status={o.status}>
                <td>{o.title}</td>
                <td>{o.when}</td>
                <td>{o.status.replace('_', ' ')}</td>
                <td>{clock(o.metAt ?? o.missedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          Objectives {result.objectivesPoints} points
          {result.penalties.map((p) => (
            <span key={p.kind}>
              {' '}
              · −{p.points} {p.detail}
            </span>
          ))}
        </p>
        {path && path.length > 0 && (
          <>
            <h3>Your learning path</h3>
            <ol className="path" data-testid="learning-path">
              {path.map((s) => (
                <li key={s.id} data-id={s.id} data-status={s.status}>
                  {s.title} — {s.status === 'passed' ? `passed (best ${s.bestScore})` : s.status === 'open' ? 'open' : `after ${s.missing.join(', ')}`}
                </li>
              ))}
            </ol>
          </>
        )}
        <p className="buttons">
          <a href={`${base}/aar.html?${q}`} target="_blank" rel="noreferrer" data-testid="report-page">
            After-action report
          </a>
          <a href={`${base}/aar.html?download&${q}`} data-testid="report-html">
            Download HTML
          </a>
          <a href={`${base}/aar?download&${q}`} data-testid="report-json">
            Download JSON
          </a>
          <a href={`${base}/export?${q}`} data-testid="session-export">
            Session export
          </a>
          <button onClick={onClose}>Back to the lab</button>
        </p>
      </div>
    </div>
  );
}
