import type { Drill, Objective } from '@twinlab/shared/scenario/drill';
import type { DrillResult } from '@twinlab/shared/drill/grade';
import type { Penalty } from '@twinlab/shared/drill/score';
import { formatClock } from '@twinlab/shared/scenario/units';
import type { MessageKey } from '../app/i18n/i18n.ts';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

const hhmm = (us: number) => formatClock(us).slice(0, 5);

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

/** Why a result did not pass, in the reader's language (the server's reasons are English, for logs and reports). */
export function reasonsOf(t: T, result: Pick<DrillResult, 'objectives' | 'score'>, drill: Pick<Drill, 'scoring'>): string[] {
  const out = result.objectives.filter((o) => o.required && o.status === 'missed').map((o) => t('drill.reasonMissed', { title: o.title }));
  if (result.score < drill.scoring.pass) out.push(t('drill.reasonBelowPass', { score: result.score, pass: drill.scoring.pass }));
  return out;
}

/** What a penalty charged for; results stored before penalties carried values keep their English detail. */
export function penaltyText(t: T, p: Penalty): string {
  const detail = (p as Partial<Penalty>).values ? t(`drill.penaltyDetail.${p.kind}`, p.values) : p.detail;
  return t('drill.penalty', { points: p.points, kind: t(`drill.penalty.${p.kind}`), detail });
}
