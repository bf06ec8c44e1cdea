// How source pixels land on the output photo (scale and offset, no rotation), and the vision
// results carried over to output pixels so every output measure uses the same landmarks.
import { LANDMARK_COUNT, type FaceObservation, type FaceParse, type PersonMask } from '../vision/stillAnalysis.ts';

/** out = src * scale + offset, per axis. */
export interface OutputMapping {
  scaleX: number;
  scaleY: number;
  offsetX: number;
  offsetY: number;
}

export function mapFaceToOutput(face: FaceObservation, m: OutputMapping): FaceObservation {
  const points = face.points.slice();
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    points[i * 3] = face.points[i * 3]! * m.scaleX + m.offsetX;
    points[i * 3 + 1] = face.points[i * 3 + 1]! * m.scaleY + m.offsetY;
    points[i * 3 + 2] = face.points[i * 3 + 2]! * m.scaleX;
  }
  return { ...face, points };
}

/** The parser's class map on the output: only its crop moves (the output's scale is the same on both axes). */
export function mapParseToOutput(parse: FaceParse, m: OutputMapping): FaceParse {
  return { ...parse, crop: { x: parse.crop.x * m.scaleX + m.offsetX, y: parse.crop.y * m.scaleY + m.offsetY, size: parse.crop.size * m.scaleX } };
}

/** The person mask resampled (bilinear) onto the output grid; 0 outside the source frame. */
export function coarseAlpha(mask: PersonMask, mapping: OutputMapping, width: number, height: number, frameWidth: number, frameHeight: number): Float32Array {
  const out = new Float32Array(width * height);
  const mx = mask.width / frameWidth;
  const my = mask.height / frameHeight;
  for (let v = 0; v < height; v++) {
    const sy = (v + 0.5 - mapping.offsetY) / mapping.scaleY;
    if (sy < 0 || sy >= frameHeight) continue;
    const fy = Math.min(mask.height - 1, Math.max(0, sy * my - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(mask.height - 1, y0 + 1);
    const ty = fy - y0;
    for (let u = 0; u < width; u++) {
      const sx = (u + 0.5 - mapping.offsetX) / mapping.scaleX;
      if (sx < 0 || sx >= frameWidth) continue;
      const fx = Math.min(mask.width - 1, Math.max(0, sx * mx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(mask.width - 1, x0 + 1);
      const tx = fx - x0;
      const d = mask.data;
      const top = d[y0 * mask.width + x0]! * (1 - tx) + d[y0 * mask.width + x1]! * tx;
      const bottom = d[y1 * mask.width + x0]! * (1 - tx) + d[y1 * mask.width + x1]! * tx;
      out[v * width + u] = (top * (1 - ty) + bottom * ty) / 255;
    }
  }
  return out;
}
