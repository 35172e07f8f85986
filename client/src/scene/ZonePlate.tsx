import type { Zone } from './layout.ts';
import { Color } from 'three';
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

/** A region as a flat translucent plate with its name along the far edge. */
export function ZonePlate({ zone }: { zone: Zone }) {
  const color = ZONE_COLORS[zone.kind] ?? '#64748b';
  return (
    <group position={[zone.x, 0, zone.z]}>
      <mesh rotation-x={-Math.PI / 2} renderOrder={-2}>
        <planeGeometry args={[zone.width, zone.depth]} />
        <meshBasicMaterial color={tint(color)} depthTest={false} depthWrite={false} />
      </mesh>
      <Label text={zone.label} position={[0, 0.8, -zone.depth / 2]} color={color} height={1.6} />
    </group>
  );
}

// The zone colour at 16% over the background, mixed in sRGB as a translucent plate would look,
// but drawn opaque: blending large plates is slow on SwiftShader.
function tint(color: string): Color {
  const fg = new Color(color).getHex();
  const mix = (shift: number) => Math.round(((BACKGROUND_COLOR >> shift) & 0xff) * 0.84 + ((fg >> shift) & 0xff) * 0.16);
  return new Color((mix(16) << 16) | (mix(8) << 8) | mix(0));
}
