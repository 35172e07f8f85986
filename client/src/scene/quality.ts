export type SceneQuality = 'high' | 'low';

// Software rasterisers: every pixel and every particle costs CPU time the simulation also needs.
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** 'low' when WebGL runs on the CPU (SwiftShader in headless Chromium, llvmpipe on Linux without a GPU). */
export function detectQuality(gl: WebGLRenderingContext | WebGL2RenderingContext): SceneQuality {
  return SOFTWARE.test(rendererName(gl)) ? 'low' : 'high';
}

/**
 * Quality for this browser, found before the scene's canvas exists (antialiasing cannot change
 * after the context is created): a throwaway WebGL context names the renderer. 'low' without WebGL.
 */
export function probeQuality(): SceneQuality {
  if (typeof document === 'undefined') return 'low';
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return 'low';
  const quality = detectQuality(gl);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return quality;
}

export function rendererName(gl: WebGLRenderingContext | WebGL2RenderingContext): string {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name: unknown = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return typeof name === 'string' ? name : '';
}

/** Rendering budget per quality level. */
export interface QualitySettings {
  /** Device pixel ratio: a fixed value, or [min, max] of the screen's. */
  dpr: number | [number, number];
  antialias: boolean;
  /** Most flow particles drawn at once, over all links. */
  particleBudget: number;
  /** Most particles on one link, however busy it is. */
  particlesPerLink: number;
  /**
   * Draw each node kind as one merged mesh instead of an InstancedMesh. SwiftShader runs an
   * instanced draw as one draw per instance; merged, 300 nodes cost roughly half the CPU time.
   */
  mergeNodes: boolean;
}

export const QUALITY: Record<SceneQuality, QualitySettings> = {
  high: { dpr: [1, 2], antialias: true, particleBudget: 12_000, particlesPerLink: 12, mergeNodes: false },
  low: { dpr: 0.5, antialias: false, particleBudget: 3_000, particlesPerLink: 5, mergeNodes: true },
};
