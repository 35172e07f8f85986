import { useCallback } from 'react';
import { useStore } from '../store/use-store.ts';
import { createI18n, translate, type Lang, type MessageKey } from './i18n.ts';

function localStore(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export const i18n = createI18n(localStore());

/** t() bound to the current language; components re-render when it changes. */
export function useT(): (key: MessageKey, params?: Record<string, string | number>) => string {
  const lang = useStore(i18n.store, (s) => s.lang);
  return useCallback((key, params) => translate(lang, key, params), [lang]);
}

export function useLang(): [Lang, (l: Lang) => void] {
  return [useStore(i18n.store, (s) => s.lang), i18n.setLang];
}
