import { useEffect, useMemo, useRef, useState, type JSX } from 'react';
import { DrillTracker, type ObjectiveState } from '@twinlab/shared/drill/track';
import type { DrillResult } from '@twinlab/shared/drill/grade';
import { formatClock } from '@twinlab/shared/scenario/units';
import type { SessionClient } from '../app/session/session.ts';
import type { Sample } from '../app/engine/protocol.ts';
import { useStore } from '../app/store/use-store.ts';
import { useT } from '../app/i18n/use-i18n.ts';
import { drillApi, type GuidedState, type Uncounted } from './api.ts';
import { sampleView } from './live.ts';
import { ResultPage } from './ResultPage.tsx';
import type { SolutionStep } from '@twinlab/shared/drill/solution';
import { describeWhen } from './words.ts';
import { useErrorText } from '../app/api/error-text.ts';

const clock = (us: number) => formatClock(us).slice(0, 8);
const HISTORY_US = 30_000_000;

/**
 * Guided mode: the drill's brief, the objective to work on, every objective checked live
 * against the lab's own run, hints, and the result page with the score the server computes.
 */
export interface DrillPanelProps {
  client: SessionClient;
  token: string;
  sessionId: string;
  /** The address bar asks for the result page (?panel=result): shown once the last grade is known. */
  showResult?: boolean;
  onResultShown?: (shown: boolean) => void;
}

export function DrillPanel({ client, token, sessionId, showResult = false, onResultShown }: DrillPanelProps): JSX.Element | null {
  const t = useT();
  const errorText = useErrorText();
  const scenario = useStore(client.store, (s) => s.scenario);
  const commands = useStore(client.store, (s) => s.commands);
  const simNow = useStore(client.store, (s) => s.simNow);
  const version = useStore(client.store, (s) => s.metricsVersion);
  const [guided, setGuided] = useState<GuidedState | null>(null);
  const [result, setResult] = useState<DrillResult | null>(null);
  const [graded, setGraded] = useState<{ solution: SolutionStep[] | null; uncounted: Uncounted } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<ObjectiveState[]>([]);
  const recent = useRef<Sample[]>([]);
  const tracker = useRef<{ t: DrillTracker; epoch: number } | null>(null);
  const drill = scenario?.drill;
  const lastResult = guided?.result ?? null;
  // Honoured once, on arrival: closing the result must not reopen it from the link it came from.
  const wantResult = useRef(showResult);
  useEffect(() => {
    if (!wantResult.current || !lastResult) return;
    wantResult.current = false;
    setResult((r) => r ?? lastResult);
  }, [lastResult]);
  const shown = result !== null;
  const report = useRef(onResultShown);
  report.current = onResultShown;
  const wasShown = useRef(shown);
  useEffect(() => {
    if (wasShown.current !== shown) report.current?.(shown);
    wasShown.current = shown;
  }, [shown]);

  const refresh = useMemo(
    () => async () => {
      try {
        const g = await drillApi.guided(sessionId, token);
        setGuided(g);
      } catch (e) {
        setError(errorText(e));
      }
    },
    [sessionId, token, errorText],
  );
  useEffect(() => {
    if (!drill) return;
    void refresh();
    const timer = setInterval(() => void refresh(), 5000);
    return () => clearInterval(timer);
  }, [drill, refresh]);

  // Feed every sample of the local run to the same tracker the server grades with.
  useEffect(() => {
    const sample = client.history?.last;
    if (!scenario || !drill || !sample) return;
    if (!tracker.current || tracker.current.epoch !== sample.epoch || sample.now < (recent.current.at(-1)?.now ?? 0)) {
      tracker.current = { t: new DrillTracker(scenario, drill), epoch: sample.epoch };
      recent.current = [];
    }
    recent.current.push(sample);
    while (recent.current.length > 2 && sample.now - recent.current[0]!.now > HISTORY_US) recent.current.shift();
    tracker.current.t.observe(sample.now, sampleView(sample, recent.current), commands);
    setLive(tracker.current.t.objectives.map((o) => ({ ...o })));
  }, [version, scenario, drill, commands, client]);

  if (!scenario || !drill) return null;
  const start = guided?.start ?? drill.start ?? scenario.window.start;
  const end = guided?.end ?? start + drill.timeLimit;
  const now = simNow ?? start;
  const current = live.find((o) => o.status === 'pending') ?? null;

  const ask = async (i: number) => {
    setBusy(`hint-${i}`);
    try {
      await drillApi.hint(sessionId, token, i);
      await refresh();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  const grade = async () => {
    setBusy('grade');
    setError(null);
    try {
      const r = await drillApi.grade(sessionId, token);
      setGraded({ solution: r.solution, uncounted: r.uncounted });
      setResult(r.result);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="panel drill" data-testid="drill-panel">
      <h3>{drill.title ?? scenario.title}</h3>
      <p className="muted">{drill.brief}</p>
      <p data-testid="drill-time" data-left={Math.max(0, end - now)}>
        {now < start ? t('drill.startsAt', { time: clock(start) }) : now >= end ? t('drill.timeUp') : t('drill.timeLeft', { now: clock(now), n: Math.ceil((end - now) / 60_000_000), end: clock(end) })}
      </p>
      {current && (
        <p className="current" data-testid="drill-current">
          {t('drill.current')} <b>{current.title}</b>
        </p>
      )}
      <ul className="objectives">
        {(live.length
          ? live
          : drill.objectives.map(
              (o) => ({ id: o.id, title: o.title, status: 'pending', ok: false, failures: [], when: '' }) as Pick<ObjectiveState, 'id' | 'title' | 'status' | 'ok' | 'failures' | 'when'>,
            )
        ).map((o) => (
          <li key={o.id} data-testid="objective" data-id={o.id} data-status={o.status} data-ok={String(o.ok)} className={`objective ${o.status}`}>
            <span className="mark">{o.status === 'met' ? '✓' : o.status === 'missed' ? '✗' : o.ok ? '●' : '○'}</span> {o.title}
            <span className="muted">
              {' '}
              ·{' '}
              {describeWhen(
                t,
                drill.objectives.find((x) => x.id === o.id)!,
              )}
            </span>
            {/* What a check wanted is shown once the objective is missed, as feedback; shown while pending it gave the answer away ("wanted == no_go"), free, where a hint costs points. */}
            {o.status === 'missed' && o.failures.length > 0 && (
              <div className="muted small" data-testid="objective-failures">
                {o.failures.join('; ')}
              </div>
            )}
          </li>
        ))}
      </ul>
      <div className="hints">
        {(guided?.hints ?? drill.hints.map((h, i) => ({ index: i, cost: h.cost, revealed: false, showsAt: null }))).map((h) => {
          const shown = h.revealed || ('showsAt' in h && h.showsAt !== null && now >= h.showsAt);
          return shown && 'text' in h && h.text ? (
            <p key={h.index} className="hint" data-testid={`hint-${h.index}`}>
              💡 {h.text}
            </p>
          ) : (
            <button key={h.index} data-testid={`hint-ask-${h.index}`} disabled={busy !== null || client.role === 'observer'} onClick={() => void ask(h.index)}>
              {h.showsAt !== null ? t('drill.hintFree', { n: h.index + 1, cost: h.cost, time: clock(h.showsAt) }) : t('drill.hint', { n: h.index + 1, cost: h.cost })}
            </button>
          );
        })}
      </div>
      <button className="primary" data-testid="drill-grade" disabled={busy !== null} onClick={() => void grade()}>
        {busy === 'grade' ? t('drill.grading') : t('drill.grade')}
      </button>
      {guided?.result && !result && (
        <button data-testid="drill-show-result" onClick={() => setResult(guided.result)}>
          {t('drill.lastScore', { score: guided.result.score })}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && <ResultPage result={result} drill={drill} graded={graded} sessionId={sessionId} token={token} onClose={() => setResult(null)} />}
    </section>
  );
}
