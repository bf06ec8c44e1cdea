// Re-measures a finished photo from its file: JPEG properties from its bytes, geometry from the
// landmarks mapped to output pixels and the hair top found in the decoded pixels, background
// flatness and edge fringe from the decoded pixels within the matte's regions.
import sharp from 'sharp';
import type { Rgb } from '../../../shared/photoStandard.ts';
import { deltaE2000, rgbToLab, type Lab } from '../../../shared/photo/colour.ts';
import type { BackgroundMeasures, FileMeasures } from '../../../shared/photo/outputChecks.ts';
import { boxMean } from './boxFilter.ts';
import { colourAt, localColour } from './localColour.ts';
import { inspectJpeg } from './jpegFile.ts';
import { HAIR_SEARCH_HALF_WIDTH } from '../../../shared/photo/headMeasures.ts';
import { PART } from '../../../shared/checks/parsedRegions.ts';
import { distanceTo, isSkinLike, parsedPerson, skinColour } from './parserCutout.ts';

export function measureFile(jpeg: Buffer): FileMeasures {
  const p = inspectJpeg(jpeg);
  const dpi = p.jfif && p.jfif.units === 1 && p.jfif.xDensity === p.jfif.yDensity ? p.jfif.xDensity : null;
  return { bytes: p.bytes, baseline: p.baseline, width: p.width, height: p.height, components: p.components, dpi, quality: p.quality };
}

export interface DecodedRgb {
  width: number;
  height: number;
  data: Buffer;
}

export async function decodeRgb(jpeg: Buffer): Promise<DecodedRgb> {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** A ΔE above this from the background colour is "not background" when looking for the hair top. */
const HAIR_DELTA_E = 10;

/**
 * The first row, in the columns across the middle of the face (as headTop searches them), where
 * `isPerson` holds two rows in a row (so one noisy pixel is not hair): the top of the hair.
 */
export function firstPersonRow(width: number, height: number, midlineX: number, faceWidth: number, isPerson: (x: number, y: number) => boolean): number | null {
  const half = HAIR_SEARCH_HALF_WIDTH * faceWidth;
  const c0 = Math.max(0, Math.floor(midlineX - half));
  const c1 = Math.min(width - 1, Math.ceil(midlineX + half));
  for (let y = 0; y < height - 1; y++) {
    for (let x = c0; x <= c1; x++) if (isPerson(x, y) && isPerson(x, y + 1)) return y;
  }
  return null;
}

/** The top of the hair on the output: the first rows that are clearly not the background colour. */
export function measureHeadTop(img: DecodedRgb, background: Rgb, midlineX: number, faceWidth: number): number | null {
  const bgLab = rgbToLab(...background);
  return firstPersonRow(img.width, img.height, midlineX, faceWidth, (x, y) => {
    const i = (y * img.width + x) * 3;
    return deltaE2000(rgbToLab(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!), bgLab) > HAIR_DELTA_E;
  });
}

function percentile(values: Float32Array, p: number): number | null {
  if (values.length === 0) return null;
  // typed arrays sort numerically, natively
  values.sort();
  return values[Math.min(values.length - 1, Math.floor(p * values.length))]!;
}

/**
 * How far an edge pixel strays from any mix of the nearby person colour `a` and the new background
 * `b`, in the two ways a bad edge shows: lighter than both (a white halo of the old background), or
 * a hue neither has (a grey or green fringe), the latter as the Lab chroma distance to the a–b mix line.
 */
function fringeOf(p: Lab, a: Lab, b: Lab): number {
  const lighter = p[0] - Math.max(a[0], b[0]);
  const da = b[1] - a[1];
  const db = b[2] - a[2];
  const len2 = da * da + db * db;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((p[1] - a[1]) * da + (p[2] - a[2]) * db) / len2));
  const chroma = Math.hypot(p[1] - (a[1] + t * da), p[2] - (a[2] + t * db));
  return Math.max(0, lighter, chroma);
}

/** `classes`: the face parser's map on the output grid (parseOnOutput), for the leftover measure. */
export function measureBackground(img: DecodedRgb, alpha: Float32Array, background: Rgb, classes: Int8Array | null = null): BackgroundMeasures {
  const { width, height, data } = img;
  const n = width * height;
  const bgLab = rgbToLab(...background);
  const cache = new Map<number, number>();
  const deltaFromBg = (i: number) => {
    const key = (data[i * 3]! << 16) | (data[i * 3 + 1]! << 8) | data[i * 3 + 2]!;
    let d = cache.get(key);
    if (d === undefined) {
      d = deltaE2000(rgbToLab(data[i * 3]!, data[i * 3 + 1]!, data[i * 3 + 2]!), bgLab);
      cache.set(key, d);
    }
    return d;
  };

  // background proper: no trace of the person within one 8x8 JPEG block (ringing there is the edge's business)
  const touched = new Float32Array(n);
  for (let i = 0; i < n; i++) touched[i] = alpha[i]! > 0.02 ? 1 : 0;
  const nearPerson = boxMean(touched, width, height, 8);
  const deltas = new Float32Array(n);
  let count = 0;
  let sumR = 0, sumG = 0, sumB = 0;
  for (let i = 0; i < n; i++) {
    if (nearPerson[i]! > 0) continue;
    deltas[count++] = deltaFromBg(i);
    sumR += data[i * 3]!;
    sumG += data[i * 3 + 1]!;
    sumB += data[i * 3 + 2]!;
  }
  const meanDeltaE = count ? deltaE2000(rgbToLab(sumR / count, sumG / count, sumB / count), bgLab) : null;
  const worstDeltaE = percentile(deltas.subarray(0, count), 0.999);

  // edge: how far partly transparent pixels stray from a mix of the nearby person and the new colour
  const solid = new Float32Array(n);
  for (let i = 0; i < n; i++) solid[i] = alpha[i]! >= 0.98 ? 1 : 0;
  const planes = [new Float32Array(n), new Float32Array(n), new Float32Array(n)] as const;
  for (let i = 0; i < n; i++) {
    planes[0][i] = data[i * 3]!;
    planes[1][i] = data[i * 3 + 1]!;
    planes[2][i] = data[i * 3 + 2]!;
  }
  const personColour = localColour(planes, solid, width, height, 6);
  const fringe: number[] = [];
  const P = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const a = alpha[i]!;
    if (a <= 0.1 || a >= 0.9) continue;
    const x = i % width;
    if (!colourAt(personColour, x, (i - x) / width, P, 0.05)) continue;
    fringe.push(fringeOf(rgbToLab(data[i * 3]!, data[i * 3 + 1]!, data[i * 3 + 2]!), rgbToLab(P[0]!, P[1]!, P[2]!), bgLab));
  }
  return { meanDeltaE, worstDeltaE, edgeFringe: percentile(Float32Array.from(fringe), 0.95), leftoverPx: measureLeftover(img, background, classes) };
}

export const LEFTOVER_PARAMS = {
  /** ΔE2000 from the configured colour above which an output pixel is not backdrop (JPEG noise stays under 3) */
  deltaE: 10,
  /** pixels this close to what the parser calls person are its edge (strands, the parser's own error), not leftovers */
  marginPx: 4,
  /** smallest piece counted: single stray strands are the edge measure's business */
  minPiecePx: 12,
} as const;

/**
 * Old background left in the output: pieces of non-backdrop pixels where the face parser (its map on
 * the output grid, `classes`) sees background, further than a margin from anything it calls person.
 * touching the new backdrop. Returns the largest such piece's area in pixels, or null where there is no parser map.
 */
export function measureLeftover(img: DecodedRgb, background: Rgb, classes: Int8Array | null): number | null {
  if (!classes) return null;
  const { width, height, data } = img;
  const n = width * height;
  const bgLab = rgbToLab(...background);
  const toPerson = distanceTo(parsedPerson(classes), width, height);
  // per pixel: 0 not judged yet, 1 backdrop, 2 stray (not backdrop, where the parser sees background
  // past the margin), 3 not backdrop elsewhere, 4 stray and counted. Judged only where needed: the
  // far background and the rim around its stray pixels (the person's many colours are never asked).
  const state = new Uint8Array(n);
  const isFar = (i: number) => classes[i] === PART.background && toPerson[i]! > LEFTOVER_PARAMS.marginPx;
  // the parser labels no bare skin below the neck: a shoulder rising beside the chin is not a leftover
  const skin = skinColour(classes, (i, k) => data[i * 3 + k]! / 255);
  const judge = (i: number): number => {
    if (state[i] === 0) {
      const notBackdrop = deltaE2000(rgbToLab(data[i * 3]!, data[i * 3 + 1]!, data[i * 3 + 2]!), bgLab) > LEFTOVER_PARAMS.deltaE;
      const stray = notBackdrop && isFar(i) && !isSkinLike(skin, data[i * 3]! / 255, data[i * 3 + 1]! / 255, data[i * 3 + 2]! / 255);
      state[i] = !notBackdrop ? 1 : stray ? 2 : 3;
    }
    return state[i]!;
  };
  // the flat backdrop decodes to a few colours: its pixels are judged once per colour
  const backdropColours = new Map<number, boolean>();
  for (let i = 0; i < n; i++) {
    if (!isFar(i)) continue;
    const key = (data[i * 3]! << 16) | (data[i * 3 + 1]! << 8) | data[i * 3 + 2]!;
    const known = backdropColours.get(key);
    if (known !== undefined) state[i] = known ? 1 : 2;
    else backdropColours.set(key, judge(i) === 1);
  }
  const stack = new Int32Array(n);
  let largest = 0;
  for (let s = 0; s < n; s++) {
    if (state[s] !== 2) continue;
    let top = 0;
    let count = 0;
    let onBackdrop = false;
    let leavesMap = false;
    state[s] = 4;
    stack[top++] = s;
    while (top > count) {
      const i = stack[count++]!;
      const x = i % width;
      for (const j of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width]) {
        if (j < 0 || j >= n) continue;
        const v = judge(j);
        if (v === 3 && classes[j]! < PART.background) leavesMap = true;
        if (v === 1) onBackdrop = true;
        else if (v === 2) {
          state[j] = 4;
          stack[top++] = j;
        }
      }
    }
    // a piece enclosed by the person (chest skin the parser leaves unlabelled) is not old background,
    // and one that runs on past the map (a shoulder rising above the chin line) cannot be told from the body
    if (onBackdrop && !leavesMap) largest = Math.max(largest, count);
  }
  return largest >= LEFTOVER_PARAMS.minPiecePx ? largest : 0;
}
