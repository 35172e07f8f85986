import { describe, expect, it } from 'vitest';
import { TABLES_FOR_TEST, createI18n } from './i18n.ts';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe('i18n', () => {
  it('has the same keys and placeholders in Chinese and English', () => {
    const zh = TABLES_FOR_TEST['zh-CN'];
    const en = TABLES_FOR_TEST.en;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(en) as (keyof typeof en)[]) expect(holes(zh[k]), k).toEqual(holes(en[k]));
    for (const k of Object.keys(zh) as (keyof typeof zh)[]) expect(zh[k].length, k).toBeGreaterThan(0);
  });

  it('speaks Chinese by default and remembers a switch to English', () => {
    const storage = memory();
    const a = createI18n(storage);
    expect(a.t('clock.pause')).toBe('暂停');
    a.setLang('en');
    expect(a.t('clock.pause')).toBe('Pause');
    expect(createI18n(storage).t('lobby.online', { n: 3 })).toBe('3 online');
  });
});
