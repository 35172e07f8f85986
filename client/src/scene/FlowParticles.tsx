import { useEffect, useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { BufferAttribute, BufferGeometry, type Points } from 'three';
import type { SceneLayout } from './layout.ts';
import type { SceneFrame } from './frame.ts';
import { PARTICLE_COLOR } from './colors.ts';
import { allocateParticles, particlePhase } from './particles.ts';

/** World units a particle travels per wall second: fixed, so motion reads the same at every speed of the clock. */
const SPEED = 6;

export interface FlowParticlesProps {
  layout: SceneLayout;
  frame: { current: SceneFrame };
  budget: number;
  perLink: number;
  size: number;
}

/**
 * Messages in flight as points running along each link, more on busier links. One Points draw;
 * positions are rewritten in place every frame from the frame ref.
 */
export function FlowParticles({ layout, frame, budget, perLink, size }: FlowParticlesProps) {
  const ref = useRef<Points>(null);
  const seen = useRef(-1);
  const total = useRef(0);
  const linkCount = layout.links.length / 2;
  const counts = useMemo(() => new Uint16Array(linkCount), [linkCount]);
  // Seconds a particle needs to cross each link, so short and long links move at the same speed.
  const tripTime = useMemo(() => {
    const t = new Float32Array(linkCount);
    const p = layout.positions;
    for (let i = 0; i < linkCount; i++) {
      const a = layout.links[i * 2]! * 3;
      const b = layout.links[i * 2 + 1]! * 3;
      t[i] = Math.max(0.2, Math.hypot(p[b]! - p[a]!, p[b + 1]! - p[a + 1]!, p[b + 2]! - p[a + 2]!) / SPEED);
    }
    return t;
  }, [layout, linkCount]);
  const geometry = useMemo(() => {
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(new Float32Array(budget * 3), 3));
    g.setDrawRange(0, 0);
    return g;
  }, [budget]);
  useEffect(() => {
    seen.current = -1;
    return () => geometry.dispose();
  }, [geometry, layout]);

  useFrame(({ clock }) => {
    const f = frame.current;
    if (f.version !== seen.current) {
      seen.current = f.version;
      total.current = allocateParticles(f.linkRate, f.linkUp, perLink, budget, counts);
    }
    const attr = geometry.getAttribute('position') as BufferAttribute;
    const out = attr.array as Float32Array;
    const p = layout.positions;
    const now = clock.elapsedTime;
    let k = 0;
    for (let i = 0; i < linkCount; i++) {
      const n = counts[i]!;
      if (n === 0) continue;
      const a = layout.links[i * 2]! * 3;
      const b = layout.links[i * 2 + 1]! * 3;
      if (a < 0 || b < 0) continue;
      const t0 = now / tripTime[i]!;
      for (let j = 0; j < n; j++, k++) {
        const s = particlePhase(t0, j, n);
        out[k * 3] = p[a]! + (p[b]! - p[a]!) * s;
        out[k * 3 + 1] = p[a + 1]! + (p[b + 1]! - p[a + 1]!) * s;
        out[k * 3 + 2] = p[a + 2]! + (p[b + 2]! - p[a + 2]!) * s;
      }
    }
    geometry.setDrawRange(0, k);
    attr.needsUpdate = true;
    // Only the written part goes to the GPU.
    attr.clearUpdateRanges();
    attr.addUpdateRange(0, k * 3);
  });

  return (
    <points ref={ref} geometry={geometry} frustumCulled={false}>
      <pointsMaterial color={PARTICLE_COLOR} size={size} sizeAttenuation />
    </points>
  );
}
