import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { createSimulation } from '@twinlab/shared/engine/simulation';
import { EXPORT_FORMAT, type SessionExport } from '@twinlab/shared/replay/export';
import { parseClock } from '@twinlab/shared/scenario/units';
import { buildReport, type AfterActionReport } from '../src/reports/build.ts';
import { reportHtml } from '../src/reports/html.ts';
import { reportLang } from '../src/reports/words.ts';
import { htmlToPdf } from '../src/reports/pdf.ts';

// The gateway-crash drill, recorded: the SSE gateway crashes at 10:02 and the lead restarts it at 10:03.
const scenarioText = readFileSync(fileURLToPath(new URL('../../scenarios/drills/gateway-crash.yaml', import.meta.url)), 'utf8');
const at = (c: string) => parseClock(c)!;
const exp: SessionExport = {
  format: EXPORT_FORMAT,
  session: { id: 'aar-test', title: '网关故障演练' },
  scenarioText,
  seed: 1,
  commands: [{ seq: 0, at: at('10:03'), actor: '李工', command: { type: 'restart_node', node: 'gw-sse' } }],
  runbook: {},
  chat: [],
  hints: [],
  exportedAt: 0,
};

function report(): AfterActionReport {
  const r = buildReport(exp, { parseScenario, createSimulation });
  if (!r.ok) throw new Error(r.error);
  return r.report;
}

describe('the after-action report page', () => {
  const r = report();

  it('is in Chinese with lang="zh-CN" by default and for Chinese readers, in English for English ones', () => {
    const zh = reportHtml(r, 'zh-CN');
    expect(zh).toMatch(/^<!doctype html>\s*<html lang="zh-CN">/);
    expect(zh).toContain('<h1>复盘报告</h1>');
    expect(zh).toContain('参与者');
    expect(zh).not.toContain('After-action report');
    const en = reportHtml(r, 'en');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<h1>After-action report</h1>');
    expect(reportLang(undefined, undefined)).toBe('zh-CN');
    expect(reportLang(undefined, 'en-US,en;q=0.9')).toBe('en');
    expect(reportLang('en', 'zh-CN')).toBe('en');
    expect(reportLang(undefined, 'zh-TW,en;q=0.5')).toBe('zh-CN');
  });

  it('charts the flow over the session and around the crash and the restart, and has print CSS', () => {
    expect(r.series.length).toBeGreaterThan(100);
    const crash = r.timeline.find((e) => e.kind === 'fault')!;
    expect(crash.around!.length).toBe(13);
    expect(crash.around![0]!.at).toBe(crash.at - 60_000_000);
    expect(crash.around!.at(-1)!.at).toBe(crash.at + 60_000_000);
    const html = reportHtml(r, 'zh-CN');
    // One chart for the session, one per measured event (the crash, the restart).
    expect(html.match(/<svg class="chart"/g)?.length).toBe(1 + r.timeline.filter((e) => e.around).length);
    expect(html).toContain('@media print');
    expect(html).toContain('@page');
    expect(html).not.toContain('<script');
  });

  it('prints to a PDF with the Chromium the project uses', async () => {
    const out = await htmlToPdf(reportHtml(r, 'zh-CN'));
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.pdf.length).toBeGreaterThan(5_000);
  }, 60_000);

  it('says why there is no PDF when no Chromium is installed', async () => {
    expect(await htmlToPdf('<p>x</p>', '/nonexistent/chromium')).toMatchObject({ ok: false, reason: 'unavailable', detail: expect.stringContaining('CHROMIUM_PATH') });
  });
});
