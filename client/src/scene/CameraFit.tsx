import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import type { PerspectiveCamera } from 'three';
import { frameDistance, VIEW_DIRECTION } from './framing.ts';

/** Frames the layout when it or the canvas size changes; orbiting and zooming are the user's after that. */
export function CameraFit({ extent }: { extent: { x: number; z: number } }): null {
  const camera = useThree((s) => s.camera) as PerspectiveCamera;
  const width = useThree((s) => s.size.width);
  const height = useThree((s) => s.size.height);
  const { x, z } = extent;
  useEffect(() => {
    if (width === 0 || height === 0) return;
    const d = frameDistance({ x, z }, width / height, camera.fov);
    camera.position.set(VIEW_DIRECTION[0] * d, VIEW_DIRECTION[1] * d, VIEW_DIRECTION[2] * d);
    camera.far = d * 10;
    camera.lookAt(0, 0, 0);
    camera.updateProjectionMatrix();
  }, [camera, x, z, width, height]);
  return null;
}
