// glasses.tinted, glasses.glare, glasses.frame_over_eyes: pixel statistics in the lens region (the
// ring around each eye between the brow and the cheekbone, eye opening and brow excluded).
import type { CheckResult } from '../checkResult.ts';
import type { Point } from '../vision/stillAnalysis.ts';
import { CALIBRATION, PIXEL_CLASSES } from './calibration.ts';
import { skinModel, type CheckContext } from './context.ts';
import { MESH, type FaceGeometry } from './faceGeometry.ts';
import { boundingBox, deltaE, forEachPixel, hueSat, insidePolygon, luma, median, resampleGray, rgbToLab, type Box, type Lab, type RgbImage } from './image.ts';
import { PART } from './parsedRegions.ts';
import { graded, result, unmeasured } from './result.ts';

interface LensRegion {
  box: Box;
  eye: Point[];
  brow: Point[];
}

function lensRegions(face: FaceGeometry): LensRegion[] {
  return [[MESH.eyeA, MESH.browA], [MESH.eyeB, MESH.browB]].map(([eyeIdx, browIdx]) => {
    const eye = face.outline(eyeIdx ?? []);
    const brow = face.outline(browIdx ?? []);
    const e = boundingBox(eye);
    const w = face.width;
    const browBottom = Math.max(...brow.map((p) => p.y));
    return { box: { x0: e.x0 - 0.05 * w, x1: e.x1 + 0.05 * w, y0: Math.min(browBottom, e.y0 - 0.04 * w), y1: e.y1 + 0.1 * w }, eye, brow };
  });
}

/** Visit the lens-ring pixels of both eyes. */
function forEachLensPixel(image: RgbImage, face: FaceGeometry, visit: (r: number, g: number, b: number) => void): void {
  for (const lens of lensRegions(face)) {
    forEachPixel(image, lens.box, (p) => {
      if (insidePolygon(lens.eye, p.x + 0.5, p.y + 0.5) || insidePolygon(lens.brow, p.x + 0.5, p.y + 0.5)) return;
      visit(p.r, p.g, p.b);
    }, { samples: 400 });
  }
}

/** ΔE between the lens ring and the cheek skin: a tinted lens shifts everything seen through it. */
export function lensTint(ctx: CheckContext): number | null {
  const skin = skinModel(ctx);
  if (!ctx.face || !ctx.image || !skin) return null;
  const labs: Lab[] = [];
  forEachLensPixel(ctx.image, ctx.face, (r, g, b) => labs.push(rgbToLab(r, g, b)));
  if (labs.length < 20) return null;
  const ring = { l: median(labs.map((p) => p.l)), a: median(labs.map((p) => p.a)), b: median(labs.map((p) => p.b)) };
  return deltaE(ring, skin.lab);
}

/** Share of lens-ring pixels that are specular: near white and well above the skin. */
export function lensGlare(ctx: CheckContext): number | null {
  const skin = skinModel(ctx);
  if (!ctx.face || !ctx.image || !skin) return null;
  const { aboveSkin, minLuma, maxLuma, maxSat } = PIXEL_CLASSES.glare;
  const floor = Math.max(minLuma, Math.min(maxLuma, (skin.lumaA + skin.lumaB) / 2 + aboveSkin));
  let glare = 0;
  let total = 0;
  forEachLensPixel(ctx.image, ctx.face, (r, g, b) => {
    total++;
    if (luma(r, g, b) >= floor && hueSat(r, g, b).sat < maxSat) glare++;
  });
  return total ? glare / total : null;
}

/**
 * Strongest straight horizontal edge in a box, relative to the skin luma: a spectacle frame is a
 * long straight line, skin and eyes are not. `rows` limits the search to the inner rows.
 */
function straightEdge(image: RgbImage, box: Box, skinLuma: number, rows: [number, number]): number {
  const W = 32;
  const H = 16;
  const g = resampleGray(image, box, W, H);
  let best = 0;
  for (let y = Math.max(1, Math.floor(rows[0] * H)); y < Math.min(H - 1, Math.ceil(rows[1] * H)); y++) {
    let sum = 0;
    for (let x = Math.floor(W * 0.15); x < Math.ceil(W * 0.85); x++) sum += (g[(y + 1) * W + x] ?? 0) - (g[(y - 1) * W + x] ?? 0);
    best = Math.max(best, Math.abs(sum / (W * 0.7)));
  }
  return best / Math.max(20, skinLuma);
}

/** Frame edge across the bridge of the nose, between the eyes: present when glasses are worn. */
export function bridgeEdge(ctx: CheckContext): number | null {
  const skin = skinModel(ctx);
  if (!ctx.face || !ctx.image || !skin) return null;
  const f = ctx.face;
  const a = f.pt(133);
  const b = f.pt(362);
  const browY = Math.min(f.pt(55).y, f.pt(285).y);
  const cx = (a.x + b.x) / 2;
  const w = Math.abs(b.x - a.x) * 0.5;
  const eyeY = (a.y + b.y) / 2;
  return straightEdge(ctx.image, { x0: cx - w / 2, x1: cx + w / 2, y0: browY, y1: eyeY + 0.05 * f.width }, (skin.lumaA + skin.lumaB) / 2, [0.05, 0.95]);
}

/** The strongest straight edge across the middle of either eye opening. */
export function frameOverEyes(ctx: CheckContext): number | null {
  const skin = skinModel(ctx);
  const { face: f, image } = ctx;
  if (!f || !image || !skin) return null;
  const values = [MESH.eyeA, MESH.eyeB].map((eye) => straightEdge(image, boundingBox(f.outline(eye)), (skin.lumaA + skin.lumaB) / 2, [0.3, 0.7]));
  return Math.max(...values);
}

/**
 * Whether the student wears glasses: the parser's glasses class around the eyes (its area in
 * thousandths of the face width squared), or without a parser the frame edge on the bridge.
 */
export function glassesWorn(ctx: CheckContext): boolean | null {
  const { face, parsed } = ctx;
  if (!face) return null;
  if (!parsed) {
    const bridge = bridgeEdge(ctx);
    return bridge === null ? null : bridge >= CALIBRATION.glassesPresent;
  }
  const eyes = boundingBox([...face.outline(MESH.eyeA), ...face.outline(MESH.eyeB)]);
  const k = parsed.count({ x0: eyes.x0 - 0.15 * face.width, x1: eyes.x1 + 0.15 * face.width, y0: eyes.y0 - 0.2 * face.width, y1: eyes.y1 + 0.2 * face.width });
  return ((k.byClass[PART.glasses] ?? 0) * parsed.cell * parsed.cell * 1000) / (face.width * face.width) >= CALIBRATION.glassesArea;
}

/** A lens rule on a face without glasses: nothing to judge, and never a hint about lenses. */
function noGlasses(id: 'glasses.tinted' | 'glasses.glare' | 'glasses.frame_over_eyes', unit: string, max: number): CheckResult {
  return result(id, 'pass', 0, { max, unit }, 'no glasses');
}

export function checkTinted(ctx: CheckContext): CheckResult {
  if (glassesWorn(ctx) === false) return noGlasses('glasses.tinted', 'ΔE', CALIBRATION.glassesTint.warn);
  const v = lensTint(ctx);
  if (v === null) return unmeasured('glasses.tinted', { max: CALIBRATION.glassesTint.warn, unit: 'ΔE' }, 'eye regions not visible');
  return graded('glasses.tinted', v, CALIBRATION.glassesTint, 'ΔE');
}

export function checkGlare(ctx: CheckContext): CheckResult {
  if (glassesWorn(ctx) === false) return noGlasses('glasses.glare', 'share', CALIBRATION.glassesGlare.warn);
  const v = lensGlare(ctx);
  if (v === null) return unmeasured('glasses.glare', { max: CALIBRATION.glassesGlare.warn, unit: 'share' }, 'eye regions not visible');
  return graded('glasses.glare', v, CALIBRATION.glassesGlare, 'share');
}

export function checkFrameOverEyes(ctx: CheckContext): CheckResult {
  // without glasses there is no frame to cover the eyes: lids and lashes make edges too
  const worn = glassesWorn(ctx);
  if (worn === false) return noGlasses('glasses.frame_over_eyes', 'edge/skin', CALIBRATION.frameOverEyes.warn);
  const v = frameOverEyes(ctx);
  if (v === null || worn === null) return unmeasured('glasses.frame_over_eyes', { max: CALIBRATION.frameOverEyes.warn, unit: 'edge/skin' }, 'eye regions not visible');
  return graded('glasses.frame_over_eyes', v, CALIBRATION.frameOverEyes, 'edge/skin');
}
