import { useEffect, type JSX } from 'react';
import { mayControlClock } from '@twinlab/shared/session/roles';
import type { ClockRequest } from '@twinlab/shared/session/clock';
import type { SessionClient } from '../session/session.ts';
import { nextSpeed } from '../clock/speed.ts';
import { useT } from '../i18n/use-i18n.ts';

export type ShortcutAction = { kind: 'clock'; request: ClockRequest } | { kind: 'help' } | { kind: 'escape' } | null;

/** Key → action. Typing in a field never triggers a shortcut; clock keys are the lead's only. */
export function shortcutFor(key: string, inField: boolean, clock: { running: boolean; speed: number } | null, lead: boolean): ShortcutAction {
  if (inField) return null;
  if (key === '?') return { kind: 'help' };
  if (key === 'Escape') return { kind: 'escape' };
  if (!lead || !clock) return null;
  if (key === ' ') return { kind: 'clock', request: { action: clock.running ? 'pause' : 'play' } };
  if (key === '+' || key === '=') return { kind: 'clock', request: { action: 'speed', speed: nextSpeed(clock.speed, 1) } };
  if (key === '-' || key === '_') return { kind: 'clock', request: { action: 'speed', speed: nextSpeed(clock.speed, -1) } };
  return null;
}

export function useShortcuts(client: SessionClient, toggleHelp: () => void, closeHelp: () => void): void {
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      const inField = !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
      const action = shortcutFor(e.key, inField, client.intendedClock(), mayControlClock(client.role));
      if (!action) return;
      e.preventDefault();
      if (action.kind === 'help') toggleHelp();
      else if (action.kind === 'escape') {
        closeHelp();
        client.select(null);
      } else void client.clockRequest(action.request);
    };
    addEventListener('keydown', on);
    return () => removeEventListener('keydown', on);
  }, [client, toggleHelp, closeHelp]);
}

export function HelpOverlay({ onClose }: { onClose: () => void }): JSX.Element {
  const t = useT();
  return (
    <div className="overlay" role="dialog" aria-label={t('help.title')} onClick={onClose}>
      <div className="card" onClick={(e) => e.stopPropagation()}>
        <h2>{t('help.title')}</h2>
        <ul>
          <li>{t('help.space')}</li>
          <li>{t('help.speed')}</li>
          <li>{t('help.help')}</li>
          <li>{t('help.escape')}</li>
        </ul>
        <button onClick={onClose}>{t('help.close')}</button>
      </div>
    </div>
  );
}
