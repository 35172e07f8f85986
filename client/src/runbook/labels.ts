import type { Lang } from '../app/i18n/i18n.ts';

/** The runbook panel's words, in the lab's two languages. */
const ZH = {
  title: '切换手册 Runbook',
  window: '窗口截止 {deadline}，余量 {slack}',
  late: '已超时 {slack}',
  complete: '已完成',
  rto: 'RTO {rto}',
  rollback: '回退中：{reason}',
  forward: '正向步骤',
  rollbackPath: '回退路径',
  owner: '负责',
  by: '执行',
  signoffs: '签核',
  claim: '认领 {role}',
  start: '开始',
  done: '完成',
  signoff: '签核',
  go: '切换 GO',
  noGo: '不切换 NO-GO',
  reason: '理由',
  halted: '已停止：{reason}',
  refused: '被拒绝：{text}',
  verified: '验证通过',
  failedCheck: '验证未通过',
  wrong: '错误决策',
  status_pending: '待办', status_running: '进行中', status_awaiting_signoff: '待签核', status_done: '完成', status_failed: '失败', status_skipped: '跳过',
} as const;

export type LabelKey = keyof typeof ZH;

const EN: Record<LabelKey, string> = {
  title: 'Runbook',
  window: 'deadline {deadline}, slack {slack}',
  late: 'late by {slack}',
  complete: 'complete',
  rto: 'RTO {rto}',
  rollback: 'rolling back: {reason}',
  forward: 'Forward path',
  rollbackPath: 'Rollback path',
  owner: 'owner',
  by: 'by',
  signoffs: 'signed off',
  claim: 'Claim {role}',
  start: 'Start',
  done: 'Done',
  signoff: 'Sign off',
  go: 'GO',
  noGo: 'NO-GO',
  reason: 'reason',
  halted: 'Halted: {reason}',
  refused: 'Refused: {text}',
  verified: 'verified',
  failedCheck: 'verification failed',
  wrong: 'wrong decision',
  status_pending: 'pending', status_running: 'running', status_awaiting_signoff: 'awaiting sign-off', status_done: 'done', status_failed: 'failed', status_skipped: 'skipped',
};

export function label(lang: Lang, key: LabelKey, params: Record<string, string> = {}): string {
  const text: string = lang === 'en' ? EN[key] : ZH[key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => params[name] ?? m);
}
