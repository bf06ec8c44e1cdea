// wear.headwear, wear.earrings and wear.necklace from the face parser's class map: a hat over the
// head, earrings, a necklace. Without a parser each of them warns for a reviewer.
import type { CheckResult } from '../checkResult.ts';
import { CALIBRATION } from './calibration.ts';
import type { CheckContext } from './context.ts';
import type { FaceGeometry } from './faceGeometry.ts';
import { PART, type Box } from './parsedRegions.ts';
import { graded, unmeasured } from './result.ts';

/**
 * Share of hat among hat, hair and skin above the brows, across the head: a cap or beret reads most
 * of it, a bare head 0 (the parser sometimes calls a few cells of a shaved crown "hat").
 */
export function headwearShare(ctx: CheckContext): number | null {
  const { face, parsed } = ctx;
  if (!face || !parsed) return null;
  const brows = Math.min(face.pt(105).y, face.pt(334).y);
  const k = parsed.count({ x0: face.pt(234).x - 0.2 * face.width, x1: face.pt(454).x + 0.2 * face.width, y0: brows - 1.2 * face.width, y1: brows });
  const hat = k.byClass[PART.hat] ?? 0;
  const head = hat + (k.byClass[PART.hair] ?? 0) + (k.byClass[PART.skin] ?? 0);
  return head >= 20 ? hat / head : null;
}

export function checkHeadwear(ctx: CheckContext): CheckResult {
  const threshold = { max: CALIBRATION.headwear.warn, unit: 'share' };
  if (!ctx.parsed) return unmeasured('wear.headwear', threshold, 'no face parser');
  const v = headwearShare(ctx);
  if (v === null) return unmeasured('wear.headwear', threshold, 'top of the head not visible');
  return graded('wear.headwear', v, CALIBRATION.headwear, 'share');
}

/** Whether enough of a box is inside the frame (and the parser's crop) to judge what it holds. */
function inView(ctx: CheckContext, box: Box, share: number): boolean {
  const k = ctx.parsed?.count(box);
  return k !== undefined && k.asked > 0 && k.seen >= share * k.asked;
}

/** Where earrings hang: below each ear lobe, beside the jaw. */
function lobesInView(ctx: CheckContext): boolean {
  const f = ctx.face;
  if (!f) return false;
  return ([[234, 93, -1], [454, 323, 1]] as const).some(([contour, lobe, outward]) => {
    const cx = f.pt(contour).x + outward * 0.05 * f.width;
    const y = f.pt(lobe).y;
    return inView(ctx, { x0: cx - 0.12 * f.width, x1: cx + 0.12 * f.width, y0: y, y1: y + 0.4 * f.width }, 0.5);
  });
}

/** Where necklaces hang: from below the jaw to the collarbones. */
function neckInView(ctx: CheckContext): boolean {
  const f = ctx.face;
  return f !== null && inView(ctx, { x0: f.chin.x - 0.45 * f.width, x1: f.chin.x + 0.45 * f.width, y0: f.chin.y + 0.2 * f.width, y1: f.chin.y + 0.7 * f.width }, 0.6);
}

/** Area of one parser class in the boxes, in thousandths of the face width squared. */
function partArea(ctx: CheckContext, part: number, boxes: readonly Box[]): number | null {
  const { face, parsed } = ctx;
  if (!face || !parsed) return null;
  const area = boxes.reduce((sum, box) => sum + parsed.area([part], box, CALIBRATION.parseEdgeMargin * face.width), 0);
  return (area * 1000) / (face.width * face.width);
}

/** Where earrings are worn: each ear and below its lobe. */
function earBoxes(f: FaceGeometry): Box[] {
  const eyeY = (f.irisA.y + f.irisB.y) / 2;
  return ([[234, 93, -1], [454, 323, 1]] as const).map(([contour, lobe, outward]) => {
    const x = f.pt(contour).x;
    const xa = x - outward * 0.1 * f.width;
    const xb = x + outward * 0.45 * f.width;
    return { x0: Math.min(xa, xb), x1: Math.max(xa, xb), y0: eyeY, y1: f.pt(lobe).y + 0.6 * f.width };
  });
}

/** Where necklaces hang: from the jaw to below the collarbones. */
function neckBox(f: FaceGeometry): Box {
  return { x0: f.chin.x - 0.6 * f.width, x1: f.chin.x + 0.6 * f.width, y0: f.chin.y - 0.1 * f.width, y1: f.chin.y + 1.0 * f.width };
}

export function checkEarrings(ctx: CheckContext): CheckResult {
  const threshold = { max: CALIBRATION.earrings.warn, unit: '‰ face area' };
  if (!ctx.parsed) return unmeasured('wear.earrings', threshold, 'no face parser');
  const v = ctx.face && partArea(ctx, PART.earring, earBoxes(ctx.face));
  if (v === null || !lobesInView(ctx)) return unmeasured('wear.earrings', threshold, 'ear lobes not visible');
  return graded('wear.earrings', v, CALIBRATION.earrings, '‰ face area');
}

export function checkNecklace(ctx: CheckContext): CheckResult {
  const threshold = { max: CALIBRATION.necklace.warn, unit: '‰ face area' };
  if (!ctx.parsed) return unmeasured('wear.necklace', threshold, 'no face parser');
  const v = ctx.face && partArea(ctx, PART.necklace, [neckBox(ctx.face)]);
  if (v === null || !neckInView(ctx)) return unmeasured('wear.necklace', threshold, 'neck not visible');
  return graded('wear.necklace', v, CALIBRATION.necklace, '‰ face area');
}
