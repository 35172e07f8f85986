import { useEffect, useMemo } from 'react';
import { CanvasTexture, LinearFilter, SRGBColorSpace } from 'three';

export interface LabelProps {
  text: string;
  position: [number, number, number];
  color?: string;
  background?: string;
  /** World height of the label. */
  height?: number;
}

const FONT_PX = 48;
// System fonts only: the lab must not fetch anything, and CJK names need the OS's CJK fallback.
const FONT = `600 ${FONT_PX}px system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif`;

/** A text label drawn into a canvas texture on a sprite that always faces the camera; "\n" starts a line. */
export function Label({ text, position, color = '#e6edf3', background = 'rgba(13,17,23,0.72)', height = 1.2 }: LabelProps) {
  const texture = useMemo(() => drawLabel(text, color, background), [text, color, background]);
  useEffect(() => () => texture.dispose(), [texture]);
  // `height` is one line's: a label of two lines stands twice as tall, never squeezed.
  const worldHeight = (height * texture.image.height) / ONE_LINE_PX;
  const aspect = texture.image.width / texture.image.height;
  return (
    <sprite position={position} scale={[worldHeight * aspect, worldHeight, 1]} renderOrder={10}>
      <spriteMaterial map={texture} transparent depthWrite={false} />
    </sprite>
  );
}

const ONE_LINE_PX = Math.ceil(FONT_PX * 1.4);
const LINE_PX = FONT_PX * 1.15;

function drawLabel(text: string, color: string, background: string): CanvasTexture & { image: HTMLCanvasElement } {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  ctx.font = FONT;
  const pad = FONT_PX * 0.35;
  const lines = text.split('\n');
  canvas.width = Math.ceil(Math.max(...lines.map((l) => ctx.measureText(l).width)) + 2 * pad);
  canvas.height = Math.ceil(ONE_LINE_PX + (lines.length - 1) * LINE_PX);
  ctx.font = FONT; // resizing the canvas resets its state
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = color;
  ctx.textBaseline = 'middle';
  lines.forEach((line, i) => ctx.fillText(line, pad, ONE_LINE_PX / 2 + i * LINE_PX));
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.minFilter = LinearFilter;
  texture.generateMipmaps = false;
  return texture as CanvasTexture & { image: HTMLCanvasElement };
}
