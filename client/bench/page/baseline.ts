import { AmbientLight, BoxGeometry, Color, DirectionalLight, Mesh, MeshLambertMaterial, PerspectiveCamera, Scene, WebGLRenderer } from 'three';
import { rendererName } from '../../src/scene/quality.ts';
import type { TwinProbe } from './probe.ts';
import type { FrameRecorder } from './measure.ts';

/** The bare three.js scene the benchmark compares against: one lit mesh on the same canvas, at the pixel ratio the scene uses. */
export function startBaseline(root: HTMLElement, recorder: FrameRecorder, probe: TwinProbe, dpr: number): void {
  const renderer = new WebGLRenderer({ antialias: false });
  renderer.setPixelRatio(dpr);
  renderer.setSize(root.clientWidth, root.clientHeight);
  root.appendChild(renderer.domElement);
  const scene = new Scene();
  scene.background = new Color(0x0d1117);
  scene.add(new AmbientLight(0xffffff, 1.2));
  const sun = new DirectionalLight(0xffffff, 1.6);
  sun.position.set(5, 10, 3);
  scene.add(sun);
  const mesh = new Mesh(new BoxGeometry(2, 2, 2), new MeshLambertMaterial({ color: 0x2fbf71 }));
  scene.add(mesh);
  const camera = new PerspectiveCamera(45, root.clientWidth / root.clientHeight, 0.5, 100);
  camera.position.set(0, 4, 6);
  camera.lookAt(0, 0, 0);
  probe.renderer = rendererName(renderer.getContext());
  renderer.setAnimationLoop((t) => {
    const t0 = performance.now();
    mesh.rotation.y = t / 1000;
    renderer.render(scene, camera);
    recorder.scene(performance.now() - t0);
    probe.drawCalls = renderer.info.render.calls;
    probe.triangles = renderer.info.render.triangles;
    probe.frames++;
  });
}
