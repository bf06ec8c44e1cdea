// hair.eyebrows and hair.ears: how much of the skin that should show above the brows and beside
// the cheeks at ear height is covered by something that is not skin (hair).
import type { CheckResult } from '../checkResult.ts';
import { CALIBRATION, PIXEL_CLASSES } from './calibration.ts';
import { skinModel, type CheckContext, type SkinModel } from './context.ts';
import { MESH } from './faceGeometry.ts';
import { boundingBox, forEachPixel, personAt, rgbToLab, type Box, type RgbImage } from './image.ts';
import { EAR, PART, sumOf } from './parsedRegions.ts';
import { headPitch } from './pose.ts';
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

/** The band just above each eyebrow, where bangs cover it first. */
function browBands(ctx: CheckContext): Box[] {
  const face = ctx.face;
  if (!face) return [];
  return [MESH.browA, MESH.browB].map((brow) => {
    const b = boundingBox(face.outline(brow));
    return { x0: b.x0, x1: b.x1, y0: b.y0 - 0.1 * face.width, y1: b.y0 + 0.02 * face.width };
  });
}

/** Share of non-skin pixels in the band just above each eyebrow, mean of both sides (pixels only: what live frames have). */
export function browCover(ctx: CheckContext): number | null {
  const skin = skinModel(ctx);
  const { image } = ctx;
  if (!image || !skin) return null;
  const shares = browBands(ctx).flatMap((band) => coveredShare(ctx, image, skin, band, false)?.share ?? []);
  return shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : null;
}

/** The parser's hair share over each eyebrow (its outline and a little above), the worse side. */
export function browHair(ctx: CheckContext): number | null {
  const { face, parsed } = ctx;
  if (!face || !parsed) return null;
  const shares = [MESH.browA, MESH.browB].flatMap((brow) => {
    const b = boundingBox(face.outline(brow));
    const k = parsed.count({ x0: b.x0, x1: b.x1, y0: b.y0 - 0.03 * face.width, y1: b.y1 + 0.02 * face.width });
    return k.seen >= 8 ? [(k.byClass[PART.hair] ?? 0) / k.seen] : [];
  });
  return shares.length ? Math.max(...shares) : null;
}

/**
 * Two views of the same bands, averaged: the parser's hair class and the pixel colours (each
 * catches bangs the other misses: thin strands, hair the colour of skin). Without a parser only
 * the colours, and then the rule may warn but never block.
 */
export function checkHairEyebrows(ctx: CheckContext): CheckResult {
  const pixels = browCover(ctx);
  const parser = browHair(ctx);
  const limits = CALIBRATION.hairEyebrows;
  if (pixels === null && parser === null) return unmeasured('hair.eyebrows', { max: limits.warn, unit: 'share' }, 'eyebrows not visible');
  if (parser === null) return graded('hair.eyebrows', pixels ?? 0, { warn: limits.warn }, 'share', 'colours only, no face parser');
  return graded('hair.eyebrows', ((pixels ?? parser) + parser) / 2, limits, 'share');
}

/**
 * How much of each ear the hair covers, from the parser: in the box beside the cheek from the brows
 * to below the nose, the share of hair, times the part of a whole ear's area that the parser does not
 * see there (a visible ear, bald or short hair, reads near 0; an ear under long hair near 1); the
 * worse side counts.
 */
export function earCover(ctx: CheckContext): number | null {
  const { face, parsed } = ctx;
  if (!face || !parsed) return null;
  const top = Math.min(face.pt(105).y, face.pt(334).y);
  const bottom = face.pt(2).y + 0.1 * face.width;
  const covers: number[] = [];
  for (const [cheek, outward] of [[234, -1], [454, 1]] as const) {
    // a head turned this far hides the ear on the side it turns to behind itself: that box holds the back of the head
    if (outward * face.pose.yaw > CALIBRATION.earHiddenYaw) continue;
    const c = face.pt(cheek);
    const xa = c.x - outward * 0.05 * face.width;
    const xb = c.x + outward * 0.3 * face.width;
    const k = parsed.count({ x0: Math.min(xa, xb), x1: Math.max(xa, xb), y0: top, y1: bottom });
    // a box mostly outside the frame shows nothing about the ear
    if (k.seen < 0.6 * k.asked || k.seen === 0) continue;
    // hair in the box counts as far as the ear it should show is missing
    const earShown = Math.min(1, (sumOf(k, EAR) * parsed.cell * parsed.cell) / (CALIBRATION.earArea * face.width * face.width));
    covers.push(((k.byClass[PART.hair] ?? 0) / k.seen) * (1 - earShown));
  }
  return covers.length ? Math.max(...covers) : null;
}

export function checkHairEars(ctx: CheckContext): CheckResult {
  const threshold = { max: CALIBRATION.hairEars.warn, unit: 'share' };
  if (!ctx.parsed) return unmeasured('hair.ears', threshold, 'no face parser');
  // the ear boxes sit where a level head has its ears: a head tipped this far gets the pitch hint first
  if (ctx.face && Math.abs(headPitch(ctx.face, ctx.image?.height ?? null)) > CALIBRATION.earMaxPitch) return unmeasured('hair.ears', threshold, 'head tipped up or down');
  const v = earCover(ctx);
  if (v === null) return unmeasured('hair.ears', threshold, 'ear regions not visible');
  return graded('hair.ears', v, CALIBRATION.hairEars, 'share');
}
