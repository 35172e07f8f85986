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

/** A text label drawn into a canvas texture on a sprite that always faces the camera. */
export function Label({ text, position, color = '#e6edf3', background = 'rgba(13,17,23,0.72)', height = 1.2 }: LabelProps) {
  const texture = useMemo(() => drawLabel(text, color, background), [text, color, background]);
  useEffect(() => () => texture.dispose(), [texture]);
  const aspect = texture.image.width / texture.image.height;
  return (
    <sprite position={position} scale={[height * aspect, height, 1]} renderOrder={10}>
      <spriteMaterial map={texture} transparent depthWrite={false} />
    </sprite>
  );
}

function drawLabel(text: string, color: string, background: string): CanvasTexture & { image: HTMLCanvasElement } {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  ctx.font = FONT;
  const pad = FONT_PX * 0.35;
  canvas.width = Math.ceil(ctx.measureText(text).width + 2 * pad);
  canvas.height = Math.ceil(FONT_PX * 1.4);
  ctx.font = FONT; // resizing the canvas resets its state
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = color;
  ctx.textBaseline = 'middle';
  ctx.fillText(text, pad, canvas.height / 2);
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.minFilter = LinearFilter;
  texture.generateMipmaps = false;
  return texture as CanvasTexture & { image: HTMLCanvasElement };
}
