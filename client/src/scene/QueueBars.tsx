import { useEffect, useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { BoxGeometry, BufferAttribute, BufferGeometry, Color, MeshBasicMaterial } from 'three';
import type { SceneFrame } from './frame.ts';
import type { SceneLayout } from './layout.ts';
import { shade } from './shading.ts';
import { QUEUE_BAR_OFFSET_X, QUEUE_BAR_WIDTH, queueBand, queueBarColor, queueBarHeight } from './queueBars.ts';

const BAND = [1, 150, 5_000].map((d) => new Color(queueBarColor(d)));

export interface QueueBarsProps {
  layout: SceneLayout;
  frame: { current: SceneFrame };
}

/**
 * Every node's queue depth as a box standing on the plate just right of the node, all in one
 * merged, opaque, unlit mesh (one draw in both qualities: SwiftShader draws an instanced mesh as
 * one draw per instance). When frame.version changes, only the bars whose height or colour band
 * changed are rewritten; an empty queue collapses its box to a point, which draws nothing.
 */
export function QueueBars({ layout, frame }: QueueBarsProps) {
  const seen = useRef(-1);
  const material = useMemo(() => new MeshBasicMaterial({ color: 0xffffff, vertexColors: true }), []);
  const bars = useMemo(() => mergeBars(layout), [layout]);
  useEffect(() => {
    seen.current = -1;
    bars.height.fill(-1);
    bars.band.fill(255);
    return () => {
      bars.geometry.dispose();
      material.dispose();
    };
  }, [bars, material]);

  useFrame(() => {
    const f = frame.current;
    if (f.version === seen.current) return;
    seen.current = f.version;
    const { geometry, template, shading, height, band, vertsPerBar } = bars;
    const posAttr = geometry.getAttribute('position') as BufferAttribute;
    const colAttr = geometry.getAttribute('color') as BufferAttribute;
    const pos = posAttr.array as Float32Array;
    const col = colAttr.array as Float32Array;
    const base = layout.positions;
    let moved = false;
    let recoloured = false;
    for (let i = 0; i < height.length; i++) {
      const depth = f.nodeQueue[i] ?? 0;
      const h = queueBarHeight(depth);
      if (h !== height[i]) {
        height[i] = h;
        moved = true;
        const x = base[i * 3]! + QUEUE_BAR_OFFSET_X;
        const z = base[i * 3 + 2]!;
        for (let v = 0, o = i * vertsPerBar * 3; v < vertsPerBar; v++, o += 3) {
          // h 0 puts every corner on one point: a box of zero area, which rasterises nothing.
          const s = h === 0 ? 0 : 1;
          pos[o] = x + template[v * 3]! * s;
          pos[o + 1] = template[v * 3 + 1]! * h;
          pos[o + 2] = z + template[v * 3 + 2]! * s;
        }
      }
      const b = h === 0 ? band[i]! : queueBand(depth);
      if (b !== band[i]) {
        band[i] = b;
        recoloured = true;
        const c = BAND[b]!;
        for (let v = 0, o = i * vertsPerBar * 3; v < vertsPerBar; v++, o += 3) {
          col[o] = c.r * shading[v]!;
          col[o + 1] = c.g * shading[v]!;
          col[o + 2] = c.b * shading[v]!;
        }
      }
    }
    if (moved) posAttr.needsUpdate = true;
    if (recoloured) colAttr.needsUpdate = true;
  });

  // Bars change height every sample, so their bounds do too: never culled (one cheap draw).
  return <mesh geometry={bars.geometry} material={material} frustumCulled={false} />;
}

/** One box per node (12 triangles), all collapsed until the first frame gives their heights. */
function mergeBars(layout: SceneLayout) {
  const box = new BoxGeometry(QUEUE_BAR_WIDTH, 1, QUEUE_BAR_WIDTH).translate(0, 0.5, 0);
  const p = box.getAttribute('position');
  const nrm = box.getAttribute('normal');
  const index = box.index!;
  const vertsPerBar = p.count;
  const template = new Float32Array(vertsPerBar * 3);
  const shading = new Float32Array(vertsPerBar);
  for (let v = 0; v < vertsPerBar; v++) {
    template.set([p.getX(v), p.getY(v), p.getZ(v)], v * 3);
    shading[v] = shade(nrm.getX(v), nrm.getY(v), nrm.getZ(v));
  }
  const n = layout.nodeIds.length;
  const indices = new Uint32Array(n * index.count);
  for (let i = 0; i < n; i++) for (let k = 0; k < index.count; k++) indices[i * index.count + k] = index.getX(k) + i * vertsPerBar;
  box.dispose();
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(new Float32Array(n * vertsPerBar * 3), 3));
  geometry.setAttribute('color', new BufferAttribute(new Float32Array(n * vertsPerBar * 3), 3));
  geometry.setIndex(new BufferAttribute(indices, 1));
  return { geometry, template, shading, vertsPerBar, height: new Float32Array(n).fill(-1), band: new Uint8Array(n).fill(255) };
}
