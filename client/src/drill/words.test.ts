import { describe, expect, it } from 'vitest';
import { Objective } from '@twinlab/shared/scenario/drill';
import { translate } from '../app/i18n/i18n.ts';
import { describeWhen, penaltyText, reasonsOf } from './words.ts';

const objective = (when: Record<string, unknown>) => Objective.parse({ id: 'o', title: 'o', check: 'orders.lost == 0', ...when });

describe('describeWhen', () => {
  it('says when each kind of objective must hold, in Chinese and in English', () => {
    const zh = (o: Objective) => describeWhen((k, p) => translate('zh-CN', k, p), o);
    const en = (o: Objective) => describeWhen((k, p) => translate('en', k, p), o);
    expect(zh(objective({ always: true }))).toBe('全程');
    expect(zh(objective({ always: true, from: '10:00' }))).toBe('自 10:00 起全程');
    expect(zh(objective({ by: '10:10' }))).toBe('10:10 前');
    expect(zh(objective({ within: '3m', after: { fault: 'gw-sse-crash' } }))).toBe('故障 gw-sse-crash 后 3 分钟 内');
    expect(zh(objective({ within: '90s', after: { command: 'restart_node' } }))).toBe('首次“重启”后 90 秒 内');
    expect(en(objective({ within: '5m', after: { time: '09:30' } }))).toBe('within 5 min of 09:30');
  });
});

describe('reasonsOf and penaltyText', () => {
  const zh = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate('zh-CN', k, p);
  it('say why a drill failed and what cost points, in Chinese', () => {
    const objectives = [
      { id: 'a', title: '报盘恢复', weight: 1, required: true, when: '', status: 'missed' as const, ok: false, failures: [] },
      { id: 'b', title: '不丢单', weight: 1, required: false, when: '', status: 'missed' as const, ok: false, failures: [] },
      { id: 'c', title: '限流', weight: 1, required: true, when: '', status: 'met' as const, ok: true, failures: [] },
    ];
    expect(reasonsOf(zh, { objectives, score: 40 }, { scoring: { pass: 70 } as never })).toEqual(['未达成：报盘恢复', '得分 40 低于及格线 70']);
    expect(penaltyText(zh, { kind: 'lost_orders', points: 6, detail: '1200 orders lost (0 allowed)', values: { lost: 1200, allowed: 0 } })).toBe('丢单扣 6 分：丢单 1200 笔（允许 0 笔）');
    expect(penaltyText(zh, { kind: 'hints', points: 5, detail: '1 hint(s) asked for early' } as never)).toBe('提示扣 5 分：1 hint(s) asked for early');
  });
});
