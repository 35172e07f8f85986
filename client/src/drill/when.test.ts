import { describe, expect, it } from 'vitest';
import { Objective } from '@twinlab/shared/drill/schema';
import { translate } from '../app/i18n/i18n.ts';
import { describeWhen } from './when.ts';

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
