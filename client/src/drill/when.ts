import type { Objective } from '@twinlab/shared/drill/schema';
import type { MessageKey } from '../app/i18n/i18n.ts';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

const hhmm = (us: number) => {
  const m = Math.floor(us / 60_000_000);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** When an objective must hold, in the reader's language (the shared tracker says it in English for logs and reports). */
export function describeWhen(t: T, o: Objective): string {
  if (o.always) return o.from !== undefined ? t('drill.whenAlwaysFrom', { time: hhmm(o.from) }) : t('drill.whenAlways');
  if (o.by !== undefined) return t('drill.whenBy', { time: hhmm(o.by) });
  const within = o.within!;
  const span = within % 60_000_000 === 0 ? t('drill.minutes', { n: within / 60_000_000 }) : t('drill.seconds', { n: within / 1_000_000 });
  const a = o.after!;
  if ('fault' in a) return t('drill.whenAfterFault', { span, fault: a.fault });
  if ('command' in a) return t('drill.whenAfterCommand', { span, command: t(`cmd.${a.command}`) });
  return t('drill.whenAfterTime', { span, time: hhmm(a.time) });
}
