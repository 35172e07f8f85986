import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts.tsx';

describe('shortcutFor', () => {
  const paused = { running: false, speed: 10 };
  it('gives the lead play/pause on space and the speed ladder on + and -', () => {
    expect(shortcutFor(' ', false, paused, true)).toEqual({ kind: 'clock', request: { action: 'play' } });
    expect(shortcutFor(' ', false, { ...paused, running: true }, true)).toEqual({ kind: 'clock', request: { action: 'pause' } });
    expect(shortcutFor('+', false, paused, true)).toEqual({ kind: 'clock', request: { action: 'speed', speed: 30 } });
    expect(shortcutFor('-', false, paused, true)).toEqual({ kind: 'clock', request: { action: 'speed', speed: 5 } });
  });
  it('does nothing to the clock for others, nor while typing; help works for everyone', () => {
    expect(shortcutFor(' ', false, paused, false)).toBeNull();
    expect(shortcutFor(' ', true, paused, true)).toBeNull();
    expect(shortcutFor('?', false, paused, false)).toEqual({ kind: 'help' });
  });
  it('leaves Ctrl/Cmd/Alt + and - to the browser (page zoom), and Ctrl+Space too', () => {
    for (const mods of [{ ctrl: true }, { meta: true }, { alt: true }]) {
      for (const key of ['+', '=', '-', '_', ' ', '?']) expect(shortcutFor(key, false, paused, true, mods)).toBeNull();
    }
    // Shift alone is how + and ? are typed on most layouts: still a shortcut.
    expect(shortcutFor('+', false, paused, true, { shift: true })).toEqual({ kind: 'clock', request: { action: 'speed', speed: 30 } });
  });
});
