// image.sharpness: focus and motion blur as the spread of the Laplacian over the face, measured
// with the face resampled to a fixed width so that every camera resolution reads the same.
import type { CheckResult } from '../checkResult.ts';
import { CALIBRATION } from './calibration.ts';
import type { CheckContext } from './context.ts';
import { MESH } from './faceGeometry.ts';
import { boundingBox, resampleGray } from './image.ts';
import { result, unmeasured } from './result.ts';

/** Samples across the face width: fine enough for eyelashes and brows, coarse enough for a 100 px face. */
const FACE_SAMPLES = 96;

export function laplacianSpread(ctx: CheckContext): number | null {
  const { face, image } = ctx;
  if (!face || !image) return null;
  const b = boundingBox(face.outline(MESH.faceOval));
  // the inner face: eyes, brows, nose and mouth, away from the hair and the silhouette
  const w = b.x1 - b.x0;
  const h = b.y1 - b.y0;
  const box = { x0: b.x0 + 0.15 * w, x1: b.x1 - 0.15 * w, y0: b.y0 + 0.2 * h, y1: b.y1 - 0.1 * h };
  const W = Math.round(FACE_SAMPLES * 0.7);
  const H = Math.round((W * (box.y1 - box.y0)) / (box.x1 - box.x0));
  const g = resampleGray(image, box, W, H);
  let sum = 0;
  let sum2 = 0;
  let n = 0;
  for (let y = 1; y < H - 1; y++) {
    for (let x = 1; x < W - 1; x++) {
      const i = y * W + x;
      const lap = 4 * (g[i] ?? 0) - (g[i - 1] ?? 0) - (g[i + 1] ?? 0) - (g[i - W] ?? 0) - (g[i + W] ?? 0);
      sum += lap;
      sum2 += lap * lap;
      n++;
    }
  }
  if (n < 100) return null;
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sum2 / n - mean * mean));
}

export function checkSharpness(ctx: CheckContext): CheckResult {
  const v = laplacianSpread(ctx);
  const limits = CALIBRATION.sharpness;
  const threshold = { min: limits.warn, unit: 'Laplacian σ' };
  if (v === null) return unmeasured('image.sharpness', threshold, 'face not visible');
  return result('image.sharpness', v < limits.warn ? 'warn' : 'pass', v, threshold);
}
