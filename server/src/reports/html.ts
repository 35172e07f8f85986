import { formatClock } from '@twinlab/shared/scenario/units';
import type { AfterActionReport } from './build.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const ms = (us: number) => `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
const clock = (us: number | undefined) => (us === undefined ? '—' : formatClock(us).slice(0, 8));

/** The after-action report as one self-contained HTML page (no scripts, no external files): it is also the exported file. */
export function reportHtml(r: AfterActionReport): string {
  const d = r.drill;
  const drill = d
    ? `<section><h2>Drill: ${esc(d.title)}</h2>
<p class="score ${d.passed ? 'pass' : 'fail'}"><b>${d.score}</b> / 100 — ${d.passed ? 'passed' : 'not passed'}</p>
${d.reasons.length ? `<ul>${d.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : ''}
<table><thead><tr><th>objective</th><th>when</th><th>result</th><th>at</th><th>weight</th></tr></thead><tbody>
${d.objectives.map((o) => `<tr class="${o.status}"><td>${esc(o.title)}</td><td>${esc(o.when)}</td><td>${o.status.replace('_', ' ')}</td><td>${clock(o.metAt ?? o.missedAt)}</td><td>${o.weight}</td></tr>`).join('\n')}
</tbody></table>
<p>Objectives: ${d.objectivesPoints} points. Penalties: ${d.penalties.length ? d.penalties.map((p) => `${esc(p.detail)} (−${p.points})`).join('; ') : 'none'}.</p></section>`
    : '';
  const delta = (a: number | undefined, b: number | undefined, f: (x: number) => string = String) => (a === undefined || b === undefined ? '' : `${f(a)} → ${f(b)}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>After-action report · ${esc(r.session.title ?? r.session.id)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1f24;max-width:1100px}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}th,td{border-bottom:1px solid #d8dde3;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f2f4f7}.met td:nth-child(3){color:#1a7f37}.missed td:nth-child(3){color:#cf222e}.score b{font-size:2em}.pass b{color:#1a7f37}.fail b{color:#cf222e}
.kind-fault td:nth-child(2){color:#cf222e}.kind-decision td:nth-child(2){color:#8250df}code{font-size:12px}
</style></head><body>
<h1>After-action report</h1>
<p><b>${esc(r.session.title ?? r.session.id)}</b> · scenario ${esc(r.scenario.title)} (<code>${esc(r.scenario.id)}</code>) · seed ${r.seed} · up to ${r.untilClock.slice(0, 8)} · state <code>${r.stateHash}</code></p>
${drill}
<section><h2>Participants</h2><table><thead><tr><th>who</th><th>commands</th></tr></thead><tbody>
${r.participants.map((p) => `<tr><td>${esc(p.actor)}</td><td>${p.commands}</td></tr>`).join('\n') || '<tr><td colspan="2">no commands</td></tr>'}
</tbody></table></section>
<section><h2>Timeline</h2><p>Metrics one minute before → one minute after each fault, command and decision.</p>
<table><thead><tr><th>time</th><th>what</th><th>who</th><th>event</th><th>orders done/s</th><th>end-to-end p99</th><th>orders failed</th></tr></thead><tbody>
${r.timeline
  .map(
    (e) =>
      `<tr class="kind-${e.kind}"><td>${e.atClock.slice(0, 8)}</td><td>${e.kind.replace('_', ' ')}</td><td>${esc(e.actor)}</td><td>${esc(e.label)}</td><td>${delta(e.before?.throughput, e.after?.throughput)}</td><td>${delta(e.before?.e2eP99, e.after?.e2eP99, ms)}</td><td>${delta(e.before?.failed, e.after?.failed)}</td></tr>`,
  )
  .join('\n')}
</tbody></table></section>
<section><h2>Commands</h2><table><thead><tr><th>seq</th><th>time</th><th>who</th><th>command</th></tr></thead><tbody>
${r.commands.map((c) => `<tr><td>${c.seq}</td><td>${c.atClock.slice(0, 12)}</td><td>${esc(c.actor)}</td><td><code>${esc(c.label)}</code></td></tr>`).join('\n')}
</tbody></table></section>
<section><h2>At ${r.untilClock.slice(0, 8)}</h2><p>${r.final.created} orders created, ${r.final.failed} failed, ${r.final.rejected} rejected, ${r.final.inFlight} in flight; ${r.final.throughput} done per second; end-to-end p99 ${ms(r.final.e2eP99)}.</p></section>
</body></html>
`;
}
