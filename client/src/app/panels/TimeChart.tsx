import { useEffect, useEffectEvent, useId, useRef, useState, type JSX, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useLang, useT } from '../i18n/use-i18n.ts';
import { flowScale, type FlowScale } from '@twinlab/shared/replay/flow-scale';
import { compactNumber, clockOfSeconds } from '../i18n/format.ts';

export interface ChartLine {
  label: string;
  color: string;
  values: readonly (number | null)[];
}

/** A time marked on the chart: an event of the session, or the replay's current time. */
export interface ChartMarker {
  t: number; // seconds since midnight
  label: string;
  color?: string;
}

export interface TimeChartProps {
  title: string;
  testId?: string;
  /** Seconds since midnight, one per point. */
  t: readonly number[];
  lines: ChartLine[];
  /** Bumped when the arrays changed in place. */
  version: number;
  /** Scale to the continuous flow and draw the points far above it as burst markers (chart-scale.ts). */
  flow?: boolean;
  markers?: ChartMarker[];
  /** A vertical line at this time (the replay's cursor). */
  cursor?: number | null;
  height?: number;
  children?: ReactNode;
}

const BURST = '#f59e0b';

/**
 * One uPlot chart over the simulated clock. Data flows in through setData without React state per
 * point; the chart is recreated only when its language, lines or log option change. The figure's
 * data-y-max, data-flow and data-bursts say what is on screen (read by the end-to-end tests).
 */
export function TimeChart({ title, testId, t, lines, version, flow = false, markers = [], cursor = null, height = 140, children }: TimeChartProps): JSX.Element {
  const tr = useT();
  const [lang] = useLang();
  const [log, setLog] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const fig = useRef<HTMLElement>(null);
  const plot = useRef<uPlot | null>(null);
  const scale = useRef<FlowScale | null>(null);
  const extras = useRef({ markers, cursor });
  extras.current = { markers, cursor };
  const logId = useId();
  const shape = `${lang}|${lines.map((l) => l.label + l.color).join('|')}`;

  // Built from the latest lines and words; the effect below decides when (lines' arrays flow
  // through setData, so only their labels and colours, the language and the options shape it).
  const createPlot = useEffectEvent(
    (el: HTMLDivElement) =>
      new uPlot(
        {
          width: Math.max(200, el.clientWidth),
          height,
          legend: { show: true },
          cursor: { show: false },
          scales: {
            x: { time: false },
            y: log ? { distr: 3 } : { range: (_u, min, max) => (scale.current && flow ? [0, scale.current.max] : [Math.min(0, min), max > 0 ? max : 1]) },
          },
          axes: [
            // Times of day in seconds: ticks on whole clock steps, at least 90 px apart so "09:26:40" never runs into the next.
            { stroke: '#94a3b8', values: (_u, ticks) => ticks.map(clockOfSeconds), grid: { stroke: '#1e293b' }, space: 90, incrs: CLOCK_STEPS },
            { stroke: '#94a3b8', grid: { stroke: '#1e293b' }, size: 64, values: (_u, ticks) => ticks.map((v) => compactNumber(lang, v)) },
          ],
          series: [{ label: tr('chart.time') }, ...lines.map((l) => ({ label: l.label, stroke: l.color, width: 1.5 }))],
          hooks: { draw: [(p) => drawMarks(p, scale.current, flow && !log, extras.current, lang)] },
        },
        [[], ...lines.map(() => [])],
        el,
      ),
  );

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const u = createPlot(el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [shape, log, flow, height]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    const all = lines.flatMap((l) => l.values);
    scale.current = flowScale(all);
    // A log axis cannot show 0: those points are gaps.
    const ys = lines.map((l) => (log ? l.values.map((v) => (v !== null && v > 0 ? v : null)) : l.values));
    u.setData([t as number[], ...(ys as number[][])]);
    const f = fig.current;
    if (f) {
      f.dataset['yMax'] = String(u.scales['y']?.max ?? 0);
      f.dataset['flow'] = String(scale.current.flow);
      f.dataset['bursts'] = String(flow && !log ? countBursts(lines, scale.current.max) : 0);
      f.dataset['dataMax'] = String(all.reduce<number>((m, v) => (v !== null && v > m ? v : m), 0));
    }
  }, [version, t, lines, log, flow, shape]);

  useEffect(() => plot.current?.redraw(false, false), [cursor, markers.length]);

  return (
    <figure className="chart" ref={fig} data-testid={testId} data-log={log}>
      <figcaption className="row">
        <span>{title}</span>
        <span className="spacer" />
        <input id={logId} type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} data-testid={testId ? `${testId}-log` : undefined} />
        <label htmlFor={logId} className="small">
          {tr('chart.log')}
        </label>
      </figcaption>
      <div ref={box} />
      {children}
    </figure>
  );
}

function countBursts(lines: ChartLine[], max: number): number {
  let n = 0;
  for (const l of lines) for (const v of l.values) if (v !== null && v > max) n++;
  return n;
}

/** Burst markers (a triangle at the top with the real value) and event/cursor lines, on uPlot's canvas. */
function drawMarks(u: uPlot, scale: FlowScale | null, bursts: boolean, extras: { markers: ChartMarker[]; cursor: number | null }, lang: string): void {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  const xs = u.data[0];
  ctx.save();
  const dpr = devicePixelRatio || 1;
  ctx.font = `${Math.round(10 * dpr)}px system-ui, sans-serif`;
  for (const m of extras.markers) {
    const x = u.valToPos(m.t, 'x', true);
    if (x < left || x > left + width) continue;
    ctx.strokeStyle = m.color ?? '#a78bfa';
    ctx.setLineDash([3 * dpr, 3 * dpr]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  if (extras.cursor !== null) {
    const x = u.valToPos(extras.cursor, 'x', true);
    ctx.strokeStyle = '#f8fafc';
    ctx.lineWidth = 1.5 * dpr;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
  }
  if (bursts && scale && scale.bursts.length >= 0) {
    ctx.fillStyle = BURST;
    // Bursts come in runs (the uncross spans a few samples): every one gets a triangle, a run one value.
    let labelledUntil = -Infinity;
    for (let s = 1; s < u.data.length; s++) {
      const ys = u.data[s]!;
      for (let i = 0; i < ys.length; i++) {
        const v = ys[i];
        if (v === null || v === undefined || v <= scale.max) continue;
        const x = u.valToPos(xs[i]!, 'x', true);
        const y = top + 2 * dpr;
        ctx.beginPath();
        ctx.moveTo(x, y);
        ctx.lineTo(x - 5 * dpr, y + 8 * dpr);
        ctx.lineTo(x + 5 * dpr, y + 8 * dpr);
        ctx.closePath();
        ctx.fill();
        if (x < labelledUntil) continue;
        const text = `▲ ${compactNumber(lang, v)}`;
        ctx.fillText(text, x + 7 * dpr, y + 9 * dpr);
        labelledUntil = x + 7 * dpr + ctx.measureText(text).width + 6 * dpr;
      }
    }
  }
  ctx.restore();
}

/** Tick steps a person reads as clock steps (seconds): 1 s … 1 h. */
const CLOCK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
