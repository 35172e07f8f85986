// The 3D view's contract with the rest of the client.
export { TwinScene, type TwinSceneProps, type ScenePeer } from './TwinScene.tsx';
export { createSceneFrame, HEALTH, type Health, type SceneFrame } from './frame.ts';
export { detectQuality, type SceneQuality } from './quality.ts';
export { layoutScenario, type SceneLayout } from './layout.ts';
export { HEALTH_COLORS, healthColor } from './colors.ts';
