/**
 * Where the camera starts: above and in front of the layout, just far enough back that the whole
 * plate and the labels standing over its zones fit the viewport, whatever its shape. A fixed
 * distance cut the outer zones' labels off in the lab's wide, short canvas.
 */

/** Direction from the centre to the camera: up and towards the viewer, about 46° above the plate. */
export const VIEW_DIRECTION: readonly [number, number, number] = [0, 0.7236, 0.6902]; // (0, 1.1, 1.05) normalised

/** Labels stand this high over the plate; every corner must land inside this share of the screen. */
const LABEL_HEIGHT = 3;
const FILL = 0.9;

/**
 * Distance from the centre that fits half extents (x across, z in depth) in a viewport of the
 * given aspect (width / height) with the given vertical field of view (degrees): the smallest
 * whose projection of every corner, label height included, stays within FILL of the screen.
 */
export function frameDistance(extent: { x: number; z: number }, aspect: number, fovDeg: number): number {
  const tanV = Math.tan(((fovDeg / 2) * Math.PI) / 180);
  const tanH = tanV * Math.max(aspect, 0.1);
  const [, dy, dz] = VIEW_DIRECTION;
  // Camera axes for a camera at D·d looking at the origin with y up: right = x, up' = (0, dz, -dy).
  const fits = (d: number) => {
    for (const x of [-extent.x, extent.x]) {
      for (const z of [-extent.z, extent.z]) {
        for (const y of [0, LABEL_HEIGHT]) {
          const depth = d - (y * dy + z * dz); // along the view direction
          if (depth <= 0) return false;
          const up = y * dz - z * dy;
          if (Math.abs(x) / (depth * tanH) > FILL || Math.abs(up) / (depth * tanV) > FILL) return false;
        }
      }
    }
    return true;
  };
  let lo = 1;
  let hi = 10;
  while (!fits(hi)) hi *= 2;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) hi = mid;
    else lo = mid;
  }
  return Math.max(hi, 10);
}
