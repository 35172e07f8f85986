import type { JSX } from 'react';
import type { NodeKind } from '@twinlab/shared/scenario/topology';
import { HEALTH, type Health } from './frame.ts';
import { HEALTH_COLORS, QUEUE_ALARM_COLOR, QUEUE_BUILDING_COLOR, QUEUE_CALM_COLOR } from './colors.ts';
import { KIND_GLYPHS } from './labels.ts';

export interface LegendWords {
  title: string;
  health: Record<Health, string>;
  kinds: Partial<Record<NodeKind, string>>;
  legacy: string;
  new: string;
  versions: string;
  queue: string;
  flow: string;
}

const hex = (c: number) => `#${c.toString(16).padStart(6, '0')}`;

/** What the colours, glyphs and badges of the 3D view mean, for the kinds this scenario has. */
export function Legend({ kinds, words }: { kinds: readonly NodeKind[]; words: LegendWords }): JSX.Element {
  return (
    <details className="scene-legend" data-testid="scene-legend">
      <summary>{words.title}</summary>
      <ul>
        {(Object.keys(HEALTH) as Health[]).map((h) => (
          <li key={h}>
            <span className="swatch" style={{ background: hex(HEALTH_COLORS[h]) }} aria-hidden="true" /> {words.health[h]}
          </li>
        ))}
        {kinds.map((k) => (
          <li key={k}>
            <span className="glyph" aria-hidden="true">
              {KIND_GLYPHS[k]}
            </span>{' '}
            {words.kinds[k] ?? k}
          </li>
        ))}
        <li>
          <span className="version legacy">{words.legacy}</span> <span className="version new">{words.new}</span> {words.versions}
        </li>
        <li>
          {[QUEUE_CALM_COLOR, QUEUE_BUILDING_COLOR, QUEUE_ALARM_COLOR].map((c) => (
            <span key={c} className="swatch bar" style={{ background: hex(c) }} aria-hidden="true" />
          ))}{' '}
          {words.queue}
        </li>
        <li>{words.flow}</li>
      </ul>
    </details>
  );
}
