import { formatClock } from '@twinlab/shared/scenario/units';
import type { AfterActionReport, ReportEvent } from './build.ts';
import { word, type ReportLang, type ReportWord } from './words.ts';
import { lineChartSvg } from './svg.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const ms = (us: number) => `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
const clock = (us: number | undefined) => (us === undefined ? '—' : formatClock(us).slice(0, 8));
const DONE = '#1a7f37';
const P99 = '#d9730d';

/**
 * The after-action report as one self-contained HTML page (no scripts, no external files): it is
 * also the exported file. In the reader's language (lang="zh-CN" for Chinese), with the flow over
 * the session and around each event as inline SVG, and print CSS so it prints (and turns into a
 * PDF, pdf.ts) without the screen's layout.
 */
export function reportHtml(r: AfterActionReport, lang: ReportLang = 'zh-CN'): string {
  const w = (k: ReportWord, p?: Record<string, string | number>) => esc(word(lang, k, p));
  const num = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const compact = new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 });
  const n = (x: number) => num.format(x);
  const d = r.drill;
  const drill = d
    ? `<section><h2>${w('drill')}: ${esc(d.title)}</h2>
<p class="score ${d.passed ? 'pass' : 'fail'}"><b>${d.score}</b> / 100 — ${d.passed ? w('passed') : w('notPassed')}</p>
${d.reasons.length ? `<ul>${d.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : ''}
<table class="objectives"><thead><tr><th>${w('objective')}</th><th>${w('when')}</th><th>${w('result')}</th><th>${w('at')}</th><th>${w('weight')}</th></tr></thead><tbody>
${d.objectives.map((o) => `<tr class="${o.status}"><td>${esc(o.title)}</td><td>${esc(o.when)}</td><td>${w(`status.${o.status}` as ReportWord)}</td><td>${clock(o.metAt ?? o.missedAt)}</td><td>${o.weight}</td></tr>`).join('\n')}
</tbody></table>
<p>${w('objectives', { points: d.objectivesPoints, penalties: d.penalties.length ? d.penalties.map((p) => `${p.detail} (−${p.points})`).join('; ') : word(lang, 'none') })}</p></section>`
    : '';
  const delta = (a: number | undefined, b: number | undefined, f: (x: number) => string = n) => (a === undefined || b === undefined ? '' : `${f(a)} → ${f(b)}`);
  const kind = (e: ReportEvent) => w(`kind.${e.kind}` as ReportWord);
  const markers = r.timeline.filter((e) => e.before).map((e) => ({ t: e.at, color: e.kind === 'fault' ? '#cf222e' : '#8250df' }));
  const chart = (points: NonNullable<ReportEvent['around']>, label: string, height?: number) =>
    lineChartSvg({
      t: points.map((p) => p.at),
      lines: [
        { values: points.map((p) => p.throughput), color: DONE },
        { values: points.map((p) => p.e2eP99 / 1000), color: P99, right: true },
      ],
      markers,
      format: (x) => compact.format(x),
      label,
      ...(height ? { height, width: 340 } : {}),
    });
  const series = r.series ?? [];
  const arounds = r.timeline.filter((e) => e.around && e.around.length > 1);
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${w('title')} · ${esc(r.session.title ?? r.session.id)}</title>
<style>
body{font:14px/1.45 system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei","PingFang SC","Microsoft YaHei",sans-serif;margin:2em;color:#1b1f24;max-width:1100px}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}th,td{border-bottom:1px solid #d8dde3;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f2f4f7}.met td:nth-child(3){color:#1a7f37}.missed td:nth-child(3){color:#cf222e}.score b{font-size:2em}.pass b{color:#1a7f37}.fail b{color:#cf222e}
.kind-fault td:nth-child(2){color:#cf222e}.kind-decision td:nth-child(2){color:#8250df}code{font-size:12px}
svg.chart{display:block;max-width:100%;font:10px system-ui,sans-serif}svg.chart text{fill:#57606a}svg.chart .plot{fill:#fafbfc;stroke:#d8dde3}svg.chart .burst{fill:#bf8700;font-weight:600}
.arounds{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:12px}.arounds figure{margin:0;border:1px solid #d8dde3;border-radius:4px;padding:6px}.arounds figcaption{font-size:12px}
.note{color:#57606a;font-size:12px}.objectives td:nth-child(n+3),.objectives th:nth-child(n+3){white-space:nowrap}
@page{size:A4;margin:14mm}
@media print{body{margin:0;max-width:none;font-size:11px}h2{break-after:avoid}tr,figure,svg{break-inside:avoid}section{break-inside:auto}th{background:#eee!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit;text-decoration:none}}
</style></head><body>
<h1>${w('title')}</h1>
<p><b>${esc(r.session.title ?? r.session.id)}</b> · ${w('scenario')} ${esc(r.scenario.title)} (<code>${esc(r.scenario.id)}</code>) · ${w('seed')} ${r.seed} · ${w('upTo')} ${r.untilClock.slice(0, 8)} · ${w('state')} <code>${r.stateHash}</code></p>
${drill}
${series.length > 1 ? `<section><h2>${w('flow')}</h2>${chart(series, word(lang, 'flow'))}<p class="note">${w('flowNote')}</p></section>` : ''}
<section><h2>${w('participants')}</h2><table><thead><tr><th>${w('who')}</th><th>${w('commandsCol')}</th></tr></thead><tbody>
${r.participants.map((p) => `<tr><td>${esc(p.actor)}</td><td>${p.commands}</td></tr>`).join('\n') || `<tr><td colspan="2">${w('noCommands')}</td></tr>`}
</tbody></table></section>
<section><h2>${w('timeline')}</h2><p>${w('timelineNote')}</p>
<table><thead><tr><th>${w('time')}</th><th>${w('what')}</th><th>${w('who')}</th><th>${w('event')}</th><th>${w('done')}</th><th>${w('p99')}</th><th>${w('failed')}</th></tr></thead><tbody>
${r.timeline
  .map(
    (e) =>
      `<tr class="kind-${e.kind}"><td>${e.atClock.slice(0, 8)}</td><td>${kind(e)}</td><td>${esc(e.actor)}</td><td>${esc(e.label)}</td><td>${delta(e.before?.throughput, e.after?.throughput)}</td><td>${delta(e.before?.e2eP99, e.after?.e2eP99, ms)}</td><td>${delta(e.before?.failed, e.after?.failed)}</td></tr>`,
  )
  .join('\n')}
</tbody></table></section>
${arounds.length ? `<section><h2>${w('around')}</h2><div class="arounds">${arounds.map((e) => `<figure><figcaption>${e.atClock.slice(0, 8)} · ${kind(e)} · ${esc(e.label)}</figcaption>${chart(e.around!, `${e.atClock.slice(0, 8)} ${e.label}`, 130)}</figure>`).join('\n')}</div></section>` : ''}
<section><h2>${w('commands')}</h2><table><thead><tr><th>${w('seq')}</th><th>${w('time')}</th><th>${w('who')}</th><th>${w('command')}</th></tr></thead><tbody>
${r.commands.map((c) => `<tr><td>${c.seq}</td><td>${c.atClock.slice(0, 12)}</td><td>${esc(c.actor)}</td><td><code>${esc(c.label)}</code></td></tr>`).join('\n')}
</tbody></table></section>
<section><h2>${w('final', { clock: r.untilClock.slice(0, 8) })}</h2><p>${w('finalText', { created: n(r.final.created), failed: n(r.final.failed), rejected: n(r.final.rejected), inFlight: n(r.final.inFlight), throughput: n(r.final.throughput), p99: ms(r.final.e2eP99) })}</p></section>
</body></html>
`;
}
