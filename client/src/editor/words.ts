import { SAY_GOT, SAY_TYPES, SAY_WHAT, type Say } from '@twinlab/shared/scenario/parse';
import type { MessageKey } from '../app/i18n/i18n.ts';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

const TYPES = new Set<string>(SAY_TYPES);
const GOT = new Set<string>(SAY_GOT);
const WHAT = new Set<string>(SAY_WHAT);

/**
 * A scenario error in the reader's language: from its key and values when the parser gave them,
 * else its English message (the schema's own wordings, e.g. "unknown node … in link").
 */
export function scenarioErrorText(t: T, e: { message: string; say?: Say }): string {
  if (!e.say) return e.message;
  const params: Record<string, string | number> = { ...e.say.params };
  if (typeof params['expected'] === 'string') {
    params['expected'] = params['expected']
      .split('|')
      .map((code) => (TYPES.has(code) ? t(`parse.type.${code}` as MessageKey) : code))
      .join(t('parse.or'));
  }
  const what = params['what'];
  if (typeof what === 'string' && WHAT.has(what)) params['what'] = t(`parse.what.${what}` as MessageKey);
  const kind = params['gotKind'];
  if (typeof kind === 'string' && GOT.has(kind)) params['got'] = t(`parse.got.${kind}` as MessageKey);
  return t(`parse.${e.say.key}` as MessageKey, params);
}
