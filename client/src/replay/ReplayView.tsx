import { useEffect, useEffectEvent, useId, useMemo, useRef, useState, type JSX } from 'react';
import { formatClock } from '@twinlab/shared/scenario/units';
import { simTimeAt } from '@twinlab/shared/session/clock';
import type { TimelineEvent } from '@twinlab/shared/replay/timeline';
import { drillApi } from '../drill/api.ts';
import { useLang, useT } from '../app/i18n/use-i18n.ts';
import { HEALTH_NAMES } from '../app/engine/history.ts';
import { describeCommand } from '../app/panels/describe.ts';
import type { MessageKey } from '../app/i18n/i18n.ts';
import type { MetricsPoint } from '@twinlab/shared/replay/sample';
import type { FromReplay, ReplayState, ToReplay } from './protocol.ts';
import { Dialog } from '../app/panels/Dialog.tsx';
import { TimeChart, type ChartLine, type ChartMarker } from '../app/panels/TimeChart.tsx';
import { useErrorText } from '../app/api/error-text.ts';
import { formatNumber } from '../app/i18n/format.ts';

const SPEEDS = [1, 10, 60, 300];
const clock = (us: number) => formatClock(us).slice(0, 8);
const isHealth = (s: string): s is (typeof HEALTH_NAMES)[number] => (HEALTH_NAMES as readonly string[]).includes(s);

/**
 * Replay of a recorded session: scrub the timeline, play at a speed, jump to any event, and see
 * who did what when. The page computes nothing itself: a worker re-runs the recorded inputs.
 */
export interface ReplayViewProps {
  sessionId: string;
  token: string;
  onClose: () => void;
  /** Where to open (from the link); the start of the session when null. */
  initialAt?: number | null;
  /** Called with each time scrubbed to, so the address bar can keep it. */
  onSeek?: (t: number) => void;
}

export function ReplayView({ sessionId, token, onClose, initialAt = null, onSeek }: ReplayViewProps): JSX.Element {
  const t = useT();
  const [lang] = useLang();
  const scrubId = useId();
  const [points, setPoints] = useState<MetricsPoint[] | null>(null);
  const reportSeek = useRef(onSeek);
  reportSeek.current = onSeek;
  const errorText = useErrorText();
  const worker = useRef<Worker | null>(null);
  const [built, setBuilt] = useState<Extract<FromReplay, { type: 'built' }> | null>(null);
  const [state, setState] = useState<ReplayState | null>(null);
  const [target, setTarget] = useState<number | null>(null);
  const [speed, setSpeed] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const nextId = useRef(1);
  const wanted = useRef<number | null>(null);
  const shown = useRef<number | null>(null); // the time of the state on screen
  const ready = useRef(0); // how far the worker's index reaches; it grows while the session is indexed

  const send = (m: ToReplay) => worker.current?.postMessage(m);
  const seek = (t: number) => {
    wanted.current = t;
    setTarget(t);
    if (inFlight.current) return; // the latest wish is sent when the running seek answers
    inFlight.current = true;
    send({ type: 'seek', id: nextId.current++, t });
  };

  // The worker's answers and the play timer act on the latest render's values (seek, initialAt).
  const onReplay = useEffectEvent((m: FromReplay) => {
    if (m.type === 'error') return setError(m.message);
    if (m.type === 'series') return setPoints(m.points);
    if (m.type === 'built' || m.type === 'progress') {
      ready.current = m.ready;
      if (m.type === 'built') {
        setBuilt(m);
        seek(initialAt !== null && initialAt >= m.start && initialAt <= m.end ? initialAt : m.start);
      } else {
        setBuilt((b) => b && { ...b, ready: m.ready, done: m.done, snapshots: m.snapshots, wallMs: m.wallMs });
        // A wish past the old reach (a click on a late event) is fetched once the index gets there, not at every slice.
        const w = wanted.current;
        if (w !== null && w !== shown.current && !inFlight.current && (w <= m.ready || m.done)) seek(w);
      }
      return;
    }
    inFlight.current = false;
    shown.current = m.state.t;
    setState(m.state);
    reportSeek.current?.(m.state.t);
    if (wanted.current !== null && wanted.current !== m.state.t && wanted.current <= ready.current) seek(wanted.current);
  });
  const failed = useEffectEvent((e: unknown) => setError(errorText(e)));
  const seekLater = useEffectEvent((t: number) => seek(t));

  useEffect(() => {
    const w = new Worker(new URL('./replay.worker.ts', import.meta.url), { type: 'module', name: 'twinlab-replay' });
    worker.current = w;
    w.onmessage = (e: MessageEvent<FromReplay>) => onReplay(e.data);
    drillApi.exportSession(sessionId, token).then((exp) => {
      const last = exp.commands.reduce((t, c) => Math.max(t, c.at), 0);
      const until = Math.max(last, exp.clock ? simTimeAt(exp.clock, exp.exportedAt) : 0);
      w.postMessage({ type: 'build', exp, until } satisfies ToReplay);
    }, failed);
    return () => w.terminate();
  }, [sessionId, token]);

  // Play: move the wished time forward by speed × wall time, up to what is indexed; seeks coalesce while one runs.
  const start = built?.start ?? null;
  const end = built?.end ?? null;
  useEffect(() => {
    if (speed === null || start === null || end === null) return;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const from = wanted.current ?? start;
      const next = Math.min(end, ready.current, from + Math.round((now - last) * 1000 * speed));
      last = now;
      seekLater(next);
      if (next >= end) setSpeed(null);
    }, 100);
    return () => clearInterval(timer);
  }, [speed, start, end]);

  const chart = useMemo(() => {
    if (!points) return null;
    const lines: ChartLine[] = [
      { label: t('series.done'), color: '#22c55e', values: points.map((p) => p.throughput) },
      { label: t('series.p99'), color: '#f97316', values: points.map((p) => p.e2eP99 / 1000) },
    ];
    const markers: ChartMarker[] = (built?.events ?? [])
      .filter((e) => e.kind === 'fault' || e.kind === 'fault_end' || e.kind === 'command' || e.kind === 'decision')
      .map((e) => ({ t: e.at / 1e6, label: e.label, color: e.kind === 'fault' ? '#f43f5e' : '#a78bfa' }));
    return { t: points.map((p) => p.at / 1e6), lines, markers };
  }, [points, built?.events, t]);

  return (
    <Dialog label={t('replay.title')} onClose={onClose} data-testid="replay">
      <div className="card replay">
        <header className="row">
          <h2>{t('replay.title')}</h2>
          <span className="spacer" />
          <button onClick={onClose}>{t('replay.close')}</button>
        </header>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {!built ? (
          <p>{t('replay.building')}</p>
        ) : (
          <>
            <p className="muted small" data-testid="replay-progress" data-ready={built.ready} data-done={built.done}>
              {built.done
                ? t('replay.index', { from: clock(built.start), to: clock(built.end), ms: built.wallMs, n: built.snapshots.length })
                : t('replay.indexing', { to: clock(built.ready), pct: Math.floor((100 * (built.ready - built.start)) / Math.max(1, built.end - built.start)) })}
            </p>
            <label htmlFor={scrubId} className="small">
              {t('replay.scrub')} {clock(target ?? built.start)}
            </label>
            <input
              id={scrubId}
              type="range"
              data-testid="replay-scrub"
              min={built.start}
              max={Math.max(built.ready, built.start + 1)}
              step={1_000_000}
              value={target ?? built.start}
              onChange={(e) => seek(Number(e.target.value))}
              style={{ width: '100%' }}
            />
            {chart && (
              <TimeChart title={t('replay.chart')} testId="replay-chart" t={chart.t} lines={chart.lines} version={chart.t.length} flow markers={chart.markers} cursor={state ? state.t / 1e6 : null} />
            )}
            <div className="row">
              <button data-testid="replay-pause" onClick={() => setSpeed(null)} disabled={speed === null}>
                {t('replay.pause')}
              </button>
              {SPEEDS.map((s) => (
                <button key={s} data-testid={`replay-play-${s}`} className={speed === s ? 'selected' : ''} onClick={() => setSpeed(s)}>
                  ▶ {s}×
                </button>
              ))}
            </div>
            {state && (
              <p data-testid="replay-state" data-t={state.t} data-hash={state.hash}>
                <b>{clock(state.t)}</b> ·{' '}
                {t('replay.summary', {
                  orders: formatNumber(lang, state.point.created),
                  failed: formatNumber(lang, state.point.failed),
                  done: formatNumber(lang, state.point.throughput),
                  p99: formatNumber(lang, state.point.e2eP99 / 1000, 1),
                })}{' '}
                ·{' '}
                {state.nodes
                  .filter((n) => n.state !== 'up')
                  .map((n) => `${n.id} ${isHealth(n.state) ? t(`health.${n.state}`) : n.state}`)
                  .join(', ') || t('replay.allUp')}{' '}
                <span className="muted small">{t('replay.hash', { hash: state.hash, ms: state.wallMs })}</span>
              </p>
            )}
            <ol className="events" data-testid="replay-events">
              {built.events.map((ev: TimelineEvent, i) => (
                <li key={i} className={`kind-${ev.kind}`} data-type={ev.command?.type ?? ev.kind}>
                  <button data-testid="replay-event" data-at={ev.at} onClick={() => seek(ev.at)}>
                    {clock(ev.at)}
                  </button>{' '}
                  <b>{ev.actor === 'scenario' && (ev.kind === 'fault' || ev.kind === 'fault_end') ? t('replay.scenario') : ev.actor}</b> {eventText(t, ev)}
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </Dialog>
  );
}

/** An event in the reader's language: commands and scheduled faults from their data, notes and the rest as recorded. */
function eventText(t: (key: MessageKey, params?: Record<string, string | number>) => string, ev: TimelineEvent): string {
  if (ev.command) return describeCommand(t, ev.command);
  if (ev.fault) return ev.kind === 'fault_end' ? t('replay.faultEnds', { id: ev.fault.id }) : `${ev.fault.id}: ${t(`kind.${ev.fault.kind}` as MessageKey)} ${ev.fault.target}`;
  return ev.label;
}
