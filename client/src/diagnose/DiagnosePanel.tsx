import { useState, type JSX } from 'react';
import type { Diagnosis } from '@twinlab/shared/diagnose/finding';
import type { SessionClient } from '../app/session/session.ts';
import { useStore } from '../app/store/use-store.ts';
import { useT } from '../app/i18n/use-i18n.ts';
import { useErrorText } from '../app/api/error-text.ts';
import { apiErrorOf } from '../app/api/api.ts';
import { evidenceWords, findingWords } from './words.ts';

async function fetchDiagnosis(sessionId: string, token: string): Promise<Diagnosis> {
  const path = `/api/sessions/${encodeURIComponent(sessionId)}/diagnose`;
  const res = await fetch(path, { headers: { accept: 'application/json', authorization: `Bearer ${token}` } });
  const body = (await res.json().catch(() => ({}))) as Diagnosis & { error?: string; code?: string };
  if (!res.ok) throw apiErrorOf(res, body, path);
  return body;
}

/**
 * The lab's diagnosis: the server replays the session to the shared clock and names the
 * configuration errors with their evidence and the place to fix them. Not shown in a drill,
 * where it would give the answer away (the server refuses it there until the grade).
 */
export function DiagnosePanel({ client, token }: { client: SessionClient; token: string }): JSX.Element | null {
  const t = useT();
  const errorText = useErrorText();
  const scenario = useStore(client.store, (s) => s.scenario);
  const sessionId = useStore(client.store, (s) => s.meta?.id);
  const [result, setResult] = useState<Diagnosis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!scenario || scenario.drill || !sessionId) return null;
  const run = async () => {
    setBusy(true);
    try {
      setResult(await fetchDiagnosis(sessionId, token));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" data-testid="diagnose-panel">
      <h3>{t('panel.diagnose')}</h3>
      <p className="small">{t('diagnose.note')}</p>
      <button data-testid="diagnose-run" disabled={busy} onClick={() => void run()}>
        {t('diagnose.run')}
      </button>
      {error && <p className="error small">{error}</p>}
      {result && result.errors.length > 0 && (
        <ul className="small">
          {result.errors.map((e) => (
            <li key={e}>
              <code>{e}</code>
            </li>
          ))}
        </ul>
      )}
      {result && result.errors.length === 0 && result.findings.length === 0 && <p data-testid="diagnose-none">{t('diagnose.none')}</p>}
      {result && result.findings.length > 0 && (
        <ol className="findings" data-testid="diagnose-findings">
          {result.findings.map((f, i) => {
            const words = findingWords(t, f);
            return (
              <li key={i} data-kind={f.kind} data-status={f.status}>
                <strong>
                  {t(`diagnose.kind.${f.kind}`)} · {t(f.severity === 'error' ? 'diagnose.error' : 'diagnose.warning')}
                  {f.status === 'fixed' ? ` · ${t('diagnose.fixed')}` : ''}
                </strong>
                <div>{words.message}</div>
                <div className="small">
                  {t('diagnose.fixAt')}: <code>{`${f.at.file}:${f.at.line}:${f.at.column}`}</code> <code>{f.at.path}</code>
                </div>
                <div className="small">
                  {t('diagnose.howToFix')}: {words.fix}
                </div>
                {f.evidence.length > 0 && (
                  <ul className="small">
                    {f.evidence.map((e, j) => (
                      <li key={j}>{evidenceWords(t, e)}</li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
