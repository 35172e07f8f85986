import type { Evidence, Finding } from '@twinlab/shared/diagnose/finding';
import type { MessageKey } from '../app/i18n/en.ts';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Where a finding's calendar or fee rule sits, in the reader's words. */
function where(t: T, f: Finding): string {
  const p = f.params;
  if (f.kind === 'calendar') return p['list'] === 'newCalendar' ? t('diagnose.where.newCalendar', { node: p['node'] ?? '' }) : t('diagnose.where.calendar');
  if (f.kind === 'fee_rule') return p['node'] ? t('diagnose.where.node', { node: p['node'] }) : t('diagnose.where.fees');
  return '';
}

/** A finding's message and fix in the reader's language, from its key and values (the server's English is for logs). */
export function findingWords(t: T, f: Finding): { message: string; fix: string } {
  const p = f.params;
  const params = { ...p, where: where(t, f) };
  // A system's calendar is corrected with calendar_set rows, whichever way its list is wrong.
  const fix = f.kind === 'calendar' && p['rows'] && (f.key === 'calendarOmits' || f.key === 'calendarExtra') ? 'diagnose.fix.calendarRows' : (`diagnose.fix.${f.key}` as MessageKey);
  return { message: t(`diagnose.f.${f.key}` as MessageKey, params), fix: t(fix, params) };
}

export function evidenceWords(t: T, e: Evidence): string {
  const p = e.params;
  if (e.key === 'publishedDay') return t('diagnose.e.publishedDay', { date: p['date'] ?? '', status: t(`diagnose.e.status.${String(p['status'])}` as MessageKey) });
  if (e.key === 'commission') return t('diagnose.e.commission', { yuan: (Number(p['fen'] ?? 0) / 100).toFixed(2) });
  return t(`diagnose.e.${e.key}` as MessageKey, p);
}
