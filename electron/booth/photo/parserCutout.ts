// The person mask and the face parser decide together what is the person, before the matte is
// refined: the 256x256 mask, upsampled, takes in pieces of background glued to the hair or the
// shoulders (a dark wall beside dark hair, a chair behind a shoulder) that nothing after it can tell
// from hair or cloth, while the parser, seeing the head at its own resolution, calls them background.
// Where the parser's map does not reach or is not read (outside its face-centred crop, below the chin
// line: parseOnOutput) the mask alone decides.
import { PART } from '../../../shared/checks/parsedRegions.ts';
import { boxMean } from './boxFilter.ts';
import type { PlanarRgb } from './guidedFilter.ts';

export const CUTOUT_PARAMS = {
  /**
   * Mask pixels the parser calls background keep their value up to `keepPx` from the nearest pixel the
   * parser calls person (its edge is a cell or two off, and strands reach past it) and lose it fully at
   * `cutPx`: a halo or a glued piece is cut, the strands at the hair's edge are left to the guided filter.
   */
  keepPx: 2,
  cutPx: 7,
  /** parser hair (eroded by this radius, so its blocky edge is not taken) that the mask missed is set to this */
  hairErodePx: 2,
  hairValue: 0.9,
  /** RGB distance (0..1) from the parser's mean skin and neck colour within which a pixel may be bare skin */
  skinDistance: 0.2,
} as const;

/** How far above the chin (face widths) a raised bare shoulder may reach, for the cut's shoulder guard. */
export const SHOULDERS_ABOVE_CHIN = 0.2;

/** Whether a colour (0..1) may be bare skin: within skinDistance of the parser's skin colour. */
export function isSkinLike(skin: number[] | null, r: number, g: number, b: number): boolean {
  return skin !== null && (r - skin[0]!) ** 2 + (g - skin[1]!) ** 2 + (b - skin[2]!) ** 2 <= CUTOUT_PARAMS.skinDistance ** 2;
}

/** Mean colour (0..1) of what the parser calls skin or neck, `colour(i, k)` giving channel k of pixel i; null where it sees none. */
export function skinColour(classes: Int8Array, colour: (i: number, k: number) => number): number[] | null {
  const sum = [0, 0, 0];
  let count = 0;
  for (let i = 0; i < classes.length; i++) {
    if (classes[i] !== PART.skin && classes[i] !== PART.neck) continue;
    for (let k = 0; k < 3; k++) sum[k]! += colour(i, k);
    count++;
  }
  return count ? sum.map((v) => v / count) : null;
}

const FAR = 1e6;

/**
 * Chamfer distance (3-4 weights, in pixels) from every pixel to the nearest pixel where `from` is set;
 * FAR where none is set. Two passes, O(n).
 */
export function distanceTo(from: Uint8Array, width: number, height: number): Float32Array {
  const d = new Float32Array(width * height);
  for (let i = 0; i < d.length; i++) d[i] = from[i] ? 0 : FAR;
  const A = 1, D = 4 / 3;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let v = d[i]!;
      if (v === 0) continue;
      if (x > 0) v = Math.min(v, d[i - 1]! + A);
      if (y > 0) {
        v = Math.min(v, d[i - width]! + A);
        if (x > 0) v = Math.min(v, d[i - width - 1]! + D);
        if (x < width - 1) v = Math.min(v, d[i - width + 1]! + D);
      }
      d[i] = v;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      let v = d[i]!;
      if (v === 0) continue;
      if (x < width - 1) v = Math.min(v, d[i + 1]! + A);
      if (y < height - 1) {
        v = Math.min(v, d[i + width]! + A);
        if (x < width - 1) v = Math.min(v, d[i + width + 1]! + D);
        if (x > 0) v = Math.min(v, d[i + width - 1]! + D);
      }
      d[i] = v;
    }
  }
  return d;
}

/** Pixels the parser calls any part of the person (skin, hair, cloth, ears, glasses, hat…). */
export function parsedPerson(classes: Int8Array): Uint8Array {
  const person = new Uint8Array(classes.length);
  for (let i = 0; i < classes.length; i++) person[i] = classes[i]! > PART.background ? 1 : 0;
  return person;
}

export interface ParserCut {
  /** the coarse alpha with background pieces cut and missed hair added */
  coarse: Float32Array;
  /** pixels cut outright (cutPx or more from the parser's person): background in the final matte too, where the guided filter would grow the alpha back from the neighbouring hair */
  cut: Uint8Array;
}

/**
 * The coarse alpha (output grid, 0..1) with the parser's verdict applied: background pieces cut,
 * missed hair connected to the person added. `classes` is the parser's map on the output grid
 * (parseOnOutput), negative where it does not reach; `shouldersFromY` the highest row a shoulder may
 * reach (SHOULDERS_ABOVE_CHIN face widths above the chin).
 */
export function cutWithParser(guide: PlanarRgb, coarse: Float32Array, classes: Int8Array, shouldersFromY: number): ParserCut {
  const { width, height } = guide;
  const n = width * height;
  const shouldersFrom = Math.max(0, Math.round(shouldersFromY)) * width;
  const planes = [guide.r, guide.g, guide.b];
  const skin = skinColour(classes, (i, k) => planes[k]![i]!);
  const skinLike = (i: number) => isSkinLike(skin, guide.r[i]!, guide.g[i]!, guide.b[i]!);
  const toPerson = distanceTo(parsedPerson(classes), width, height);
  const { keepPx, cutPx } = CUTOUT_PARAMS;
  const out = Float32Array.from(coarse);
  const cut = new Uint8Array(n);
  const cutAt = (i: number) => {
    const amount = Math.min(1, Math.max(0, (toPerson[i]! - keepPx) / (cutPx - keepPx)));
    out[i] = coarse[i]! * (1 - amount);
    if (amount === 1) cut[i] = 1;
  };
  // a piece is what the mask takes in and the parser calls background (past keepPx); it is cut only if
  // it borders the mask's own background: glued to the outside of the person. One enclosed by the
  // person (chest skin the parser leaves unlabelled, a gap under an arm) is the mask's to decide. One
  // that runs on past the map's edge may be a bare shoulder rising above the chin line: of it only the
  // pixels above `shouldersFromY` and unlike the parser's skin are cut.
  const piece = (i: number) => classes[i] === PART.background && coarse[i]! >= 0.5 && toPerson[i]! > keepPx;
  const outside = (j: number) => coarse[j]! < 0.5 && classes[j]! >= PART.background;
  const seen = new Uint8Array(n);
  const stack = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    if (seen[s] || !piece(s)) continue;
    let top = 0;
    let count = 0;
    let glued = false;
    let leavesMap = false;
    seen[s] = 1;
    stack[top++] = s;
    while (top > count) {
      const i = stack[count++]!;
      const x = i % width;
      for (const j of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width]) {
        if (j < 0 || j >= n) continue;
        if (classes[j]! < PART.background && coarse[j]! >= 0.5) leavesMap = true;
        else if (outside(j)) glued = true;
        else if (!seen[j] && piece(j)) {
          seen[j] = 1;
          stack[top++] = j;
        }
      }
    }
    if (!glued) continue;
    for (let k = 0; k < count; k++) {
      const i = stack[k]!;
      if (!leavesMap || (i < shouldersFrom && !skinLike(i))) cutAt(i);
    }
  }
  // the soft rim of the mask (below 0.5) beside a cut piece or far from the parser's person goes with it
  for (let i = 0; i < n; i++) {
    if (classes[i] === PART.background && coarse[i]! < 0.5 && coarse[i]! > 0) cutAt(i);
  }

  // hair the mask missed, where it is connected (through parser hair) to what the mask calls person
  const hair = new Float32Array(n);
  for (let i = 0; i < n; i++) hair[i] = classes[i] === PART.hair ? 1 : 0;
  const solidHair = boxMean(hair, width, height, CUTOUT_PARAMS.hairErodePx);
  seen.fill(0);
  let top = 0;
  for (let i = 0; i < n; i++) {
    if (solidHair[i]! > 0.999 && out[i]! >= 0.5) {
      seen[i] = 1;
      stack[top++] = i;
    }
  }
  while (top > 0) {
    const i = stack[--top]!;
    if (out[i]! < CUTOUT_PARAMS.hairValue) out[i] = CUTOUT_PARAMS.hairValue;
    const x = i % width;
    const next = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width];
    for (const j of next) {
      if (j < 0 || j >= n || seen[j] || solidHair[j]! <= 0.999) continue;
      seen[j] = 1;
      stack[top++] = j;
    }
  }
  return { coarse: out, cut };
}
