import { useEffect, type JSX } from 'react';
import { mayControlClock } from '@twinlab/shared/session/roles';
import type { ClockRequest } from '@twinlab/shared/session/clock';
import type { SessionClient } from '../session/session.ts';
import { nextSpeed } from '../clock/speed.ts';
import { useT } from '../i18n/use-i18n.ts';
import { Dialog } from '../panels/Dialog.tsx';

export type ShortcutAction = { kind: 'clock'; request: ClockRequest } | { kind: 'help' } | { kind: 'escape' } | null;

export interface Modifiers {
  ctrl?: boolean;
  meta?: boolean;
  alt?: boolean;
  shift?: boolean;
}

/**
 * Key → action. Typing in a field never triggers a shortcut; clock keys are the lead's only.
 * A key held with Ctrl, Cmd or Alt belongs to the browser (Ctrl + = zooms the page), never to the lab;
 * Shift does not count, since + and ? are typed with it.
 */
export function shortcutFor(key: string, inField: boolean, clock: { running: boolean; speed: number } | null, lead: boolean, mods: Modifiers = {}): ShortcutAction {
  if (inField || mods.ctrl || mods.meta || mods.alt) return null;
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
      const mods = { ctrl: e.ctrlKey, meta: e.metaKey, alt: e.altKey, shift: e.shiftKey };
      const action = shortcutFor(e.key, inField, client.intendedClock(), mayControlClock(client.role), mods);
      if (!action) return;
      // Esc keeps its default: that default is what closes an open <dialog>.
      if (action.kind !== 'escape') e.preventDefault();
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
    <Dialog label={t('help.title')} onClose={onClose} data-testid="help">
      <div className="card">
        <h2>{t('help.title')}</h2>
        <ul>
          <li>{t('help.space')}</li>
          <li>{t('help.speed')}</li>
          <li>{t('help.help')}</li>
          <li>{t('help.escape')}</li>
        </ul>
        <button onClick={onClose}>{t('help.close')}</button>
      </div>
    </Dialog>
  );
}
