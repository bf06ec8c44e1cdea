// The alpha matte at output resolution and the composite on the flat background: the 256x256-class
// person mask is upsampled, refined with the photo as guide, cleaned of stray pieces of the old
// background, and edge colours are freed of the old background's spill before compositing.
import type { Rgb } from '../../../shared/photoStandard.ts';
import { boxMean } from './boxFilter.ts';
import { colourAt, localColour, spreadAt } from './localColour.ts';
import { guidedFilter, type PlanarRgb } from './guidedFilter.ts';

export const MATTE_PARAMS = {
  /** guided filter window radius and edge threshold at 480x640 */
  radius: 6,
  eps: 1e-3,
  /** alpha stretch: below lo is background, above hi is person */
  stretchLo: 0.12,
  stretchHi: 0.82,
  /** window for the local colour estimates of foreground and old background */
  colourRadius: 10,
  /** holes in the person smaller than this fraction of the image are mask errors and get filled */
  maxHoleFraction: 0.015,
  /** colour-line correction: the window of the local colour models, and the smallest person/background contrast (0..1 RGB distance) it trusts */
  colourLineRadius: 24,
  colourLineMinContrast: 0.12,
  /** …and the largest spread of the person's local colours, as a fraction of that contrast, it trusts */
  colourLineMaxSpread: 0.5,
} as const;

/**
 * Marks in `label` the 4-connected region of pixels where `inside(i)` holds, starting at `seed`.
 * The region's pixel indices are left in `stack[0..count)`; returns count. One stack serves all fills.
 */
function floodFill(width: number, n: number, seed: number, inside: (i: number) => boolean, label: Uint8Array, stack: Int32Array): number {
  // pixels below `done` are finished; those from `done` to `top` wait to be expanded
  let top = 0;
  let done = 0;
  stack[top++] = seed;
  label[seed] = 1;
  while (done < top) {
    const i = stack[done++]!;
    const x = i % width;
    if (x > 0 && !label[i - 1] && inside(i - 1)) { label[i - 1] = 1; stack[top++] = i - 1; }
    if (x < width - 1 && !label[i + 1] && inside(i + 1)) { label[i + 1] = 1; stack[top++] = i + 1; }
    if (i >= width && !label[i - width] && inside(i - width)) { label[i - width] = 1; stack[top++] = i - width; }
    if (i + width < n && !label[i + width] && inside(i + width)) { label[i + width] = 1; stack[top++] = i + width; }
  }
  return top;
}

/**
 * Keeps only the person connected to `anchor` (a point on the face): segmenter blobs elsewhere are
 * pieces of the old background. Fills small enclosed holes, which are mask errors in clothing.
 */
export function keepConnectedPerson(alpha: Float32Array, width: number, height: number, anchor: { x: number; y: number }): void {
  const n = width * height;
  const person = new Uint8Array(n);
  const ax = Math.min(width - 1, Math.max(0, Math.round(anchor.x)));
  const ay = Math.min(height - 1, Math.max(0, Math.round(anchor.y)));
  const seed = ay * width + ax;
  if (alpha[seed]! < 0.5) return;
  const stack = new Int32Array(n);
  floodFill(width, n, seed, (i) => alpha[i]! >= 0.5, person, stack);

  // background regions not reaching the border are holes in the person
  const outside = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = i % width;
    const y = (i - x) / width;
    const border = x === 0 || y === 0 || x === width - 1 || y === height - 1;
    if (border && !person[i] && !outside[i]) floodFill(width, n, i, (j) => !person[j], outside, stack);
  }
  const holeLimit = MATTE_PARAMS.maxHoleFraction * n;
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (person[i] || outside[i] || seen[i]) continue;
    const size = floodFill(width, n, i, (j) => !person[j] && !outside[j], seen, stack);
    if (size <= holeLimit) for (let k = 0; k < size; k++) person[stack[k]!] = 1;
  }

  // soft edges survive within a few pixels of the kept person; everything else is background
  const near = boxMean(Float32Array.from(person), width, height, 3);
  for (let i = 0; i < n; i++) {
    if (person[i] && alpha[i]! < 0.5) alpha[i] = 1;
    else if (near[i]! === 0) alpha[i] = 0;
  }
}

/** Refines the coarse alpha into the final matte (in place of nothing: returns a new array). */
export interface MatteLayout {
  /** a point on the face: the person is what is connected to it */
  anchor: { x: number; y: number };
  /** rows from here down are clothing, which may be patterned (the chin line) */
  clothingFromY: number;
  /** pixels known to be background whatever the mask and the photo's edges say (the parser's cut pieces, pixels matching the plate) */
  background?: Uint8Array;
}

/** `plate`: the calibrated empty backdrop behind the person (backdropPlate.ts), when it fits this capture. */
export function refineMatte(guide: PlanarRgb, coarse: Float32Array, inFrame: Uint8Array, layout: MatteLayout, plate: PlanarRgb | null = null): Float32Array {
  const { width, height } = guide;
  const filtered = guidedFilter(guide, coarse, MATTE_PARAMS.radius, MATTE_PARAMS.eps);
  const { stretchLo: lo, stretchHi: hi } = MATTE_PARAMS;
  const alpha = new Float32Array(filtered.length);
  for (let i = 0; i < alpha.length; i++) {
    alpha[i] = inFrame[i] ? Math.min(1, Math.max(0, (filtered[i]! - lo) / (hi - lo))) : 0;
  }
  applyColourLine(guide, coarse, alpha, layout.clothingFromY, plate);
  const known = layout.background;
  if (known) for (let i = 0; i < alpha.length; i++) if (known[i]) alpha[i] = 0;
  keepConnectedPerson(alpha, width, height, layout.anchor);
  // again after the hole filling: a gap under an arm that matches the plate is backdrop, not a mask error
  if (known) for (let i = 0; i < alpha.length; i++) if (known[i]) alpha[i] = 0;
  return alpha;
}

/**
 * The segmenter sometimes claims a patch of old background next to the hair (a pale sky blob on the
 * crown, a cushion beside the head). Near the edge each pixel is compared with the local colours of
 * the confident person and the confident background: where those differ enough, alpha may not
 * exceed the pixel's position on the line between them (I ≈ αF + (1-α)B), so background-coloured
 * pixels lose their alpha while hair strands, darker than the background, keep theirs. With a clean
 * plate the background end of the line is the plate's colour: the local estimate is a window mean
 * that, among hair, takes in strands the coarse mask missed.
 */
function applyColourLine(guide: PlanarRgb, coarse: Float32Array, alpha: Float32Array, clothingFromY: number, plate: PlanarRgb | null): void {
  const { width, height } = guide;
  const n = width * height;
  const R = MATTE_PARAMS.colourLineRadius;
  const fgW = new Float32Array(n);
  const bgW = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    fgW[i] = coarse[i]! > 0.9 ? 1 : 0;
    bgW[i] = coarse[i]! < 0.15 ? 1 : 0;
  }
  const planes = [guide.r, guide.g, guide.b];
  const person = localColour(planes, fgW, width, height, R, true);
  const backdrop = localColour(planes, bgW, width, height, R);
  const minContrast2 = MATTE_PARAMS.colourLineMinContrast ** 2;
  const F = [0, 0, 0];
  const B = [0, 0, 0];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      // only near the edge are both colour models present (the backdrop is the rarer one inside the person)
      if (alpha[i]! <= 0 || !colourAt(backdrop, x, y, B, 0.05) || !colourAt(person, x, y, F, 0.05)) continue;
      if (plate) plateColourAt(plate, i, B);
      let dot = 0;
      let len2 = 0;
      for (let c = 0; c < 3; c++) {
        dot += (planes[c]![i]! - B[c]!) * (F[c]! - B[c]!);
        len2 += (F[c]! - B[c]!) ** 2;
      }
      if (len2 < minContrast2) continue;
      // a patterned shirt shares colours with a busy background: where the clothing's own colours
      // spread as far as the person/background contrast, the line cannot tell them apart. (Not
      // around the head: there a background blob inside the window would pass for spread.)
      if (y >= clothingFromY && spreadAt(person, x, y, F) ** 2 > MATTE_PARAMS.colourLineMaxSpread ** 2 * len2) continue;
      // a little slack above the line so texture inside the person is not eaten
      const line = Math.min(1, Math.max(0, dot / len2 + 0.2));
      if (line < alpha[i]!) alpha[i] = line;
    }
  }
}

/**
 * Composites the photo over the flat colour. Edge pixels mix the person with the old background;
 * their person colour is recovered from I = αF + (1-α)B with B the local old-background colour, and
 * blended towards the local person colour where α is too small for the division to be trusted.
 * With a clean plate B is the plate's colour: the true backdrop behind a strand, not a window mean.
 */
export function compositeOnColour(guide: PlanarRgb, alpha: Float32Array, background: Rgb, plate: PlanarRgb | null = null): Buffer {
  const { width, height } = guide;
  const n = width * height;
  const R = MATTE_PARAMS.colourRadius;
  const planes = [guide.r, guide.g, guide.b];
  const oldBg = plate ? null : localColour(planes, alpha.map((a) => 1 - a), width, height, R);
  const localFg = localColour(planes, alpha, width, height, R);
  const B = [0, 0, 0];
  const F = [0, 0, 0];
  const out = Buffer.alloc(n * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const a = alpha[i]!;
      if (a <= 0) {
        out[i * 3] = background[0];
        out[i * 3 + 1] = background[1];
        out[i * 3 + 2] = background[2];
        continue;
      }
      if (a >= 1) {
        for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(planes[c]![i]! * 255);
        continue;
      }
      const hasB = plate ? plateColourAt(plate, i, B) : colourAt(oldBg!, x, y, B, 1e-3);
      const hasF = colourAt(localFg, x, y, F, 1e-3);
      const trust = Math.min(1, Math.max(0, (a - 0.15) / 0.5));
      for (let c = 0; c < 3; c++) {
        const I = planes[c]![i]!;
        const Bc = hasB ? B[c]! : I;
        const Fmean = hasF ? F[c]! : I;
        const solved = Math.min(1, Math.max(0, (I - (1 - a) * Bc) / a));
        const Fc = trust * solved + (1 - trust) * Fmean;
        const value = a * Fc + (1 - a) * (background[c]! / 255);
        out[i * 3 + c] = Math.round(Math.min(1, Math.max(0, value)) * 255);
      }
    }
  }
  return out;
}

function plateColourAt(plate: PlanarRgb, i: number, out: number[]): true {
  out[0] = plate.r[i]!;
  out[1] = plate.g[i]!;
  out[2] = plate.b[i]!;
  return true;
}
