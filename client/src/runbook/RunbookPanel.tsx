import { useState, type JSX } from 'react';
import type { CutoverReport } from '@twinlab/shared/engine/cutover-report';
import type { SessionClient } from '../app/session/session.ts';
import { useStore } from '../app/store/use-store.ts';
import { useT } from '../app/i18n/use-i18n.ts';
import type { MessageKey } from '../app/i18n/i18n.ts';
import { commandFor, rowsFor, windowLine, type Action, type Row } from './view.ts';
import { RunbookTimeline } from './RunbookTimeline.tsx';

/**
 * The runbook as every participant sees it, live: who owns each step and who did it, status,
 * timers against the plan, verification results, the go/no-go record and the rollback path.
 * The state comes from this participant's engine (the same for everyone); buttons submit inputs.
 */
export function RunbookPanel({ client }: { client: SessionClient }): JSX.Element | null {
  const t = useT();
  useStore(client.store, (s) => s.metricsVersion); // re-render on every engine sample
  const peers = useStore(client.store, (s) => s.peers);
  const report = client.history?.last?.cutover ?? null;
  if (!report?.runbook) return null;
  const rows = rowsFor(report, client.name, client.role);
  const win = windowLine(report)!;
  const rb = report.runbook;
  const refusals = report.timeline.filter((e) => e.kind === 'refused' && e.actor === client.name);
  return (
    <section className="panel runbook" data-testid="runbook" data-mode={rb.mode} data-complete={rb.complete} data-overdue={rb.overdue}>
      <h3>
        {t('runbook.title')} · {rb.title}
      </h3>
      <p className={win.late ? 'error' : 'muted'} data-testid="runbook-window">
        {win.complete ? `${t('runbook.complete')} · ` : ''}
        {win.late ? t('runbook.late', { slack: win.slack }) : t('runbook.window', { deadline: win.deadline, slack: win.slack })}
        {win.rto && ` · ${t('runbook.rto', { rto: win.rto })}`}
      </p>
      {report.halted && (
        <p className="error" role="alert" data-testid="runbook-halted">
          {t('runbook.halted', { reason: report.halted.reason })}
        </p>
      )}
      {rb.mode === 'rollback' && <p className="warn">{t('runbook.rollback', { reason: rb.rollbackReason })}</p>}
      {refusals.length > 0 && (
        <p className="warn" data-testid="runbook-refused">
          {t('runbook.refused', { text: refusals.at(-1)!.text })}
        </p>
      )}
      <RunbookTimeline report={report} present={new Set(peers.map((p) => p.name))} />
      <details open className="runbook-list">
        <summary>{t('runbook.listView')}</summary>
        {(['forward', 'rollback'] as const).map((path) => (
          <div key={path}>
            <h4>{t(path === 'forward' ? 'runbook.forward' : 'runbook.rollbackPath')}</h4>
            <ol className="steps">
              {rows
                .filter((r) => r.step.path === path)
                .map((r) => (
                  <StepRow key={r.step.id} row={r} client={client} t={t} />
                ))}
            </ol>
          </div>
        ))}
      </details>
    </section>
  );
}

function StepRow({ row, client, t }: { row: Row; client: SessionClient; t: (k: MessageKey, p?: Record<string, string | number>) => string }): JSX.Element {
  const s = row.step;
  const [reason, setReason] = useState('');
  const submit = (a: Action, go?: boolean) => void client.submit(commandFor(a, go === undefined ? undefined : { go, reason }));
  return (
    <li
      data-step={s.id}
      data-status={s.status}
      data-owner={s.owner}
      data-holders={s.holders.join(',')}
      data-by={s.startedBy}
      data-verified={s.verified}
      data-decision={s.decision}
      data-wrong={s.wrong}
      className={`step ${s.status}${row.mine ? ' mine' : ''}`}
    >
      <div className="row">
        <strong>{s.title}</strong> <span className="tag">{t(`runbook.status.${s.status}`)}</span>
        {s.verified !== 'unchecked' && <span className={s.verified === 'passed' ? 'tag ok' : 'tag error'}>{t(s.verified === 'passed' ? 'runbook.verified' : 'runbook.failedCheck')}</span>}
        {s.wrong && <span className="tag error">{t('runbook.wrong')}</span>}
      </div>
      <div className="muted">
        {t('runbook.owner')}: {s.owner}
        {s.holders.length > 0 && ` (${s.holders.join(', ')})`}
        {s.startedBy && ` · ${t('runbook.by')}: ${s.startedBy}`}
        {s.signoffs.length > 0 && ` · ${t('runbook.signoffs')}: ${s.signoffs.join(', ')}`}
        {' · '}
        {row.planned}
        {row.timer && <span className={row.overrun ? 'error' : ''}> · {row.timer}</span>}
      </div>
      {s.decision && <div data-testid={`decision-${s.id}`}>{t(`runbook.decided.${s.decision}`, { reason: s.reason })}</div>}
      {s.failures.length > 0 && <div className="error">{s.failures.join('; ')}</div>}
      <div className="row">
        {row.actions.map((a) =>
          a.kind === 'decide' ? (
            <span key="decide">
              <input data-testid={`reason-${s.id}`} placeholder={t('runbook.reason')} aria-label={t('runbook.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
              <button data-testid={`go-${s.id}`} disabled={reason.trim().length < 3} onClick={() => submit(a, true)}>
                {t('runbook.go')}
              </button>
              <button data-testid={`nogo-${s.id}`} disabled={reason.trim().length < 3} onClick={() => submit(a, false)}>
                {t('runbook.noGo')}
              </button>
            </span>
          ) : (
            <button key={a.kind} data-testid={`${a.kind}-${s.id}`} onClick={() => submit(a)}>
              {a.kind === 'claim' ? t('runbook.claim', { role: a.role }) : t(`runbook.${a.kind}`)}
            </button>
          ),
        )}
      </div>
    </li>
  );
}

export type { CutoverReport };
