import { useEffect, useMemo } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

/**
 * Orbit, pan and zoom with three's own OrbitControls (no helper library): registered as the
 * scene's default controls, damped, and never below the ground plane.
 */
export function OrbitCamera({ maxPolarAngle }: { maxPolarAngle: number }): null {
  const camera = useThree((s) => s.camera);
  const dom = useThree((s) => s.gl.domElement);
  const set = useThree((s) => s.set);
  const controls = useMemo(() => new OrbitControls(camera, dom), [camera, dom]);
  useEffect(() => {
    controls.enableDamping = true;
    controls.maxPolarAngle = maxPolarAngle;
    controls.target.set(0, 0, 0);
    set({ controls });
    return () => {
      set({ controls: null });
      controls.dispose();
    };
  }, [controls, maxPolarAngle, set]);
  // Damping moves the camera for a few frames after the pointer lets go; update() is a no-op when still.
  useFrame(() => controls.update(), -1);
  return null;
}
