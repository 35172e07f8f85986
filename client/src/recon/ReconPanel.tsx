import type { JSX } from 'react';
import type { SessionClient } from '../app/session/session.ts';
import { useStore } from '../app/store/use-store.ts';
import { useLang, useT } from '../app/i18n/use-i18n.ts';
import { formatNumber } from '../app/i18n/format.ts';
import { causeKey, checkpointKey, clockOf, lastBreaks, reconRounds, shownValue } from './view.ts';

/** At most this many breaks of the last reconciliation are listed (the engine lists up to 200). */
const LISTED = 50;

/**
 * The dual-run's reconciliation as every participant sees it, live: each reconciliation with its
 * checkpoint (intraday or after clearing), so a break that appears only after the night's clearing
 * reads as such, and the last one's breaks. Causes show with their label where this viewer's
 * report carries them (a trainee in a drill sees raw values: classifying them is the skill).
 */
export function ReconPanel({ client }: { client: SessionClient }): JSX.Element | null {
  const t = useT();
  const [lang] = useLang();
  useStore(client.store, (s) => s.metricsVersion); // re-render on every engine sample
  const report = client.history?.last?.cutover ?? null;
  const recon = report?.recon;
  if (!report || !recon) return null;
  const rounds = reconRounds(report);
  const rows = lastBreaks(report);
  const last = recon.last;
  const withheld = last !== null && last.total > 0 && last.byCause === undefined;
  return (
    <section className="panel recon" data-testid="recon" data-checkpoint={last?.checkpoint ?? ''}>
      <h3>{t('recon.title')}</h3>
      <p className="muted">{t('recon.cleanDays', { n: recon.cleanDays })}</p>
      {withheld && <p className="muted">{t('recon.withheld')}</p>}
      {rounds.length > 0 && (
        <details open>
          <summary>{t('recon.rounds')}</summary>
          <table className="recon-rounds">
            <thead>
              <tr>
                <th>{t('recon.at')}</th>
                <th>{t('recon.checkpoint')}</th>
                <th>{t('recon.breaks')}</th>
                <th>{t('recon.causes')}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r, i) => (
                <tr key={`${r.at}:${i}`} data-checkpoint={r.checkpoint} data-total={r.total} className={r.total > 0 ? 'error' : ''}>
                  <td>{r.clock}</td>
                  <td>
                    <span className={r.checkpoint === 'post_clearing' ? 'tag warn' : 'tag'}>{t(checkpointKey(r.checkpoint))}</span>
                  </td>
                  <td>{r.total === 0 ? t('recon.clean') : r.total}</td>
                  <td>
                    {r.causes.map((c) => (
                      <span key={c.cause} className="tag" data-cause={c.cause}>
                        {t(causeKey(c.cause))} <code>{c.cause}</code> {c.n}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {last && rows.length > 0 && (
        <details open>
          <summary>{t('recon.lastBreaks', { checkpoint: t(checkpointKey(last.checkpoint)), at: clockOf(last.at) })}</summary>
          <table className="recon-breaks">
            <thead>
              <tr>
                <th>{t('recon.account')}</th>
                <th>{t('recon.field')}</th>
                <th>{t('recon.primary')}</th>
                <th>{t('recon.shadow')}</th>
                <th>{t('recon.checkpoint')}</th>
                {!withheld && <th>{t('recon.cause')}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, LISTED).map((r, i) => {
                const legacy = shownValue(r.field, r.legacy);
                const shadow = shownValue(r.field, r.shadow);
                return (
                  <tr key={`${r.account}:${r.field}:${i}`} data-cause={r.cause ?? ''} data-checkpoint={r.checkpoint}>
                    <td>{r.account}</td>
                    <td>{t(`breakField.${r.field}`)}</td>
                    <td>{formatNumber(lang, legacy.n, legacy.digits)}</td>
                    <td>{formatNumber(lang, shadow.n, shadow.digits)}</td>
                    <td>{t(checkpointKey(r.checkpoint))}</td>
                    {!withheld && (
                      <td>
                        {r.cause && (
                          <>
                            {t(causeKey(r.cause))} <code>{r.cause}</code>
                          </>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
          {rows.length > LISTED && <p className="muted">{t('recon.more', { n: rows.length - LISTED })}</p>}
        </details>
      )}
    </section>
  );
}
