import type { JSX } from 'react';
import type { CutoverView } from '@twinlab/shared/dualrun/view';
import { useT } from '../app/i18n/use-i18n.ts';
import { ganttFor, ganttTicks, type GanttRow } from './gantt.ts';

const W = 960;
const LABEL = 230;
const ROW = 22;
const HEAD = 22;

/**
 * The runbook on the simulated clock: a thin planned bar and a thick actual bar per step, red
 * past the expected time, critical steps outlined, gates as diamonds, the rollback branch below
 * the forward plan, now and the deadline as lines. Owners show with a dot: green when someone
 * holding the role is here.
 */
export function RunbookTimeline({ report, present }: { report: CutoverView; present: ReadonlySet<string> }): JSX.Element | null {
  const t = useT();
  const g = ganttFor(report);
  if (!g) return null;
  const span = Math.max(1, g.to - g.from);
  const x = (us: number) => LABEL + ((Math.min(Math.max(us, g.from), g.to) - g.from) / span) * (W - LABEL - 8);
  const firstRollback = g.rows.findIndex((r) => r.step.path === 'rollback');
  const gap = firstRollback >= 0 ? ROW : 0;
  const y = (i: number) => HEAD + i * ROW + (firstRollback >= 0 && i >= firstRollback ? gap : 0);
  const height = y(g.rows.length) + 4;
  const ticks = ganttTicks(g.from, g.to);
  return (
    <figure className="runbook-timeline" data-testid="runbook-timeline" data-critical={g.critical.join(',')}>
      <figcaption className="small muted">{t('runbook.timelineLegend')}</figcaption>
      <svg viewBox={`0 0 ${W} ${height}`} width="100%" role="img" aria-label={t('runbook.timeline')}>
        {ticks.map((tk) => (
          <g key={tk.at}>
            <line x1={x(tk.at)} x2={x(tk.at)} y1={HEAD - 4} y2={height} className="gantt-grid" />
            <text x={x(tk.at)} y={12} className="gantt-tick" textAnchor="middle">
              {tk.label}
            </text>
          </g>
        ))}
        {firstRollback >= 0 && (
          <text x={4} y={y(firstRollback) - 6} className="gantt-section">
            {t('runbook.rollbackPath')}
            {report.runbook?.mode === 'rollback' ? ` · ${t('runbook.rollbackActive')}` : ''}
          </text>
        )}
        {g.rows.map((r, i) => (
          <Row key={r.step.id} row={r} top={y(i)} x={x} present={present} t={t} />
        ))}
        <line x1={x(g.deadline)} x2={x(g.deadline)} y1={HEAD - 6} y2={height} className="gantt-deadline" data-testid="gantt-deadline" />
        <line x1={x(g.now)} x2={x(g.now)} y1={HEAD - 6} y2={height} className="gantt-now" data-testid="gantt-now" />
      </svg>
    </figure>
  );
}

function Row({ row, top, x, present, t }: { row: GanttRow; top: number; x: (us: number) => number; present: ReadonlySet<string>; t: ReturnType<typeof useT> }): JSX.Element {
  const s = row.step;
  const here = s.holders.some((h) => present.has(h));
  const mid = top + ROW / 2;
  const title = `${s.title} · ${t('runbook.owner')}: ${s.owner}${s.holders.length ? ` (${s.holders.join(', ')})` : ''}`;
  return (
    <g data-bar-step={s.id} data-status={s.status} data-critical={row.critical} data-overrun={row.overrun !== null} className={`gantt-row ${s.status}`}>
      <title>{title}</title>
      <circle cx={8} cy={mid} r={4} className={here ? 'gantt-here' : s.holders.length ? 'gantt-away' : 'gantt-unclaimed'} />
      <text x={16} y={mid + 4} className="gantt-label">
        {s.kind === 'gate' ? '◆ ' : ''}
        {s.title.length > 18 ? `${s.title.slice(0, 17)}…` : s.title} · {s.owner}
      </text>
      {s.kind === 'gate' ? (
        <path d={diamond(x(row.planned.start), mid, 6)} className={`gantt-gate ${s.decision}`} data-bar="planned" data-start={row.planned.start} data-end={row.planned.end} />
      ) : (
        <rect
          x={x(row.planned.start)}
          y={top + 3}
          width={Math.max(2, x(row.planned.end) - x(row.planned.start))}
          height={5}
          className={`gantt-planned${row.critical ? ' critical' : ''}`}
          data-bar="planned"
          data-start={row.planned.start}
          data-end={row.planned.end}
        />
      )}
      {row.actual && (
        <rect
          x={x(row.actual.start)}
          y={top + 10}
          width={Math.max(2, x(row.actual.end) - x(row.actual.start))}
          height={9}
          className={`gantt-actual ${s.status}`}
          data-bar="actual"
          data-start={row.actual.start}
          data-end={row.actual.end}
        />
      )}
      {row.overrun && <rect x={x(row.overrun.start)} y={top + 10} width={Math.max(1, x(row.overrun.end) - x(row.overrun.start))} height={9} className="gantt-overrun" data-bar="overrun" />}
    </g>
  );
}

const diamond = (cx: number, cy: number, r: number) => `M${cx} ${cy - r}L${cx + r} ${cy}L${cx} ${cy + r}L${cx - r} ${cy}Z`;
