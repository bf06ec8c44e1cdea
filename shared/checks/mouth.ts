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
 * Openness = the share of the mouth's height (outer lip line, top to bottom) that is gap between the
 * inner lips, from 3D landmark distances: two segments along the same line shrink alike when the
 * head tips, turns or is framed smaller, and full lips that touch read as closed as thin ones.
 * Visible teeth lift it to the fail level whatever the gap. Null where it cannot be judged: no
 * face, or a head turned so far that the far half of the mouth is hidden.
 */
export function mouthOpenScore(ctx: CheckContext): number | null {
  const face = ctx.face;
  if (!face || Math.abs(face.pose.yaw) > CALIBRATION.mouthMaxYaw) return null;
  const openness = face.dist3(MESH.upperLipInner, MESH.lowerLipInner) / face.dist3(MESH.upperLipOuter, MESH.lowerLipOuter);
  return teethShare(ctx) >= PIXEL_CLASSES.teeth.showingShare ? Math.max(openness, CALIBRATION.mouthOpen.fail) : openness;
}

export function checkMouthClosed(ctx: CheckContext): CheckResult {
  const score = mouthOpenScore(ctx);
  if (score === null) return unmeasured('mouth.closed', { max: CALIBRATION.mouthOpen.warn, unit: 'openness' }, ctx.face ? 'head turned too far to see the whole mouth' : 'no face');
  return graded('mouth.closed', score, CALIBRATION.mouthOpen, 'openness');
}
