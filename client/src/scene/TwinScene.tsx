import { useMemo, useRef, useState, type JSX } from 'react';
import { Canvas, type RootState } from '@react-three/fiber';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { SceneFrame } from './frame.ts';
import { CameraFit } from './CameraFit.tsx';
import { layoutScenario } from './layout.ts';
import { BACKGROUND_COLOR } from './colors.ts';
import { QUALITY, probeQuality, type SceneQuality } from './quality.ts';
import { ZoneLabel, ZonePlates } from './ZonePlates.tsx';
import { NodeKindMesh } from './NodeKindMesh.tsx';
import { NodeKindMerged } from './NodeKindMerged.tsx';
import { LinkLines } from './LinkLines.tsx';
import { FlowParticles } from './FlowParticles.tsx';
import { SelectionRing } from './SelectionRing.tsx';
import { QueueBars } from './QueueBars.tsx';
import { OrbitCamera } from './OrbitCamera.tsx';
import { DEFAULT_LABEL_WORDS, LabelTracker, NodeLabelLayer, type LabelWords } from './NodeLabels.tsx';
import { Legend, type LegendWords } from './Legend.tsx';
import './scene.css';

export interface ScenePeer {
  id: string;
  name: string;
  color: string;
  region?: string;
  selectedNode: string | null;
}

export interface TwinSceneProps {
  scenario: Scenario;
  /** A ref mutated in place by the app; read in useFrame, never through React state. */
  frame: { current: SceneFrame };
  selectedNode: string | null;
  onSelectNode: (id: string | null) => void;
  /** Other participants; their selections show as rings and names in their colour. */
  peers: ScenePeer[];
  /** 'low' on SwiftShader/CPU: fewer particles, no antialias, lower DPR, merged node meshes. Detected when left out. */
  quality?: SceneQuality;
  /** Called once the WebGL renderer exists (tests and the benchmark read draw calls from it). */
  onCreated?: (state: RootState) => void;
  /** The words of the node labels and the legend, in the reader's language; no legend when left out. */
  words?: { labels: LabelWords; legend?: LegendWords };
}

const SELF_COLOR = '#ffffff';

/** The 3D twin: zones, nodes by kind, links, flow particles, selections, orbit camera. */
export function TwinScene({ scenario, frame, selectedNode, onSelectNode, peers, quality, onCreated, words }: TwinSceneProps): JSX.Element {
  const layout = useMemo(() => layoutScenario(scenario), [scenario]);
  const labelEls = useRef<(HTMLButtonElement | null)[]>([]);
  const peerKey = peers.map((p) => p.selectedNode ?? '').join('|');
  // Keyed on the selections, not the list: presence changes often, selections seldom. Ids never hold '|'.
  const peerNodes = useMemo(() => new Set(peerKey.split('|').filter((id) => id !== '')), [peerKey]);
  const [probed] = useState(() => (quality === undefined ? probeQuality() : null));
  const level = quality ?? probed ?? 'low';
  const q = QUALITY[level];
  const reach = Math.max(layout.extent.x, layout.extent.z, 10);
  const selectedName = selectedNode === null ? undefined : (scenario.nodes.find((n) => n.id === selectedNode)?.name ?? selectedNode);

  return (
    <div className="twin-scene">
      <Canvas
        flat
        dpr={q.dpr}
        gl={{ antialias: level === 'high', alpha: false, powerPreference: 'high-performance' }}
        camera={{ position: [0, reach * 1.1, reach * 1.05], fov: 45, near: 0.5, far: reach * 10 }}
        onCreated={onCreated}
        onPointerMissed={() => onSelectNode(null)}
      >
        <color attach="background" args={[BACKGROUND_COLOR]} />
        <CameraFit extent={layout.extent} />
        <ZonePlates zones={layout.zones} />
        {layout.zones.map((z) => (
          <ZoneLabel key={z.id} zone={z} />
        ))}
        {layout.kinds.map((g) =>
          q.mergeNodes ? (
            <NodeKindMerged key={g.kind} layout={layout} group={g} frame={frame} onSelectNode={onSelectNode} />
          ) : (
            <NodeKindMesh key={g.kind} layout={layout} group={g} frame={frame} onSelectNode={onSelectNode} />
          ),
        )}
        <QueueBars layout={layout} frame={frame} />
        <LinkLines layout={layout} frame={frame} />
        <FlowParticles layout={layout} frame={frame} budget={q.particleBudget} perLink={q.particlesPerLink} size={level === 'high' ? 0.35 : 0.5} />
        {peers.map((p, i) => (p.selectedNode === null ? null : <SelectionRing key={p.id} layout={layout} nodeId={p.selectedNode} color={p.color} ring={i + 1} label={p.name} />))}
        {selectedNode === null ? null : <SelectionRing layout={layout} nodeId={selectedNode} color={SELF_COLOR} label={selectedName} />}
        <OrbitCamera maxPolarAngle={Math.PI / 2.1} />
        <LabelTracker layout={layout} frame={frame} els={labelEls} selectedNode={selectedNode} peerNodes={peerNodes} />
      </Canvas>
      <NodeLabelLayer scenario={scenario} els={labelEls} selectedNode={selectedNode} peerNodes={peerNodes} onSelectNode={onSelectNode} words={words?.labels ?? DEFAULT_LABEL_WORDS} />
      {words?.legend && <Legend kinds={layout.kinds.map((k) => k.kind)} words={words.legend} />}
    </div>
  );
}
