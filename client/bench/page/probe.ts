import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { ScenePeer } from '../../src/scene/index.ts';

/** What the page under test exposes on window.__twin (read by page.evaluate in Node). */
export interface TwinProbe {
  mode: 'scene' | 'baseline';
  /** Frames rendered so far. */
  frames: number;
  renderer: string;
  quality: string;
  /** What detectQuality says about this browser's WebGL (null until the canvas exists). */
  detected: 'high' | 'low' | null;
  /** Draw calls and triangles of the last rendered frame. */
  drawCalls: number;
  triangles: number;
  /** Every id passed to onSelectNode, in order. */
  selections: (string | null)[];
  startMeasure(): void;
  stopMeasure(): Measurement;
  /** Page (CSS px) coordinates of a node's centre, or null if the node is unknown. */
  screenOf(nodeId: string): { x: number; y: number } | null;
  /** Share of canvas pixels that differ from the background colour, after a fresh render. */
  nonBackgroundShare(): number;
  /** RGB at page coordinates, after a fresh render. */
  pixelAt(x: number, y: number): [number, number, number];
  /** Writes a node's health into the frame as the app would and bumps its version. */
  setHealth(nodeId: string, code: number): void;
  /** Writes a node's queue depth into the frame as the app would and bumps its version. */
  setQueue(nodeId: string, depth: number): void;
  /** Page coordinates of the middle of a node's queue bar as it stands at this depth, or null if the node is unknown. */
  queueBarOf(nodeId: string, depth: number): { x: number; y: number } | null;
}

export interface Measurement {
  frames: number;
  seconds: number;
  /** Milliseconds between consecutive animation frames. */
  intervals: number[];
  /** Milliseconds of scene JavaScript per frame: useFrame callbacks plus three's render call. */
  sceneJs: number[];
  /** Milliseconds per frame the benchmark spent writing the frame (the app's share, not the scene's). */
  writerJs: number[];
  drawCalls: number;
  triangles: number;
}

export interface PageInput {
  scenario: Scenario;
  peers: ScenePeer[];
}

declare global {
  interface Window {
    __twin?: TwinProbe;
    __twinInput?: PageInput;
  }
}
