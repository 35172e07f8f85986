import { StrictMode, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { addAfterEffect, addEffect, type RootState } from '@react-three/fiber';
import { Vector3 } from 'three';
import { TwinScene, createSceneFrame, layoutScenario, type SceneFrame } from '../../src/scene/index.ts';
import { detectQuality, rendererName, type SceneQuality } from '../../src/scene/quality.ts';
import { BACKGROUND_COLOR } from '../../src/scene/colors.ts';
import { queueBarCentre } from '../../src/scene/queueBars.ts';
import { FrameRecorder } from './measure.ts';
import { startBaseline } from './baseline.ts';
import { writeBusyFrame } from './writer.ts';
import type { TwinProbe } from './probe.ts';

// The page the scene test and the frame-time benchmark open. Query: mode=scene|baseline,
// quality=low|high (detected when absent), animate=1 to rewrite the whole frame every frame,
// dpr=N for the baseline's pixel ratio.
const params = new URLSearchParams(location.search);
const mode = params.get('mode') === 'baseline' ? 'baseline' : 'scene';
const quality = (params.get('quality') ?? undefined) as SceneQuality | undefined;
const animate = params.get('animate') === '1';
const root = document.getElementById('root')!;
const recorder = new FrameRecorder();

let state: RootState | null = null;
const probe: TwinProbe = {
  mode,
  frames: 0,
  renderer: '',
  quality: quality ?? 'detected',
  detected: null,
  drawCalls: 0,
  triangles: 0,
  selections: [],
  startMeasure: () => recorder.start(),
  stopMeasure: () => recorder.stop(probe.drawCalls, probe.triangles),
  screenOf: () => null,
  nonBackgroundShare: () => 0,
  pixelAt: () => [0, 0, 0],
  setHealth: () => undefined,
  setQueue: () => undefined,
  queueBarOf: () => null,
};
window.__twin = probe;

if (mode === 'baseline') startBaseline(root, recorder, probe, Number(params.get('dpr') ?? 1));
else startScene();

function startScene() {
  const input = window.__twinInput;
  if (!input) throw new Error('window.__twinInput (scenario, peers) must be set before the page loads');
  const { scenario, peers } = input;
  const layout = layoutScenario(scenario);
  const frame: { current: SceneFrame } = { current: createSceneFrame(scenario) };
  frame.current.linkRate.fill(200);
  frame.current.version++;

  // Order matters: r3f runs global effects in the order they were added, so the writer's time
  // stays out of the scene's.
  let t0 = 0;
  addEffect((t) => {
    if (!animate) return;
    const w0 = performance.now();
    writeBusyFrame(frame.current, t);
    recorder.writer(performance.now() - w0);
  });
  addEffect(() => void (t0 = performance.now()));
  addAfterEffect(() => {
    recorder.scene(performance.now() - t0);
    if (!state) return;
    probe.drawCalls = state.gl.info.render.calls;
    probe.triangles = state.gl.info.render.triangles;
    probe.frames++;
  });

  const render = () => {
    const s = state!.get();
    s.gl.render(s.scene, s.camera);
    return s;
  };
  const canvasRect = () => state!.gl.domElement.getBoundingClientRect();
  const toPage = (x: number, y: number, z: number) => {
    const v = new Vector3(x, y, z).project(state!.get().camera);
    const r = canvasRect();
    return { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height };
  };
  probe.screenOf = (id) => {
    const i = layout.nodeIndex.get(id);
    if (i === undefined || !state) return null;
    return toPage(layout.positions[i * 3]!, layout.positions[i * 3 + 1]!, layout.positions[i * 3 + 2]!);
  };
  probe.queueBarOf = (id, depth) => {
    const i = layout.nodeIndex.get(id);
    if (i === undefined || !state) return null;
    return toPage(...queueBarCentre(layout.positions[i * 3]!, layout.positions[i * 3 + 2]!, depth));
  };
  probe.nonBackgroundShare = () => {
    const gl = render().gl.getContext();
    const w = gl.drawingBufferWidth;
    const h = gl.drawingBufferHeight;
    const px = new Uint8Array(w * h * 4);
    gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
    const bg = [(BACKGROUND_COLOR >> 16) & 0xff, (BACKGROUND_COLOR >> 8) & 0xff, BACKGROUND_COLOR & 0xff];
    let drawn = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (Math.abs(px[i]! - bg[0]!) + Math.abs(px[i + 1]! - bg[1]!) + Math.abs(px[i + 2]! - bg[2]!) > 12) drawn++;
    }
    return drawn / (w * h);
  };
  probe.pixelAt = (x, y) => {
    const gl = render().gl.getContext();
    const r = canvasRect();
    const scale = gl.drawingBufferWidth / r.width;
    const px = new Uint8Array(4);
    gl.readPixels(Math.round((x - r.left) * scale), Math.round(gl.drawingBufferHeight - (y - r.top) * scale), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
    return [px[0]!, px[1]!, px[2]!];
  };
  probe.setHealth = (id, code) => {
    const i = layout.nodeIndex.get(id);
    if (i === undefined) throw new Error(`unknown node ${id}`);
    frame.current.nodeHealth[i] = code;
    frame.current.version++;
  };
  probe.setQueue = (id, depth) => {
    const i = layout.nodeIndex.get(id);
    if (i === undefined) throw new Error(`unknown node ${id}`);
    frame.current.nodeQueue[i] = depth;
    frame.current.version++;
  };

  function App() {
    const [selected, setSelected] = useState<string | null>(null);
    const peersRef = useRef(peers);
    return (
      <TwinScene
        scenario={scenario}
        frame={frame}
        selectedNode={selected}
        onSelectNode={(id) => {
          probe.selections.push(id);
          setSelected(id);
        }}
        peers={peersRef.current}
        quality={quality}
        onCreated={(s) => {
          state = s;
          probe.renderer = rendererName(s.gl.getContext());
          probe.detected = detectQuality(s.gl.getContext());
        }}
      />
    );
  }
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
