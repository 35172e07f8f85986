import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario, SAY_GOT, SAY_KEYS, SAY_TYPES, SAY_WHAT, type ScenarioError } from '@twinlab/shared/scenario/parse';
import { TABLES_FOR_TEST, translate, type Lang, type MessageKey } from '../app/i18n/i18n.ts';
import { scenarioErrorText } from './words.ts';

const drill = readFileSync(fileURLToPath(new URL('../../../scenarios/drills/gateway-crash.yaml', import.meta.url)), 'utf8');

function errorsOf(text: string): ScenarioError[] {
  const r = parseScenario(text, 'editor');
  if (r.ok) throw new Error('expected the edit to be refused');
  return r.errors;
}
const say = (lang: Lang, e: ScenarioError) => scenarioErrorText((key: MessageKey, params) => translate(lang, key, params), e);
const only = (text: string) => {
  const [e, ...rest] = errorsOf(text);
  expect(rest).toEqual([]);
  return e!;
};

describe('scenario errors in the reader’s language', () => {
  it('says the common mistakes in Chinese, with the values the author wrote', () => {
    expect(say('zh-CN', only(drill.replace(/servers: (\d+)/, 'servers: "four"')))).toBe('应为数字，实际是 "four"');
    expect(say('zh-CN', only(drill.replace('timeLimit: 15m', 'timeLimit: fifteen')))).toMatch(/^"fifteen" 不是时长/);
    expect(say('zh-CN', only(drill.replace(/servers: (\d+)/, 'servres: $1')))).toBe('未知的键 "servres"');
    expect(say('zh-CN', only(drill.replace('kind: crash', 'kind: crush')))).toMatch(/^未知的 kind "crush"：应为 .*crash.* 之一$/);
    expect(say('zh-CN', only('schemaVersion: 1\nid: x\n---\nid: y\n'))).toMatch(/只能有一个 YAML 文档/);
  });

  it('reads the same as the parser’s English in English', () => {
    for (const e of [only(drill.replace(/servers: (\d+)/, 'servers: "four"')), only(drill.replace(/servers: (\d+)/, 'servres: $1')), only(drill.replace('timeLimit: 15m', 'timeLimit: fifteen'))]) {
      expect(e.say, e.message).toBeDefined();
      expect(say('en', e)).toBe(e.message);
    }
  });

  it('says the topology’s cross-references in Chinese too, and keeps the English of what has no translation', () => {
    const link = errorsOf(drill.replace('{ from: terminals, to: counter,', '{ from: terminals, to: nowhere,')).find((x) => x.path === 'links[0].to')!;
    expect(say('zh-CN', link)).toBe('链路中的节点 "nowhere" 不存在');
    expect(say('en', link)).toBe(link.message);
    const twice = errorsOf(drill.replace('{ id: risk, kind: risk', '{ id: counter, kind: risk')).find((x) => x.say?.key === 'duplicateId')!;
    expect(say('zh-CN', twice)).toBe('节点 id "counter" 重复');
    const loop = errorsOf(drill.replace('{ from: counter, to: risk,', '{ from: counter, to: counter,')).find((x) => x.message === 'a link joins two different nodes')!;
    expect(loop.say).toBeUndefined();
    expect(say('zh-CN', loop)).toBe(loop.message);
  });

  it('has words in both languages for everything the parser can say', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const keys = [...SAY_KEYS, ...SAY_TYPES.map((x) => `type.${x}`), ...SAY_GOT.map((x) => `got.${x}`), ...SAY_WHAT.map((x) => `what.${x}`)];
      for (const key of keys) expect(TABLES_FOR_TEST[lang][`parse.${key}` as MessageKey], `${lang} parse.${key}`).toBeTruthy();
    }
  });
});
