import { useState, type JSX } from 'react';
import { formatClock, parseClock } from '@twinlab/shared/scenario/units';
import { nextActive } from '@twinlab/shared/scenario/window';
import { mayControlClock } from '@twinlab/shared/session/roles';
import type { SessionClient } from '../session/session.ts';
import { useStore } from '../store/use-store.ts';
import { useLang, useT } from '../i18n/use-i18n.ts';
import { nextSpeed } from '../clock/speed.ts';
import { phaseName } from './describe.ts';
import { formatNumber } from '../i18n/format.ts';

/** The shared clock: everyone sees it, only the lead moves it (the server enforces that too). */
export function ClockBar({ client }: { client: SessionClient }): JSX.Element {
  const t = useT();
  const [lang] = useLang();
  const clock = useStore(client.store, (s) => s.clock);
  const simNow = useStore(client.store, (s) => s.simNow);
  const hash = useStore(client.store, (s) => s.hash);
  const status = useStore(client.store, (s) => s.status);
  const meta = useStore(client.store, (s) => s.meta);
  const notice = useStore(client.store, (s) => s.notice);
  useStore(client.store, (s) => s.metricsVersion);
  const last = client.history?.last;
  const lead = mayControlClock(client.role);
  // Empty until typed: the placeholder (and an empty submit) is a minute on from now, not a fixed 09:30.
  const [seekTo, setSeekTo] = useState('');
  // Without the milliseconds, so that a later day's "D+3 09:31:00" parses back as it reads.
  const suggested = simNow === null ? '' : formatClock(simNow + 60_000_000).replace(/\.\d{3}$/, '');
  const scenario = useStore(client.store, (s) => s.scenario);
  const next = scenario && simNow !== null ? nextActive(scenario, simNow) : null;
  const wanted = seekTo.trim() || suggested;
  const seek = () => {
    const to = parseClock(wanted);
    if (to !== undefined) void client.clockRequest({ action: 'seek', to });
  };
  const title = lead ? undefined : t('clock.leadOnly');
  return (
    <div className="clockbar" data-running={clock?.running ? 'true' : 'false'}>
      <strong className="session-title">{meta?.title ?? ''}</strong>
      <span className={`status status-${status}`}>{t(status === 'closed' ? 'status.disconnected' : `status.${status}`)}</span>
      <button data-testid="clock-toggle" disabled={!lead || !clock} title={title} onClick={() => clock && void client.clockRequest({ action: client.intendedClock()?.running ? 'pause' : 'play' })}>
        {clock?.running ? t('clock.pause') : t('clock.play')}
      </button>
      <button
        disabled={!lead || !clock}
        title={title ?? t('clock.slower')}
        aria-label={t('clock.slower')}
        onClick={() => clock && void client.clockRequest({ action: 'speed', speed: nextSpeed(client.intendedClock()?.speed ?? clock.speed, -1) })}
      >
        −
      </button>
      <span className="speed" data-testid="speed">
        {t('clock.speed', { speed: clock?.speed ?? 1 })}
      </span>
      <button
        disabled={!lead || !clock}
        title={title ?? t('clock.faster')}
        aria-label={t('clock.faster')}
        onClick={() => clock && void client.clockRequest({ action: 'speed', speed: nextSpeed(client.intendedClock()?.speed ?? clock.speed, 1) })}
      >
        +
      </button>
      <span className="simtime" data-testid="sim-time" data-sim-now={simNow ?? ''}>
        {simNow === null ? '--:--:--' : formatClock(simNow)}
      </span>
      <span className="muted">{clock?.running ? t('clock.running') : t('clock.paused')}</span>
      {lead && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            seek();
          }}
        >
          <input
            data-testid="seek-time"
            className="time"
            value={seekTo}
            placeholder={suggested}
            title={t('clock.seekTime')}
            aria-label={t('clock.seekTime')}
            onChange={(e) => setSeekTo(e.target.value)}
          />
          <button type="submit" data-testid="seek" disabled={parseClock(wanted) === undefined}>
            {t('clock.seek')}
          </button>
          <button
            type="button"
            data-testid="seek-next"
            disabled={next === null || next <= (simNow ?? 0)}
            title={next === null ? undefined : formatClock(next)}
            onClick={() => next !== null && void client.clockRequest({ action: 'seek', to: next })}
          >
            {t('clock.next')}
          </button>
        </form>
      )}
      {last && (
        <span className="muted" data-testid="summary">
          {t('summary.phase')} {phaseName(t, last.phase)} · {t('summary.orders')} {formatNumber(lang, last.created)} · {t('summary.inFlight')} {formatNumber(lang, last.inFlight)}
        </span>
      )}
      {notice && !notice.ok && (
        <span className="error small" role="alert" data-testid="notice">
          {t('cmd.refused', { error: notice.text })}
        </span>
      )}
      <span className="spacer" />
      <span className="hash" data-testid="state-hash" data-hash={hash?.hash ?? ''} data-hash-at={hash?.now ?? ''} title={t('clock.hash')}>
        {hash ? `${t('clock.hash')} ${hash.hash.slice(0, 12)}` : ''}
      </span>
    </div>
  );
}
