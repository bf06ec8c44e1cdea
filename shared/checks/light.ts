// light.balance (阴阳脸), light.highlights, light.exposure and light.red_eye: luminance statistics
// of the face skin and the pupils.
import type { CheckResult } from '../checkResult.ts';
import { CALIBRATION, PIXEL_CLASSES } from './calibration.ts';
import { skinModel, type CheckContext } from './context.ts';
import { MESH } from './faceGeometry.ts';
import { boundingBox, forEachPixel } from './image.ts';
import { graded, result, unmeasured } from './result.ts';

/** |left − right| / brighter cheek. */
export function lightImbalance(ctx: CheckContext): number | null {
  const skin = skinModel(ctx);
  if (!skin) return null;
  return Math.abs(skin.lumaA - skin.lumaB) / Math.max(1, skin.lumaA, skin.lumaB);
}

export function checkBalance(ctx: CheckContext): CheckResult {
  const v = lightImbalance(ctx);
  if (v === null) return unmeasured('light.balance', { max: CALIBRATION.lightBalance.warn, unit: 'ratio' }, 'cheeks not visible');
  return graded('light.balance', v, CALIBRATION.lightBalance, 'ratio');
}

/** Share of face pixels (inside the face outline, eyes and mouth excluded) that are clipped white. */
export function highlightShare(ctx: CheckContext): number | null {
  const { face, image } = ctx;
  if (!face || !image) return null;
  const oval = face.outline(MESH.faceOval);
  const holes = [face.outline(MESH.eyeA), face.outline(MESH.eyeB), face.outline(MESH.lipsOuter)].map((p) => boundingBox(p, face.width * 0.02));
  let hot = 0;
  let total = 0;
  forEachPixel(image, boundingBox(oval), (p) => {
    if (holes.some((h) => p.x >= h.x0 && p.x <= h.x1 && p.y >= h.y0 && p.y <= h.y1)) return;
    total++;
    if (Math.min(p.r, p.g, p.b) >= PIXEL_CLASSES.clipped) hot++;
  }, { samples: 2500, polygon: oval });
  return total >= 50 ? hot / total : null;
}

export function checkHighlights(ctx: CheckContext): CheckResult {
  const v = highlightShare(ctx);
  if (v === null) return unmeasured('light.highlights', { max: CALIBRATION.lightHighlights.warn, unit: 'share' }, 'face not visible');
  return graded('light.highlights', v, CALIBRATION.lightHighlights, 'share');
}

export function checkExposure(ctx: CheckContext): CheckResult {
  const skin = skinModel(ctx);
  const { middle, warn, fail } = CALIBRATION.lightExposure;
  const threshold = { min: middle - warn, max: middle + warn, unit: 'L*' };
  if (!skin) return unmeasured('light.exposure', threshold, 'face not visible');
  const l = skin.lab.l;
  const off = Math.abs(l - middle);
  return result('light.exposure', off > fail ? 'fail' : off > warn ? 'warn' : 'pass', l, threshold);
}

/** Share of the pupils' pixels that are red: a flash reflected off the retina. */
export function redPupilShare(ctx: CheckContext): number | null {
  const { face, image } = ctx;
  if (!face || !image) return null;
  const r = face.irisRadius * 0.45;
  let red = 0;
  let total = 0;
  for (const [centre, eye] of [[face.irisA, MESH.eyeA], [face.irisB, MESH.eyeB]] as const) {
    forEachPixel(image, { x0: centre.x - r, y0: centre.y - r, x1: centre.x + r, y1: centre.y + r }, (p) => {
      if (Math.hypot(p.x + 0.5 - centre.x, p.y + 0.5 - centre.y) > r) return;
      total++;
      const { minRed, overGreen, overBlue } = PIXEL_CLASSES.redPupil;
      if (p.r > minRed && p.r > overGreen * p.g && p.r > overBlue * p.b) red++;
    }, { samples: 200, polygon: face.outline(eye) });
  }
  return total >= 4 ? red / total : null;
}

export function checkRedEye(ctx: CheckContext): CheckResult {
  const v = redPupilShare(ctx);
  if (v === null) return unmeasured('light.red_eye', { max: CALIBRATION.redEye.fail, unit: 'share' }, 'pupils not visible');
  return graded('light.red_eye', v, CALIBRATION.redEye, 'share');
}

