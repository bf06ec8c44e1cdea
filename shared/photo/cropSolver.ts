// Chooses the crop of a source photo that puts the head where spec §2 wants it on the 480x640
// output: a scale and an offset, never a rotation. Pure.
//
// The trade-off: the middles of the head-top, eye-line and face-width ranges cannot be met at once
// on real heads (hair top to eye line is 0.85–0.95 face widths, see docs/photo-engine.md), so the
// solver maximises the smallest safety margin, each margin measured as a fraction of its range's
// half-width. That keeps every measure as far inside its range as the head's proportions allow,
// without favouring one range. Centring is exact (it is free: the canvas may extend at the sides).
// Extending at the sides leaves a background-coloured strip beside the shoulders, so a crop that
// stays inside the frame's width is preferred whenever its margin is still comfortable.
import { GEOMETRY, OUTPUT_HEIGHT, OUTPUT_WIDTH, type Range } from '../photoStandard.ts';

export interface CropInput {
  frameWidth: number;
  frameHeight: number;
  eyeY: number;
  headTopY: number;
  faceWidth: number;
  midlineX: number;
}

export interface Crop {
  /** output pixels per source pixel */
  scale: number;
  /** source coordinates of the output's top-left corner (may be negative: the canvas extends there) */
  x0: number;
  y0: number;
  /** predicted output measures */
  predicted: { headTop: number; eyeLine: number; faceWidth: number; centreX: number };
  /** the smallest normalised margin, 0 at a range's edge, 1 at its middle */
  margin: number;
}

export type CropRefusal =
  /** hair top to eye line too tall for the ranges: a bun or updo */
  | 'hair_too_high'
  /** the frame ends above the chest: the output would need background below the subject */
  | 'frame_too_short'
  /** the face is so small that the crop would enlarge it beyond MAX_UPSCALE */
  | 'face_too_small';

export type CropResult = { ok: true; crop: Crop } | { ok: false; reason: CropRefusal };

/** Beyond this enlargement the output is visibly soft: ask the student to come closer instead. */
export const MAX_UPSCALE = 2.5;
/** A margin this large (or the best there is, if smaller) is worth keeping the sides inside the frame for. */
export const COMFORTABLE_MARGIN = 0.3;

const SCALE_STEPS = 120;
const EYE_STEPS = 100;

function margin(value: number, range: Range): number {
  const half = (range.max - range.min) / 2;
  return Math.min(value - range.min, range.max - value) / half;
}

export function solveCrop(input: CropInput): CropResult {
  const { frameWidth, frameHeight, eyeY, headTopY, faceWidth, midlineX } = input;
  const eyeToTop = eyeY - headTopY;
  const { faceWidth: fwRange, eyeLine, headTop } = GEOMETRY;
  let best: Crop | null = null;
  let bestInsideWidth: Crop | null = null;
  let sawFitWithinRanges = false;
  let sawTooShort = false;
  for (let i = 0; i <= SCALE_STEPS; i++) {
    const outFaceWidth = fwRange.min + ((fwRange.max - fwRange.min) * i) / SCALE_STEPS;
    const scale = outFaceWidth / faceWidth;
    if (scale > MAX_UPSCALE) continue;
    for (let j = 0; j <= EYE_STEPS; j++) {
      const outEye = eyeLine.min + ((eyeLine.max - eyeLine.min) * j) / EYE_STEPS;
      const outTop = outEye - eyeToTop * scale;
      const m = Math.min(margin(outFaceWidth, fwRange), margin(outEye, eyeLine), margin(outTop, headTop));
      if (m < 0) continue;
      sawFitWithinRanges = true;
      const y0 = eyeY - outEye / scale;
      // never extend below the subject: the frame must reach the output's bottom edge
      if (y0 + OUTPUT_HEIGHT / scale > frameHeight + 0.5) {
        sawTooShort = true;
        continue;
      }
      const x0 = midlineX - OUTPUT_WIDTH / 2 / scale;
      const crop: Crop = { scale, x0, y0, predicted: { headTop: outTop, eyeLine: outEye, faceWidth: outFaceWidth, centreX: OUTPUT_WIDTH / 2 }, margin: m };
      if (!best || m > best.margin) best = crop;
      const insideWidth = x0 >= -0.5 && x0 + OUTPUT_WIDTH / scale <= frameWidth + 0.5;
      if (insideWidth && (!bestInsideWidth || m > bestInsideWidth.margin)) bestInsideWidth = crop;
    }
  }
  if (bestInsideWidth && bestInsideWidth.margin >= Math.min(COMFORTABLE_MARGIN, best?.margin ?? 0)) return { ok: true, crop: bestInsideWidth };
  if (best) return { ok: true, crop: best };
  if (faceWidth * MAX_UPSCALE < fwRange.min) return { ok: false, reason: 'face_too_small' };
  if (sawTooShort || sawFitWithinRanges) return { ok: false, reason: 'frame_too_short' };
  return { ok: false, reason: 'hair_too_high' };
}
