// wear.headwear (colour over the crown), wear.earrings (bright spots by the ear lobes) and
// wear.necklace (bright ridges on the neck).
import type { CheckResult } from '../checkResult.ts';
import { CALIBRATION, PIXEL_CLASSES } from './calibration.ts';
import { skinModel, type CheckContext } from './context.ts';
import { deltaE, forEachPixel, hueSat, personAt, rgbToLab, visibleFraction, type Box } from './image.ts';
import { ridgeShare } from './jewellery.ts';
import { graded, unmeasured } from './result.ts';

/** The crown: from the top of the forehead up to about the top of the head, across the face. */
function crownBox(ctx: CheckContext): Box | null {
  const f = ctx.face;
  if (!f) return null;
  const top = f.pt(10);
  return { x0: top.x - 0.55 * f.width, x1: top.x + 0.55 * f.width, y0: top.y - 0.55 * f.width, y1: top.y - 0.02 * f.width };
}

/**
 * Share of person pixels over the crown in colours neither hair nor skin has: saturated, outside
 * the brown–blond hue range, unlike the cheeks. Hair dyed such a colour counts too (the spec's
 * natural look excludes it as well); black or brown headwear is missed.
 */
export function headwearShare(ctx: CheckContext): number | null {
  const skin = skinModel(ctx);
  const box = crownBox(ctx);
  const image = ctx.image;
  if (!image || !box || !skin || visibleFraction(image, box) < 0.4) return null;
  let person = 0;
  let foreign = 0;
  forEachPixel(image, box, (p) => {
    if (personAt(ctx.mask, image, p.x, p.y) < 0.5) return;
    person++;
    const { hue, sat } = hueSat(p.r, p.g, p.b);
    const lab = rgbToLab(p.r, p.g, p.b);
    const { minSat, minLightness, hairHue } = PIXEL_CLASSES.headwear;
    const isHairHue = hue >= hairHue.min && hue <= hairHue.max;
    const isSkin = deltaE(lab, skin.lab) < Math.max(PIXEL_CLASSES.skinDeltaE, 3 * skin.spread);
    if (!isSkin && sat > minSat && lab.l > minLightness && !isHairHue) foreign++;
  }, { samples: 1600 });
  return person >= 40 ? foreign / person : null;
}

export function checkHeadwear(ctx: CheckContext): CheckResult {
  const v = headwearShare(ctx);
  if (v === null) return unmeasured('wear.headwear', { max: CALIBRATION.headwear.warn, unit: 'share' }, 'top of the head not visible');
  return graded('wear.headwear', v, CALIBRATION.headwear, 'share');
}

/** Ridge share in the box hanging below each ear lobe, the worse side; null if neither box is in the frame. */
export function earringShare(ctx: CheckContext): number | null {
  const f = ctx.face;
  if (!f || !ctx.image) return null;
  const shares: number[] = [];
  for (const [contourIndex, lobeIndex, outward] of [[234, 93, -1], [454, 323, 1]] as const) {
    const contour = f.pt(contourIndex);
    const lobe = f.pt(lobeIndex);
    const cx = contour.x + outward * 0.05 * f.width;
    const box = { x0: cx - 0.12 * f.width, x1: cx + 0.12 * f.width, y0: lobe.y, y1: lobe.y + 0.4 * f.width };
    if (visibleFraction(ctx.image, box) < 0.5) continue;
    shares.push(ridgeShare(ctx.image, ctx.mask, box, f.width));
  }
  return shares.length ? Math.max(...shares) : null;
}

export function checkEarrings(ctx: CheckContext): CheckResult {
  const v = earringShare(ctx);
  if (v === null) return unmeasured('wear.earrings', { max: CALIBRATION.earrings.warn, unit: 'share' }, 'ear lobes not visible');
  return graded('wear.earrings', v, CALIBRATION.earrings, 'share');
}

/** Ridge share on the neck and upper chest; null if the frame ends too close below the chin. */
export function necklaceShare(ctx: CheckContext): number | null {
  const f = ctx.face;
  if (!f || !ctx.image) return null;
  // from below the jaw down to the collarbones, where chains and pendants hang
  const box = { x0: f.chin.x - 0.45 * f.width, x1: f.chin.x + 0.45 * f.width, y0: f.chin.y + 0.2 * f.width, y1: f.chin.y + 1.0 * f.width };
  if (visibleFraction(ctx.image, box) < 0.4) return null;
  return ridgeShare(ctx.image, ctx.mask, box, f.width);
}

export function checkNecklace(ctx: CheckContext): CheckResult {
  const v = necklaceShare(ctx);
  if (v === null) return unmeasured('wear.necklace', { max: CALIBRATION.necklace.warn, unit: 'share' }, 'neck not visible');
  return graded('wear.necklace', v, CALIBRATION.necklace, 'share');
}
