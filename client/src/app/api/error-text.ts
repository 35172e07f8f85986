import { useCallback } from 'react';
import { useStore } from '../store/use-store.ts';
import { i18n } from '../i18n/use-i18n.ts';
import { translate, type Lang, type MessageKey } from '../i18n/i18n.ts';
import type { ErrorCode } from '@twinlab/shared/session/error-codes';
import { ApiError } from './api.ts';

/** Words for each of the server's error codes. */
export const ERROR_KEYS = {
  invalid_json: 'error.code.invalid_json',
  invalid_body: 'error.code.invalid_body',
  bad_request: 'error.code.bad_request',
  unauthorized: 'error.code.unauthorized',
  forbidden: 'error.code.forbidden',
  not_found: 'error.code.not_found',
  conflict: 'error.code.conflict',
  too_large: 'error.code.too_large',
  rate_limited: 'error.code.rate_limited',
  internal: 'error.code.internal',
  unavailable: 'error.code.unavailable',
} as const satisfies Record<ErrorCode, MessageKey>;

/**
 * An error in the reader's language. A server error with a known code reads as its translation;
 * in English the server's own sentence follows, since it says exactly what and where. Anything
 * else (a network failure, an old server without codes) keeps its message.
 */
export function errorText(lang: Lang, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const code = e instanceof ApiError && e.code !== null && e.code in ERROR_KEYS ? (e.code as keyof typeof ERROR_KEYS) : null;
  if (!code) return translate(lang, 'error.request', { message });
  const said = translate(lang, ERROR_KEYS[code]);
  return lang === 'en' ? `${said}: ${message}` : said;
}

export function useErrorText(): (e: unknown) => string {
  const lang = useStore(i18n.store, (s) => s.lang);
  return useCallback((e: unknown) => errorText(lang, e), [lang]);
}
