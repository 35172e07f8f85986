import { useEffect, useRef, useState, type JSX } from 'react';
import { formatClock } from '@twinlab/shared/scenario/units';
import { simTimeAt } from '@twinlab/shared/session/clock';
import type { TimelineEvent } from '@twinlab/shared/replay/timeline';
import { drillApi } from '../drill/api.ts';
import type { FromReplay, ReplayState, ToReplay } from './protocol.ts';

const SPEEDS = [1, 10, 60, 300];
const clock = (us: number) => formatClock(us).slice(0, 8);

/**
 * Replay of a recorded session: scrub the timeline, play at a speed, jump to any event, and see
 * who did what when. The page computes nothing itself: a worker re-runs the recorded inputs.
 */
export function ReplayView({ sessionId, token, onClose }: { sessionId: string; token: string; onClose: () => void }): JSX.Element {
  const worker = useRef<Worker | null>(null);
  const [built, setBuilt] = useState<Extract<FromReplay, { type: 'built' }> | null>(null);
  const [state, setState] = useState<ReplayState | null>(null);
  const [target, setTarget] = useState<number | null>(null);
  const [speed, setSpeed] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const nextId = useRef(1);
  const wanted = useRef<number | null>(null);

  const send = (m: ToReplay) => worker.current?.postMessage(m);
  const seek = (t: number) => {
    wanted.current = t;
    setTarget(t);
    if (inFlight.current) return; // the latest wish is sent when the running seek answers
    inFlight.current = true;
    send({ type: 'seek', id: nextId.current++, t });
  };

  useEffect(() => {
    const w = new Worker(new URL('./replay.worker.ts', import.meta.url), { type: 'module', name: 'twinlab-replay' });
    worker.current = w;
    w.onmessage = (e: MessageEvent<FromReplay>) => {
      const m = e.data;
      if (m.type === 'error') return setError(m.message);
      if (m.type === 'built') {
        setBuilt(m);
        seek(m.start);
        return;
      }
      inFlight.current = false;
      setState(m.state);
      if (wanted.current !== null && wanted.current !== m.state.t) seek(wanted.current);
    };
    drillApi.exportSession(sessionId, token).then(
      (exp) => {
        const last = exp.commands.reduce((t, c) => Math.max(t, c.at), 0);
        const until = Math.max(last, exp.clock ? simTimeAt(exp.clock, exp.exportedAt) : 0);
        w.postMessage({ type: 'build', exp, until } satisfies ToReplay);
      },
      (e: Error) => setError(e.message),
    );
    return () => w.terminate();
    // seek only posts to the worker made here
  }, [sessionId, token]);

  // Play: move the wished time forward by speed × wall time; seeks coalesce while one runs.
  useEffect(() => {
    if (speed === null || !built) return;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const from = wanted.current ?? built.start;
      const next = Math.min(built.end, from + Math.round((now - last) * 1000 * speed));
      last = now;
      seek(next);
      if (next >= built.end) setSpeed(null);
    }, 100);
    return () => clearInterval(timer);
  }, [speed, built]);

  return (
    <div className="overlay" role="dialog" aria-label="Replay" data-testid="replay">
      <div className="card replay">
        <header className="row">
          <h2>Replay</h2>
          <span className="spacer" />
          <button onClick={onClose}>Close</button>
        </header>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {!built ? (
          <p>Re-running the recorded session…</p>
        ) : (
          <>
            <p className="muted small">
              {clock(built.start)}–{clock(built.end)} · index built in {built.wallMs} ms with {built.snapshots.length} snapshots
            </p>
            <input
              type="range"
              data-testid="replay-scrub"
              min={built.start}
              max={built.end}
              step={1_000_000}
              value={target ?? built.start}
              onChange={(e) => seek(Number(e.target.value))}
              style={{ width: '100%' }}
            />
            <div className="row">
              <button data-testid="replay-pause" onClick={() => setSpeed(null)} disabled={speed === null}>
                Pause
              </button>
              {SPEEDS.map((s) => (
                <button key={s} data-testid={`replay-play-${s}`} className={speed === s ? 'selected' : ''} onClick={() => setSpeed(s)}>
                  ▶ {s}×
                </button>
              ))}
            </div>
            {state && (
              <p data-testid="replay-state" data-t={state.t} data-hash={state.hash}>
                <b>{clock(state.t)}</b> · {state.point.created} orders, {state.point.lost} lost, {state.point.throughput}/s done, p99 {(state.point.e2eP99 / 1000).toFixed(1)} ms ·{' '}
                {state.nodes
                  .filter((n) => n.state !== 'up')
                  .map((n) => `${n.id} ${n.state}`)
                  .join(', ') || 'all nodes up'}{' '}
                <span className="muted small">
                  (state {state.hash}, {state.wallMs} ms)
                </span>
              </p>
            )}
            <ol className="events" data-testid="replay-events">
              {built.events.map((ev: TimelineEvent, i) => (
                <li key={i} className={`kind-${ev.kind}`}>
                  <button data-testid="replay-event" data-at={ev.at} onClick={() => seek(ev.at)}>
                    {clock(ev.at)}
                  </button>{' '}
                  <b>{ev.actor}</b> {ev.label}
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </div>
  );
}
