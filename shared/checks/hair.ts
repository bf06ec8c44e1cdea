// hair.eyebrows and hair.ears: how much of the skin that should show above the brows and beside
// the cheeks at ear height is covered by something that is not skin (hair).
import type { CheckResult } from '../checkResult.ts';
import { CALIBRATION, PIXEL_CLASSES } from './calibration.ts';
import { skinModel, type CheckContext, type SkinModel } from './context.ts';
import { MESH } from './faceGeometry.ts';
import { boundingBox, forEachPixel, personAt, rgbToLab, visibleFraction, type Box, type RgbImage } from './image.ts';
import { graded, unmeasured } from './result.ts';

/** Hair rather than skin: clearly darker than the cheeks (ears and foreheads sit in some shadow), or of another colour. */
function notSkin(skin: SkinModel, r: number, g: number, b: number): boolean {
  const lab = rgbToLab(r, g, b);
  const { lightnessDrop, chromaDistance } = PIXEL_CLASSES.hair;
  return lab.l < skin.lab.l - lightnessDrop || Math.hypot(lab.a - skin.lab.a, lab.b - skin.lab.b) > Math.max(chromaDistance, 3 * skin.spread);
}

function coveredShare(ctx: CheckContext, image: RgbImage, skin: SkinModel, box: Box, personOnly: boolean): { share: number; person: number } | null {
  let person = 0;
  let covered = 0;
  let total = 0;
  forEachPixel(image, box, (p) => {
    total++;
    if (personOnly && personAt(ctx.mask, image, p.x, p.y) < 0.5) return;
    person++;
    if (notSkin(skin, p.r, p.g, p.b)) covered++;
  }, { samples: 600 });
  return person >= 12 ? { share: covered / person, person: person / Math.max(1, total) } : null;
}

/** Share of non-skin pixels in the band just above each eyebrow, mean of both sides. */
export function browCover(ctx: CheckContext): number | null {
  const skin = skinModel(ctx);
  const { face, image } = ctx;
  if (!face || !image || !skin) return null;
  const shares: number[] = [];
  for (const brow of [MESH.browA, MESH.browB]) {
    const b = boundingBox(face.outline(brow));
    const band = { x0: b.x0, x1: b.x1, y0: b.y0 - 0.1 * face.width, y1: b.y0 + 0.02 * face.width };
    const s = coveredShare(ctx, image, skin, band, false);
    if (s) shares.push(s.share);
  }
  return shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : null;
}

export function checkHairEyebrows(ctx: CheckContext): CheckResult {
  const v = browCover(ctx);
  if (v === null) return unmeasured('hair.eyebrows', { max: CALIBRATION.hairEyebrows.warn, unit: 'share' }, 'eyebrows not visible');
  return graded('hair.eyebrows', v, CALIBRATION.hairEyebrows, 'share');
}

/** Share of person pixels beside each cheek at ear height that are not skin; the worse side counts. */
export function earCover(ctx: CheckContext): number | null {
  const skin = skinModel(ctx);
  const { face, image } = ctx;
  if (!face || !image || !skin) return null;
  const shares: number[] = [];
  for (const [cheek, jaw, outward] of [[234, MESH.jawA, -1], [454, MESH.jawB, 1]] as const) {
    const c = face.pt(cheek);
    const j = face.pt(jaw);
    const xNear = c.x + outward * 0.02 * face.width;
    const xFar = c.x + outward * 0.17 * face.width;
    const eyeY = (face.irisA.y + face.irisB.y) / 2;
    // the upper ear only: below it, beards and sideburns are hair that is allowed
    const box = { x0: Math.min(xNear, xFar), x1: Math.max(xNear, xFar), y0: eyeY, y1: eyeY + 0.6 * (j.y - eyeY) };
    if (visibleFraction(image, box) < 0.6) continue;
    const s = coveredShare(ctx, image, skin, box, true);
    // an ear region that is mostly backdrop shows a turned head or a cut-out, not an ear
    if (s && s.person >= 0.3) shares.push(s.share);
  }
  return shares.length ? Math.max(...shares) : null;
}

export function checkHairEars(ctx: CheckContext): CheckResult {
  const v = earCover(ctx);
  if (v === null) return unmeasured('hair.ears', { max: CALIBRATION.hairEars.warn, unit: 'share' }, 'ear regions not visible');
  return graded('hair.ears', v, CALIBRATION.hairEars, 'share');
}
