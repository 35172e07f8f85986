import { useRef, type JSX, type MutableRefObject } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { Vector3 } from 'three';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { SceneFrame } from './frame.ts';
import type { SceneLayout } from './layout.ts';
import { NODE_HEIGHT } from './layout.ts';
import { labelText, placeLabels, type LabelBox } from './labels.ts';

export interface LabelWords {
  legacy: string;
  new: string;
  /** "{n}" replaced with the replica count. */
  replicas: string;
}

export const DEFAULT_LABEL_WORDS: LabelWords = { legacy: '旧', new: '新', replicas: '×{n}' };

export type LabelEls = MutableRefObject<(HTMLButtonElement | null)[]>;

/**
 * Node names as HTML over the canvas: the browser draws the text at the screen's full resolution,
 * so names stay sharp while the 3D view renders at DPR 0.5 on a CPU renderer, and a label is a
 * button that selects its node. Rendered once per scenario; LabelTracker moves them.
 */
export function NodeLabelLayer({
  scenario,
  els,
  selectedNode,
  peerNodes,
  onSelectNode,
  words,
}: {
  scenario: Scenario;
  els: LabelEls;
  selectedNode: string | null;
  peerNodes: ReadonlySet<string>;
  onSelectNode: (id: string) => void;
  words: LabelWords;
}): JSX.Element {
  return (
    <div className="node-labels" data-testid="node-labels">
      {scenario.nodes.map((n, i) => {
        const l = labelText(n);
        return (
          <button
            key={n.id}
            type="button"
            ref={(el) => {
              els.current[i] = el;
            }}
            className={`node-label${n.id === selectedNode ? ' selected' : ''}${peerNodes.has(n.id) ? ' peer' : ''}`}
            data-node={n.id}
            data-version={l.version}
            data-health="0"
            title={n.name ?? n.id}
            onClick={() => onSelectNode(n.id)}
          >
            <span className="glyph" aria-hidden="true">
              {l.glyph}
            </span>
            {l.short}
            <span className={`version ${l.version}`}>{l.version === 'new' ? words.new : words.legacy}</span>
            {l.replicas > 1 && <span className="replicas">{words.replicas.replace('{n}', String(l.replicas))}</span>}
          </button>
        );
      })}
    </div>
  );
}

const HEIGHT_ABOVE = NODE_HEIGHT + 1.2;

/**
 * Inside the canvas: projects each node to the screen and runs the label level of detail, only
 * when the camera, the canvas size, a node's health or the selection changed; otherwise a frame
 * costs a comparison of a dozen numbers.
 */
export function LabelTracker({
  layout,
  frame,
  els,
  selectedNode,
  peerNodes,
}: {
  layout: SceneLayout;
  frame: { current: SceneFrame };
  els: LabelEls;
  selectedNode: string | null;
  peerNodes: ReadonlySet<string>;
}): null {
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  const last = useRef<number[]>([]);
  const health = useRef<Uint8Array>(new Uint8Array(0));
  const sizes = useRef<{ w: number; h: number }[]>([]);
  const v = useRef(new Vector3());
  const seen = useRef({ version: -1, selectedNode, peerNodes });

  useFrame(() => {
    const n = layout.nodeIds.length;
    const f = frame.current;
    let healthChanged = false;
    if (seen.current.version !== f.version) {
      seen.current.version = f.version;
      if (health.current.length !== n) health.current = new Uint8Array(n).fill(255);
      for (let i = 0; i < n; i++) {
        const h = f.nodeHealth[i] ?? 0;
        if (health.current[i] === h) continue;
        health.current[i] = h;
        healthChanged = true;
        const el = els.current[i];
        if (el) el.dataset['health'] = String(h);
      }
    }
    const p = camera.position;
    const q = camera.quaternion;
    const persp = camera as { fov?: number; aspect?: number; zoom?: number };
    const sig = [p.x, p.y, p.z, q.x, q.y, q.z, q.w, persp.fov ?? 0, persp.aspect ?? 0, persp.zoom ?? 1, size.width, size.height];
    // OrbitControls round-trips the camera through spherical coordinates every frame: ignore the last bits.
    const moved = sig.some((x, i) => !(Math.abs((last.current[i] ?? Number.NaN) - x) <= 1e-6 * (1 + Math.abs(x))));
    const selection = seen.current.selectedNode !== selectedNode || seen.current.peerNodes !== peerNodes;
    if (!moved && !healthChanged && !selection) return;
    last.current = sig;
    seen.current.selectedNode = selectedNode;
    seen.current.peerNodes = peerNodes;
    if (sizes.current.length !== n) sizes.current = els.current.slice(0, n).map((el) => ({ w: el?.offsetWidth ?? 80, h: el?.offsetHeight ?? 18 }));
    camera.updateMatrixWorld();
    const boxes: LabelBox[] = [];
    for (let i = 0; i < n; i++) {
      v.current.set(layout.positions[i * 3]!, HEIGHT_ABOVE, layout.positions[i * 3 + 2]!).project(camera);
      const x = ((v.current.x + 1) / 2) * size.width;
      const y = ((1 - v.current.y) / 2) * size.height;
      const id = layout.nodeIds[i]!;
      const h = health.current[i] ?? 0;
      const s = sizes.current[i]!;
      boxes.push({
        x,
        y,
        w: s.w,
        h: s.h,
        priority: id === selectedNode ? 3 : peerNodes.has(id) ? 2 : h !== 0 ? 1 : 0,
        offscreen: v.current.z > 1 || x < -s.w || x > size.width + s.w || y < 0 || y > size.height + s.h,
      });
    }
    const placed = placeLabels(boxes);
    for (let i = 0; i < n; i++) {
      const el = els.current[i];
      if (!el) continue;
      const b = boxes[i]!;
      const p = placed[i]!;
      // Written only when they change: each write invalidates the label's style.
      const transform = `translate(${Math.round(b.x - b.w / 2)}px, ${Math.round(b.y - b.h - p.lift)}px)`;
      if (el.style.transform !== transform) el.style.transform = transform;
      const vis = p.shown ? 'visible' : 'hidden';
      if (el.style.visibility !== vis) {
        el.style.visibility = vis;
        el.dataset['shown'] = String(p.shown);
      }
    }
  });
  return null;
}
