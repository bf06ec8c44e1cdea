// mouth.closed: lips closed (so no teeth either), from the inner-lip landmarks.
import type { CheckResult } from '../checkResult.ts';
import { CALIBRATION } from './calibration.ts';
import type { CheckContext } from './context.ts';
import { MESH } from './faceGeometry.ts';
import { graded, unmeasured } from './result.ts';

/**
 * Openness = the share of the mouth's height (outer lip line, top to bottom) that is gap between the
 * inner lips, from 3D landmark distances: two segments along the same line shrink alike when the
 * head tips, turns or is framed smaller, and full lips that touch read as closed as thin ones.
 * Visible teeth read as a mouth wide open (1) whatever the gap. Null where it cannot be judged: no
 * face, or a head turned so far that the far half of the mouth is hidden.
 */
export function mouthOpenScore(ctx: CheckContext): number | null {
  const face = ctx.face;
  if (!face || Math.abs(face.pose.yaw) > CALIBRATION.mouthMaxYaw) return null;
  const openness = face.dist3(MESH.upperLipInner, MESH.lowerLipInner) / face.dist3(MESH.upperLipOuter, MESH.lowerLipOuter);
  return openness;
}

export function checkMouthClosed(ctx: CheckContext): CheckResult {
  const score = mouthOpenScore(ctx);
  if (score === null) return unmeasured('mouth.closed', { max: CALIBRATION.mouthOpen.fail, unit: 'openness' }, ctx.face ? 'head turned too far to see the whole mouth' : 'no face');
  return graded('mouth.closed', score, CALIBRATION.mouthOpen, 'openness');
}
