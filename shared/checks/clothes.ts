// clothes.contrast, clothes.blue and clothes.pattern: colour and texture of the clothing: what the
// face parser calls cloth below the chin, or without a parser the person pixels below the neck that
// are not skin.
import type { CheckResult } from '../checkResult.ts';
import { CALIBRATION, PIXEL_CLASSES } from './calibration.ts';
import { skinModel, type CheckContext } from './context.ts';
import { deltaE, forEachPixel, hueSat, median, personAt, resampleGray, rgbToLab, visibleFraction, type Box, type Lab } from './image.ts';
import { PART } from './parsedRegions.ts';
import { graded, result, unmeasured } from './result.ts';

export interface Clothing {
  box: Box;
  lab: Lab;
  /** share of clothing pixels that are clearly blue */
  blueShare: number;
}

function clothingBox(ctx: CheckContext): Box | null {
  const f = ctx.face;
  if (!f) return null;
  // the parser knows a collar from a neck, so it may look right below the chin
  const top = ctx.parsed ? 0.25 : 0.55;
  return { x0: f.chin.x - 0.9 * f.width, x1: f.chin.x + 0.9 * f.width, y0: f.chin.y + top * f.width, y1: f.chin.y + 1.2 * f.width };
}

/**
 * Whether a pixel is clothing: where the parser's map reaches, its cloth class; below it (the map is
 * a face-centred crop), confidently person and, for colour samples, not skin.
 */
function onCloth(ctx: CheckContext, x: number, y: number, image: { width: number; height: number }): 'cloth' | 'person' | false {
  const part = ctx.parsed?.classAt(x, y) ?? -1;
  if (part >= 0) return part === PART.cloth ? 'cloth' : false;
  return personAt(ctx.mask, image, x, y) >= 0.9 ? 'person' : false;
}

function isBlue(r: number, g: number, b: number): boolean {
  const { hue, sat } = hueSat(r, g, b);
  const c = PIXEL_CLASSES.blueCloth;
  return hue >= c.hueMin && hue <= c.hueMax && sat > c.minSat && Math.max(r, g, b) > c.minValue;
}

const clothingCache = new WeakMap<CheckContext, Clothing | null>();

/** The clothing's colour, measured once per context for the three clothing rules. */
export function clothing(ctx: CheckContext): Clothing | null {
  if (!clothingCache.has(ctx)) clothingCache.set(ctx, measureClothing(ctx));
  return clothingCache.get(ctx) ?? null;
}

function measureClothing(ctx: CheckContext): Clothing | null {
  const skin = skinModel(ctx);
  const box = clothingBox(ctx);
  const image = ctx.image;
  if (!image || !box || !skin || visibleFraction(image, box) < (ctx.parsed ? 0.2 : 0.35)) return null;
  const labs: Lab[] = [];
  let blue = 0;
  forEachPixel(image, box, (p) => {
    const where = onCloth(ctx, p.x, p.y, image);
    if (!where) return;
    const lab = rgbToLab(p.r, p.g, p.b);
    // outside the parser's map, bare neck and chest are told from clothing by their colour
    if (where === 'person' && deltaE(lab, skin.lab) < Math.max(PIXEL_CLASSES.skinDeltaE, 3 * skin.spread)) return;
    labs.push(lab);
    if (isBlue(p.r, p.g, p.b)) blue++;
  }, { samples: 2000 });
  if (labs.length < 60) return null;
  return { box, lab: { l: median(labs.map((p) => p.l)), a: median(labs.map((p) => p.a)), b: median(labs.map((p) => p.b)) }, blueShare: blue / labs.length };
}

export function checkClothesContrast(ctx: CheckContext): CheckResult {
  const c = clothing(ctx);
  const threshold = { min: CALIBRATION.clothesContrast.warn, unit: 'ΔE' };
  if (!c) return unmeasured('clothes.contrast', threshold, 'clothing not visible');
  const [r, g, b] = ctx.config.background;
  const d = deltaE(c.lab, rgbToLab(r, g, b));
  const verdict = d < CALIBRATION.clothesContrast.fail ? 'fail' : d < CALIBRATION.clothesContrast.warn ? 'warn' : 'pass';
  return result('clothes.contrast', verdict, d, threshold);
}

/** Blue clothing is refused only on a blue backdrop; on white or grey, contrast decides. */
export function checkClothesBlue(ctx: CheckContext): CheckResult {
  const c = clothing(ctx);
  if (!c) return unmeasured('clothes.blue', { max: CALIBRATION.clothesBlue.warn, unit: 'share' }, 'clothing not visible');
  const [r, g, b] = ctx.config.background;
  const share = isBlue(r, g, b) ? c.blueShare : 0;
  return graded('clothes.blue', share, CALIBRATION.clothesBlue, 'share', isBlue(r, g, b) ? undefined : 'backdrop not blue');
}

/** Mean absolute Laplacian of the clothing at 60 samples per face width: stripes and prints are fine texture. */
export function clothingTexture(ctx: CheckContext): number | null {
  const f = ctx.face;
  const c = clothing(ctx);
  const image = ctx.image;
  if (!f || !c || !image) return null;
  const W = Math.round(((c.box.x1 - c.box.x0) / f.width) * 60);
  const H = Math.round(((c.box.y1 - c.box.y0) / f.width) * 60);
  const g = resampleGray(image, c.box, W, H);
  const dx = (c.box.x1 - c.box.x0) / W;
  const dy = (c.box.y1 - c.box.y0) / H;
  let sum = 0;
  let n = 0;
  for (let y = 1; y < H - 1; y++) {
    for (let x = 1; x < W - 1; x++) {
      const sx = c.box.x0 + ((x + 0.5) / W) * (c.box.x1 - c.box.x0);
      const sy = c.box.y0 + ((y + 0.5) / H) * (c.box.y1 - c.box.y0);
      if (sx >= image.width || sy >= image.height || sx < 0 || sy < 0) continue;
      // stay off the silhouette and the neck: their edges are not a pattern
      if (!onCloth(ctx, sx, sy, image) || !onCloth(ctx, sx - dx, sy, image) || !onCloth(ctx, sx + dx, sy, image) || !onCloth(ctx, sx, sy - dy, image) || !onCloth(ctx, sx, sy + dy, image)) continue;
      const i = y * W + x;
      sum += Math.abs(4 * (g[i] ?? 0) - (g[i - 1] ?? 0) - (g[i + 1] ?? 0) - (g[i - W] ?? 0) - (g[i + W] ?? 0));
      n++;
    }
  }
  return n >= 100 ? sum / n : null;
}

export function checkClothesPattern(ctx: CheckContext): CheckResult {
  const v = clothingTexture(ctx);
  if (v === null) return unmeasured('clothes.pattern', { max: CALIBRATION.clothesPattern.warn, unit: 'texture' }, 'clothing not visible');
  return graded('clothes.pattern', v, CALIBRATION.clothesPattern, 'texture');
}
