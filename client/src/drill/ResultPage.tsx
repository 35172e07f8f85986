import { useEffect, useState, type JSX } from 'react';
import type { DrillResult } from '@twinlab/shared/drill/grade';
import type { PathStep } from '@twinlab/shared/drill/path';
import { formatClock } from '@twinlab/shared/scenario/units';
import { useLang, useT } from '../app/i18n/use-i18n.ts';
import { drillApi, type Uncounted } from './api.ts';
import { describeWhen, penaltyText, reasonsOf } from './words.ts';
import type { Drill } from '@twinlab/shared/scenario/drill';
import type { SolutionStep } from '@twinlab/shared/drill/solution';
import { describeCommand } from '../app/panels/describe.ts';
import { Dialog } from '../app/panels/Dialog.tsx';

const clock = (us: number | undefined) => (us === undefined ? '' : formatClock(us).slice(0, 8));

/** The score the server computed from the recorded inputs, what earned and cost points, and where the path goes next. */
/** graded: what the server said besides the result (null for the lab's own preview): the model answer, and why the attempt does not count, if it does not. */
export function ResultPage({
  result,
  drill,
  graded,
  sessionId,
  token,
  onClose,
}: {
  result: DrillResult;
  drill: Drill;
  graded: { solution: SolutionStep[] | null; uncounted: Uncounted } | null;
  sessionId: string;
  token: string;
  onClose: () => void;
}): JSX.Element {
  const solution = graded?.solution ?? null;
  const t = useT();
  const [lang] = useLang();
  const [path, setPath] = useState<(PathStep & { attempts: number })[] | null>(null);
  useEffect(() => {
    drillApi.path(sessionId, token).then(
      (r) => setPath(r.path),
      () => setPath([]),
    );
  }, [sessionId, token, result]);
  const q = `token=${encodeURIComponent(token)}&lang=${lang}`;
  const base = `/api/sessions/${encodeURIComponent(sessionId)}`;
  return (
    <Dialog label={t('drill.result')} onClose={onClose} data-testid="drill-result" data-score={result.score} data-passed={String(result.passed)}>
      <div className="card result">
        <h2>{result.title}</h2>
        <p className={`score ${result.passed ? 'pass' : 'fail'}`}>
          <b data-testid="drill-score">{result.score}</b> / 100 · {result.passed ? t('drill.passed') : t('drill.notPassed')}
        </p>
        <p className="muted small">{t('drill.computed', { hash: result.endHash })}</p>
        {graded?.uncounted && (
          <p className="warning" data-testid="not-counted" data-why={graded.uncounted}>
            {t(`drill.notCounted.${graded.uncounted}`)}
          </p>
        )}
        {!result.passed && (
          <ul className="reasons">
            {reasonsOf(t, result, drill).map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        )}
        <table>
          <thead>
            <tr>
              <th>{t('drill.objective')}</th>
              <th>{t('drill.when')}</th>
              <th className="outcome">{t('drill.outcome')}</th>
              <th className="outcome">{t('drill.at')}</th>
            </tr>
          </thead>
          <tbody>
            {result.objectives.map((o) => (
              <tr key={o.id} className={o.status} data-testid="result-objective" data-status={o.status}>
                <td>{o.title}</td>
                <td>{((d) => (d ? describeWhen(t, d) : o.when))(drill.objectives.find((x) => x.id === o.id))}</td>
                <td className="outcome">{t(`drill.status.${o.status}`)}</td>
                <td className="outcome">{clock(o.metAt ?? o.missedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          {t('drill.objectivesPoints', { points: result.objectivesPoints })}
          {result.penalties.map((p) => (
            <span key={p.kind}> · {penaltyText(t, p)}</span>
          ))}
        </p>
        {graded && !solution && !graded.uncounted && (
          <p className="muted small" data-testid="answer-withheld">
            {t('drill.answerWithheld')}
          </p>
        )}
        {solution && solution.length > 0 && (
          <>
            <h3>{t('drill.modelAnswer')}</h3>
            <ol className="model-answer" data-testid="model-answer">
              {solution.map((st, i) => (
                <li key={i} data-type={st.command.type}>
                  <b>{clock(st.at)}</b> {describeCommand(t, st.command)}
                  {st.why && <div className="muted small">{st.why}</div>}
                </li>
              ))}
            </ol>
          </>
        )}
        {path && path.length > 0 && (
          <>
            <h3>{t('drill.path')}</h3>
            <ol className="path" data-testid="learning-path">
              {path.map((s) => (
                <li key={s.id} data-id={s.id} data-status={s.status}>
                  {s.title} —{' '}
                  {s.status === 'passed'
                    ? t('drill.path.passed', { score: s.bestScore ?? '' })
                    : s.status === 'open'
                      ? t('drill.path.open')
                      : t('drill.after', { drills: s.missing.map((id) => `「${path.find((x) => x.id === id)?.title ?? id}」`).join(' ') })}
                </li>
              ))}
            </ol>
          </>
        )}
        <p className="buttons">
          <a href={`${base}/aar.html?${q}`} target="_blank" rel="noreferrer" data-testid="report-page">
            {t('drill.report')}
          </a>
          <a href={`${base}/aar.pdf?${q}`} target="_blank" rel="noreferrer" data-testid="report-pdf">
            {t('drill.reportPdf')}
          </a>
          <a href={`${base}/aar.html?download&${q}`} data-testid="report-html">
            {t('drill.reportHtml')}
          </a>
          <a href={`${base}/aar?download&${q}`} data-testid="report-json">
            {t('drill.reportJson')}
          </a>
          <a href={`${base}/export?${q}`} data-testid="session-export">
            {t('drill.export')}
          </a>
          <button onClick={onClose}>{t('drill.back')}</button>
        </p>
      </div>
    </Dialog>
  );
}
