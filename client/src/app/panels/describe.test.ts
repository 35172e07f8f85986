import { describe, expect, it } from 'vitest';
import { Command } from '@twinlab/shared/scenario/command';
import { translate } from '../i18n/i18n.ts';
import { describeCommand, phaseName } from './describe.ts';
import { A_SHARE_SESSIONS } from '@twinlab/shared/calendar/ashare';
import { OFF_SESSION_PHASES } from '@twinlab/shared/calendar/calendar';

const zh = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('zh-CN', key, params);
const en = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('en', key, params);

describe('describeCommand', () => {
  it('says every kind of command in the users’ words, never by its type name', () => {
    const samples: Command[] = [
      { type: 'claim_role', role: 'dba' },
      { type: 'step_start', step: 'backup' },
      { type: 'step_done', step: 'backup', note: '备份完成' },
      { type: 'step_signoff', step: 'backup' },
      { type: 'gate_decision', gate: 'go-live', decision: 'no_go', reason: '对账不平' },
      { type: 'start_rollback', reason: '对账不平，回退' },
      { type: 'emergency_stop', reason: '丢单' },
      { type: 'switch_primary', to: 'new' },
      { type: 'reconcile' },
      { type: 'rerun_shadow' },
      { type: 'classify_break', account: 3, field: 'funds', as: 'fee_rule' },
      { type: 'migrate_data' },
      { type: 'validate_migration' },
      { type: 'clean_migration' },
      { type: 'resync_reports', node: 'gw-sse' },
      { type: 'request_resend', file: 'sz-settlement' },
      { type: 'backlog', node: 'gw-sse', action: 'cancel' },
      { type: 'mark_invalid', node: 'gw-sse' },
      { type: 'mass_cancel', scope: 'account', account: 7 },
      { type: 'kill_switch', scope: 'pbu', pbu: '013579', on: true },
      { type: 'calendar_set', node: 'counter-new', date: '2026-10-08', trading: true },
      { type: 'rerun_clearing', from: 'checkpoint' },
    ];
    const kinds = (Command.options as { shape: { type: { value: string } } }[]).map((o) => o.shape.type.value);
    expect(kinds.filter((k) => !['restart_node', 'failover', 'failback', 'drain_node', 'resume_node', 'throttle', 'set_config', 'inject_fault', 'clear_fault', 'set_load'].includes(k)).sort()).toEqual(
      samples.map((c) => c.type).sort(),
    );
    for (const c of samples) {
      const line = describeCommand(zh, c);
      expect(line, c.type).not.toContain(c.type);
      expect(line, c.type).not.toMatch(/\{\w+\}/);
    }
    expect(describeCommand(zh, samples[4]!)).toBe('关口决策 go-live: 不放行, 对账不平');
    expect(describeCommand(en, { type: 'switch_primary', to: 'legacy' })).toBe('switches the primary to the legacy system');
    expect(describeCommand(zh, { type: 'kill_switch', scope: 'firm', on: false })).toBe('紧急停止交易 全公司 (解除)');
    expect(describeCommand(en, { type: 'backlog', node: 'gw-sse', action: 'cancel' })).toBe('held orders (待报) at gw-sse: cancel');
    expect(describeCommand(zh, { type: 'calendar_set', node: 'counter-new', date: '2026-10-10', trading: false })).toBe('修改交易日历 counter-new: 2026-10-10 设为休市');
    expect(describeCommand(zh, { type: 'classify_break', field: 'funds', as: 'dirty_migrated_record' })).toBe('归类对账差异 资金 → 迁移脏数据');
    expect(describeCommand(en, { type: 'rerun_clearing', from: 'start' })).toBe('reruns the clearing batch from the start');
  });
});

describe('phaseName', () => {
  it('names every phase of the A-share day and the breaks between in Chinese, and keeps a scenario’s own phase names', () => {
    for (const p of [...A_SHARE_SESSIONS.map((s) => s.phase), ...OFF_SESSION_PHASES]) {
      expect(phaseName(zh, p), p).not.toBe(p);
      expect(phaseName(zh, p), p).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(phaseName(zh, 'continuous_am')).toBe('上午连续竞价');
    expect(phaseName(en, 'lunch_break')).toBe('lunch break');
    expect(phaseName(zh, 'night_session')).toBe('night_session');
  });
});
