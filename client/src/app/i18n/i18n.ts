import { createStore } from '../store/store.ts';
import { en, type MessageKey } from './en.ts';
import { zh } from './zh.ts';

export type Lang = 'zh-CN' | 'en';
export type { MessageKey };

const TABLES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };
const STORAGE_KEY = 'twinlab.lang';

/** Storage is injectable so the choice can be tested without a browser. */
export function createI18n(storage: Pick<Storage, 'getItem' | 'setItem'> | null) {
  const saved = storage?.getItem(STORAGE_KEY);
  const store = createStore({ lang: (saved === 'en' ? 'en' : 'zh-CN') as Lang });
  return {
    store,
    setLang(lang: Lang) {
      storage?.setItem(STORAGE_KEY, lang);
      store.set({ lang });
    },
    t(key: MessageKey, params: Record<string, string | number> = {}, lang: Lang = store.get().lang): string {
      return translate(lang, key, params);
    },
  };
}

export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return TABLES[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export const TABLES_FOR_TEST = TABLES;
