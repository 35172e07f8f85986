import { describe, expect, it } from 'vitest';
import { diagnoseScenario, diagnoseSession } from '@twinlab/shared/diagnose/index';
import { translate } from '../app/i18n/i18n.ts';
import { readRepoFile } from '../../../shared/scripts/repo-files.mjs';
import { evidenceWords, findingWords } from './words.ts';

describe("a diagnosis in the reader's language", () => {
  it('says the wrong holiday calendar in Chinese and in English, with no placeholder left', () => {
    const d = diagnoseScenario(readRepoFile('scenarios/holiday-calendar-misconfig.yaml'), 'h.yaml');
    const extra = d.findings.find((f) => f.key === 'calendarExtra')!;
    const zh = findingWords((k, p) => translate('zh-CN', k, p), extra);
    const en = findingWords((k, p) => translate('en', k, p), extra);
    expect(zh.message).toBe('导入 counter-new 的日历把 2026-10-08 列为休市，但交易所当天开市');
    expect(en.message).toBe('The calendar loaded into counter-new lists 2026-10-08 as a closure, but the exchanges trade that day');
    expect(zh.fix).toBe('在 counter-new 上用 calendar_set 按交易所休市安排公告逐行修正日历：calendar_set {node: counter-new, date: 2026-10-08, trading: true}');
    const saturday = d.findings.find((f) => f.key === 'calendarTradingOnClosed')!;
    expect(findingWords((k, p) => translate('zh-CN', k, p), saturday).fix).toBe('在 counter-new 上用 calendar_set 把 2026-10-10 设为休市（trading: false）：休市日不接受委托和转账');
    expect(evidenceWords((k, p) => translate('zh-CN', k, p), saturday.evidence[0]!)).toBe('交易所公告：2026-10-10 是调休上班日：交易所休市');
    const evidence = extra.evidence.map((e) => evidenceWords((k, p) => translate('zh-CN', k, p), e));
    expect(evidence[0]).toContain('2026-10-01');
    for (const f of d.findings) {
      for (const lang of ['zh-CN', 'en'] as const) {
        const w = findingWords((k, p) => translate(lang, k, p), f);
        expect(`${w.message} ${w.fix} ${f.evidence.map((e) => evidenceWords((k, p) => translate(lang, k, p), e)).join(' ')}`).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('names the fee rule of a node', () => {
    const d = diagnoseScenario(readRepoFile('scenarios/oms-dual-run-fee-rule.yaml'), 'o.yaml');
    expect(findingWords((k, p) => translate('zh-CN', k, p), d.findings[0]!).message).toBe('节点 oms-new：对每一笔部分成交都收取 5.00 元最低佣金');
  });

  it('names the clearing that skips a cash dividend, and the breaks after clearing, in both languages', () => {
    const text = readRepoFile('scenarios/drills/first-night-clearing.yaml');
    const skipped = diagnoseScenario(text, 'f.yaml').findings.find((f) => f.key === 'dividendSkipped')!;
    const zh = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate('zh-CN', k, p);
    expect(findingWords(zh, skipped).message).toBe('oms-new 的清算没有映射现金红利（红利）业务类型，跳过了 sz-1（000858）的记录：清算后它的资金与 o32 不一致，只有清算后对账才看得到');
    expect(evidenceWords(zh, skipped.evidence[0]!)).toBe('结算文件 sz-1（SZSE）含 000858 的现金红利记录，oms-new 的清算跳过了');
    // The mapping set right in the session, the clearing not rerun: the breaks after clearing remain.
    const run: Record<string, string | number> = { 'recon.checkpoint': 'post_clearing', 'recon.corporate_action': 60, 'recon.at': 65_100_000_000 };
    const d = diagnoseSession(text, 'f.yaml', {
      commands: [{ seq: 0, at: 65_700_000_000, actor: '王工', command: { type: 'set_config', node: 'oms-new', key: 'clearing.cashDividend', value: 'post' } }],
      view: (p) => run[p],
    });
    const breaks = d.findings.find((f) => f.key === 'corporateActionBreaks')!;
    expect(evidenceWords((k, p) => translate('en', k, p), breaks.evidence[0]!)).toBe('Last reconciliation, after clearing at 18:05:00: 60 break(s) of cause corporate_action');
    expect(translate('zh-CN', `diagnose.kind.${breaks.kind}`)).toBe('夜间清算');
    for (const f of d.findings.filter((x) => x.kind === 'clearing'))
      for (const lang of ['zh-CN', 'en'] as const) {
        const w = findingWords((k, p) => translate(lang, k, p), f);
        expect(`${w.message} ${w.fix} ${f.evidence.map((e) => evidenceWords((k, p) => translate(lang, k, p), e)).join(' ')}`).not.toMatch(/\{\w+\}/);
      }
  });
});
