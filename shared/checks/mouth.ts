// mouth.closed: lips closed and no teeth, from the inner-lip landmarks and the pixels between them.
import type { CheckResult } from '../checkResult.ts';
import { CALIBRATION, PIXEL_CLASSES } from './calibration.ts';
import type { CheckContext } from './context.ts';
import { MESH } from './faceGeometry.ts';
import { boundingBox, forEachPixel, hueSat, luma } from './image.ts';
import { graded, unmeasured } from './result.ts';

/** Teeth: light, unsaturated pixels between the inner lips. */
function teethShare(ctx: CheckContext): number {
  const { face, image } = ctx;
  if (!face || !image) return 0;
  const inner = face.outline(MESH.lipsInner);
  let teeth = 0;
  let total = 0;
  forEachPixel(image, boundingBox(inner), (p) => {
    total++;
    if (luma(p.r, p.g, p.b) > PIXEL_CLASSES.teeth.minLuma && hueSat(p.r, p.g, p.b).sat < PIXEL_CLASSES.teeth.maxSat) teeth++;
  }, { samples: 600, polygon: inner });
  return total > 0 ? teeth / total : 0;
}

/**
 * Openness = 10 × inner-lip gap / face width (closed lips read ≤ 0.2, parted ≥ 0.3 on CelebA);
 * visible teeth lift it to the fail level whatever the gap.
 */
export function mouthOpenScore(ctx: CheckContext): number | null {
  const face = ctx.face;
  if (!face) return null;
  const up = face.pt(MESH.upperLipInner);
  const down = face.pt(MESH.lowerLipInner);
  const openness = (10 * Math.hypot(down.x - up.x, down.y - up.y)) / face.width;
  return teethShare(ctx) >= PIXEL_CLASSES.teeth.showingShare ? Math.max(openness, CALIBRATION.mouthOpen.fail) : openness;
}

export function checkMouthClosed(ctx: CheckContext): CheckResult {
  const score = mouthOpenScore(ctx);
  if (score === null) return unmeasured('mouth.closed', { max: CALIBRATION.mouthOpen.warn, unit: 'openness' }, 'no face');
  return graded('mouth.closed', score, CALIBRATION.mouthOpen, 'openness');
}
