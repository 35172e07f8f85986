import { useEffect, useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { BufferAttribute, BufferGeometry, Color } from 'three';
import type { SceneLayout } from './layout.ts';
import type { SceneFrame } from './frame.ts';
import { LINK_BAND_COLORS, LINK_DOWN_COLOR, LINK_TAIL_SHADE, linkBand } from './colors.ts';

const BANDS = LINK_BAND_COLORS.map((c) => new Color(c));
const DOWN = new Color(LINK_DOWN_COLOR);
// State codes per link: 0 cut, 1 + load band when up.
const colorOf = (code: number) => (code === 0 ? DOWN : BANDS[code - 1]!);

/**
 * All links as one LineSegments draw. Each line is dark at the sender and bright at the receiver,
 * so it reads as a direction; its brightness is its load band; a cut link turns red.
 */
export function LinkLines({ layout, frame }: { layout: SceneLayout; frame: { current: SceneFrame } }) {
  const seen = useRef(-1);
  const geometry = useMemo(() => {
    const n = layout.links.length / 2;
    const pos = new Float32Array(n * 6);
    const p = layout.positions;
    for (let i = 0; i < n; i++) {
      const a = layout.links[i * 2]!;
      const b = layout.links[i * 2 + 1]!;
      if (a < 0 || b < 0) continue;
      pos.set([p[a * 3]!, p[a * 3 + 1]!, p[a * 3 + 2]!, p[b * 3]!, p[b * 3 + 1]!, p[b * 3 + 2]!], i * 6);
    }
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(pos, 3));
    g.setAttribute('color', new BufferAttribute(new Float32Array(n * 6), 3));
    return g;
  }, [layout]);
  // Upload colours only when a link went up or down or changed load band, not on every engine step (255 = not drawn yet).
  const shown = useMemo(() => new Uint8Array(layout.links.length / 2).fill(255), [layout]);
  useEffect(() => {
    seen.current = -1;
    shown.fill(255);
    return () => geometry.dispose();
  }, [geometry, shown]);

  useFrame(() => {
    const f = frame.current;
    if (f.version === seen.current) return;
    seen.current = f.version;
    const attr = geometry.getAttribute('color') as BufferAttribute;
    const out = attr.array as Float32Array;
    let changed = false;
    for (let i = 0; i < f.linkUp.length && i < shown.length; i++) {
      const code = f.linkUp[i] === 0 ? 0 : 1 + linkBand(f.linkRate[i] ?? 0);
      if (code === shown[i]) continue;
      shown[i] = code;
      changed = true;
      const c = colorOf(code);
      const tail = code === 0 ? 1 : LINK_TAIL_SHADE;
      out[i * 6] = c.r * tail;
      out[i * 6 + 1] = c.g * tail;
      out[i * 6 + 2] = c.b * tail;
      out[i * 6 + 3] = c.r;
      out[i * 6 + 4] = c.g;
      out[i * 6 + 5] = c.b;
    }
    if (changed) attr.needsUpdate = true;
  });

  return (
    <lineSegments geometry={geometry} frustumCulled={false} renderOrder={-1}>
      <lineBasicMaterial vertexColors depthTest={false} depthWrite={false} />
    </lineSegments>
  );
}
