import type { Zone } from './layout.ts';
import { Label } from './Label.tsx';

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
      <mesh rotation-x={-Math.PI / 2} renderOrder={-1}>
        <planeGeometry args={[zone.width, zone.depth]} />
        <meshBasicMaterial color={color} transparent opacity={0.16} depthWrite={false} />
      </mesh>
      <Label text={zone.label} position={[0, 0.8, -zone.depth / 2]} color={color} height={1.6} />
    </group>
  );
}
