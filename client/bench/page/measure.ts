import type { Measurement } from './probe.ts';

/** Collects animation-frame intervals and per-frame JS times between startMeasure and stopMeasure. */
export class FrameRecorder {
  private on = false;
  private t0 = 0;
  private last = 0;
  private intervals: number[] = [];
  private sceneJs: number[] = [];
  private writerJs: number[] = [];

  constructor() {
    const tick = (t: number) => {
      if (this.on) {
        if (this.last > 0) this.intervals.push(t - this.last);
        this.last = t;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  start(): void {
    this.intervals = [];
    this.sceneJs = [];
    this.writerJs = [];
    this.last = 0;
    this.t0 = performance.now();
    this.on = true;
  }

  scene(ms: number): void {
    if (this.on) this.sceneJs.push(ms);
  }

  writer(ms: number): void {
    if (this.on) this.writerJs.push(ms);
  }

  stop(drawCalls: number, triangles: number): Measurement {
    this.on = false;
    return { frames: this.intervals.length, seconds: (performance.now() - this.t0) / 1000, intervals: this.intervals, sceneJs: this.sceneJs, writerJs: this.writerJs, drawCalls, triangles };
  }
}
