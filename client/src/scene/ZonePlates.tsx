import { useEffect, useMemo } from 'react';
import { BufferAttribute, BufferGeometry, Color } from 'three';
import type { Zone } from './layout.ts';
import { Label } from './Label.tsx';
import { BACKGROUND_COLOR } from './colors.ts';

const ZONE_COLORS: Record<string, string> = {
  client_site: '#3b82f6',
  datacenter: '#14b8a6',
  dr_site: '#f59e0b',
  colocation: '#a855f7',
  exchange: '#ef4444',
  bank: '#22c55e',
};
export const zoneColor = (kind: string) => ZONE_COLORS[kind] ?? '#64748b';

/**
 * Every region as a flat tinted plate, all in one draw: plates cover much of the screen, and on
 * SwiftShader each extra draw and each blended pixel costs CPU time.
 */
export function ZonePlates({ zones }: { zones: Zone[] }) {
  const geometry = useMemo(() => {
    const pos = new Float32Array(zones.length * 12);
    const col = new Float32Array(zones.length * 12);
    const index: number[] = [];
    zones.forEach((z, i) => {
      const [x0, x1, z0, z1] = [z.x - z.width / 2, z.x + z.width / 2, z.z - z.depth / 2, z.z + z.depth / 2];
      pos.set([x0, 0, z0, x1, 0, z0, x0, 0, z1, x1, 0, z1], i * 12);
      const c = tint(zoneColor(z.kind));
      for (let v = 0; v < 4; v++) col.set([c.r, c.g, c.b], i * 12 + v * 3);
      index.push(i * 4, i * 4 + 2, i * 4 + 1, i * 4 + 1, i * 4 + 2, i * 4 + 3);
    });
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(pos, 3));
    g.setAttribute('color', new BufferAttribute(col, 3));
    g.setIndex(index);
    return g;
  }, [zones]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  // Drawn first and below everything, so no depth test is needed.
  return (
    <mesh geometry={geometry} renderOrder={-2} frustumCulled={false}>
      <meshBasicMaterial vertexColors depthTest={false} depthWrite={false} />
    </mesh>
  );
}

/** A region's name along the far edge of its plate. */
export function ZoneLabel({ zone }: { zone: Zone }) {
  const color = zoneColor(zone.kind);
  // "上海主机房 (primary data centre)" on two lines: one long line ran past the outer zones' edges.
  const text = zone.label.replace(/\s+\(/, '\n(');
  const lines = text.split('\n').length;
  return <Label text={text} position={[zone.x, 0.8 * lines, zone.z - zone.depth / 2]} color={color} height={1.6} />;
}

// The zone colour at 16% over the background, mixed in sRGB as a translucent plate would look,
// but drawn opaque: blending large plates is slow on SwiftShader.
function tint(color: string): Color {
  const fg = new Color(color).getHex();
  const mix = (shift: number) => Math.round(((BACKGROUND_COLOR >> shift) & 0xff) * 0.84 + ((fg >> shift) & 0xff) * 0.16);
  return new Color((mix(16) << 16) | (mix(8) << 8) | mix(0));
}
