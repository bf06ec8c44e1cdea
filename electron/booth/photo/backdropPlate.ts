// The staff screen's clean plate (the empty backdrop's block colours) as the old-background colour
// behind the person: rendered through the capture's crop onto the output grid, after checking that
// it fits this capture — same frame shape, and the backdrop this capture shows still looks like it.
import sharp from 'sharp';
import type { Rgb } from '../../../shared/photoStandard.ts';
import type { OutputMapping } from '../../../shared/photo/outputMapping.ts';
import { deltaE76, rgbToLab } from '../../../shared/photo/colour.ts';
import type { PlanarRgb } from './guidedFilter.ts';
import { boxMean } from './boxFilter.ts';

/** The empty backdrop's block means, measured on the booth camera's (oriented) frame. */
export interface BackdropPlate {
  frame: { width: number; height: number };
  cols: number;
  rows: number;
  /** sRGB 0..255, row-major */
  cells: readonly Rgb[];
  /** the empty frame itself, small (absent in plates calibrated before the engine matched pixels) */
  image?: PlateImage;
}

/** The empty frame downscaled (same shape as `frame`), as a JPEG. */
export interface PlateImage {
  width: number;
  height: number;
  jpegBase64: string;
}

export const PLATE_LIMITS = {
  /** the camera is fixed, so the plate maps onto the capture by relative position — only if the frame has the same shape */
  aspect: 0.01,
  /** output blocks (16 px) of clear backdrop needed to judge the plate against the capture */
  minBlocks: 12,
  /** mean ΔE76 of those blocks from the plate: the staff screen's "calibrate again" limit (staff BACKDROP_LIMITS.drift) */
  drift: 6,
  /** mean ΔE76 left after the exposure gain: more means the plate's shading is not this backdrop's */
  residual: 3,
  /**
   * A pixel is background whatever the mask says where it and its neighbours within `matchRadius` are
   * all within `match` (RGB distance, 0..1) of the plate's picture: a strand over the backdrop that far
   * from it carries an alpha under ~0.1, and a person pixel that happens to match is not matched all around.
   */
  match: 0.06,
  matchRadius: 2,
} as const;

export interface PlateFit {
  use: PlateUse;
  /** the old background's colour behind every output pixel, where the plate fits */
  colour: PlanarRgb | null;
  /** output pixels that match the plate's picture (null without one, or where the plate does not fit) */
  background: Uint8Array | null;
}

export type PlateUse =
  | { used: true; driftDeltaE: number; residualDeltaE: number; gain: Rgb; /** output pixels the plate's picture made background */ matchedPx: number | null }
  | { used: false; reason: 'frame_shape' | 'too_little_backdrop' | 'drifted' | 'mismatch'; detail: string };

const BLOCK = 16;
/** coarse-mask value below which a pixel is taken as clear backdrop for the comparison */
const CLEAR = 0.02;

/** Bilinear taps along one axis: for each output coordinate, the two block centres and the weight of the second. */
interface Taps {
  i0: Int32Array;
  i1: Int32Array;
  t: Float32Array;
}

function taps(count: number, blocks: number, toSource: (o: number) => number, frameSize: number): Taps {
  const i0 = new Int32Array(count);
  const i1 = new Int32Array(count);
  const t = new Float32Array(count);
  for (let o = 0; o < count; o++) {
    const f = Math.min(blocks - 1, Math.max(0, (toSource(o + 0.5) / frameSize) * blocks - 0.5));
    i0[o] = Math.floor(f);
    i1[o] = Math.min(blocks - 1, i0[o]! + 1);
    t[o] = f - i0[o]!;
  }
  return { i0, i1, t };
}

/** Where the plate's blocks fall on the output grid: bilinear between block centres, clamped at the frame's edges. */
interface PlateOnOutput {
  plate: BackdropPlate;
  xs: Taps;
  ys: Taps;
}

/** Channel k (0..1) of the plate at output pixel (u, v). */
function plateAt({ plate, xs, ys }: PlateOnOutput, u: number, v: number, k: number): number {
  const cell = (row: number, col: number) => plate.cells[row * plate.cols + col]![k]!;
  const [x0, x1, tx] = [xs.i0[u]!, xs.i1[u]!, xs.t[u]!];
  const top = cell(ys.i0[v]!, x0) + (cell(ys.i0[v]!, x1) - cell(ys.i0[v]!, x0)) * tx;
  const bottom = cell(ys.i1[v]!, x0) + (cell(ys.i1[v]!, x1) - cell(ys.i1[v]!, x0)) * tx;
  return (top + (bottom - top) * ys.t[v]!) / 255;
}

/** The plate times the exposure gain at every output pixel. */
function renderPlate({ plate, xs, ys }: PlateOnOutput, gain: readonly number[], width: number, height: number): PlanarRgb {
  const n = width * height;
  const out: PlanarRgb = { width, height, r: new Float32Array(n), g: new Float32Array(n), b: new Float32Array(n) };
  const { cols, rows } = plate;
  const across = new Float32Array(rows * width);
  for (const [k, plane] of [out.r, out.g, out.b].entries()) {
    // separable: each block row interpolated across the output width once, then rows blended
    const scale = gain[k]! / 255;
    for (let row = 0; row < rows; row++) {
      for (let u = 0; u < width; u++) {
        const c0 = plate.cells[row * cols + xs.i0[u]!]![k]!;
        const c1 = plate.cells[row * cols + xs.i1[u]!]![k]!;
        across[row * width + u] = (c0 + (c1 - c0) * xs.t[u]!) * scale;
      }
    }
    for (let v = 0; v < height; v++) {
      const a = ys.i0[v]! * width;
      const b = ys.i1[v]! * width;
      const t = ys.t[v]!;
      for (let u = 0; u < width; u++) plane[v * width + u] = Math.min(1, across[a + u]! + (across[b + u]! - across[a + u]!) * t);
    }
  }
  return out;
}

const decodedImages = new WeakMap<PlateImage, Promise<{ data: Buffer; width: number; height: number }>>();

/** The plate's picture decoded once per plate. */
function decodedImage(image: PlateImage): Promise<{ data: Buffer; width: number; height: number }> {
  let decoded = decodedImages.get(image);
  if (!decoded) {
    decoded = sharp(Buffer.from(image.jpegBase64, 'base64')).removeAlpha().raw().toBuffer({ resolveWithObject: true })
      .then(({ data, info }) => ({ data, width: info.width, height: info.height }));
    decodedImages.set(image, decoded);
  }
  return decoded;
}

/** The plate's picture on the output grid (bilinear, clamped at the frame's edges), 0..1. */
async function renderImage(image: PlateImage, mapping: OutputMapping, frameWidth: number, frameHeight: number, width: number, height: number): Promise<PlanarRgb> {
  const { data, width: iw, height: ih } = await decodedImage(image);
  const n = width * height;
  const out: PlanarRgb = { width, height, r: new Float32Array(n), g: new Float32Array(n), b: new Float32Array(n) };
  const along = (count: number, size: number, toSource: (o: number) => number, frameSize: number) => {
    const i0 = new Int32Array(count);
    const t = new Float32Array(count);
    for (let o = 0; o < count; o++) {
      const f = Math.min(size - 1, Math.max(0, (toSource(o + 0.5) / frameSize) * size - 0.5));
      i0[o] = Math.min(size - 2, Math.floor(f));
      t[o] = f - i0[o]!;
    }
    return { i0, t };
  };
  const xs = along(width, iw, (u) => (u - mapping.offsetX) / mapping.scaleX, frameWidth);
  const ys = along(height, ih, (v) => (v - mapping.offsetY) / mapping.scaleY, frameHeight);
  const planes = [out.r, out.g, out.b];
  for (let v = 0; v < height; v++) {
    const row0 = ys.i0[v]! * iw;
    const ty = ys.t[v]!;
    for (let u = 0; u < width; u++) {
      const a = (row0 + xs.i0[u]!) * 3;
      const b = a + iw * 3;
      const tx = xs.t[u]!;
      for (let k = 0; k < 3; k++) {
        const top = data[a + k]! + (data[a + 3 + k]! - data[a + k]!) * tx;
        const bottom = data[b + k]! + (data[b + 3 + k]! - data[b + k]!) * tx;
        planes[k]![v * width + u] = (top + (bottom - top) * ty) / 255;
      }
    }
  }
  return out;
}

/** Output pixels that match the plate's picture, they and their neighbours (PLATE_LIMITS.match). */
function matchingPlate(guide: PlanarRgb, plate: PlanarRgb, inFrame: Uint8Array): { background: Uint8Array; count: number } {
  const { width, height } = guide;
  const n = width * height;
  const miss = new Float32Array(n);
  const limit2 = PLATE_LIMITS.match ** 2;
  for (let i = 0; i < n; i++) {
    const d2 = (guide.r[i]! - plate.r[i]!) ** 2 + (guide.g[i]! - plate.g[i]!) ** 2 + (guide.b[i]! - plate.b[i]!) ** 2;
    miss[i] = inFrame[i] && d2 <= limit2 ? 0 : 1;
  }
  const near = boxMean(miss, width, height, PLATE_LIMITS.matchRadius);
  const background = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (near[i]! === 0) {
      background[i] = 1;
      count++;
    }
  }
  return { background, count };
}

/** Top-left pixels of the output blocks wholly clear backdrop (a partly covered one mixes in hair the mask missed). */
function clearBlocks(coarse: Float32Array, inFrame: Uint8Array, width: number, height: number): number[] {
  const starts: number[] = [];
  for (let by = 0; by + BLOCK <= height; by += BLOCK) {
    for (let bx = 0; bx + BLOCK <= width; bx += BLOCK) {
      let clear = true;
      for (let y = by; clear && y < by + BLOCK; y++) {
        for (let i = y * width + bx; i < y * width + bx + BLOCK; i++) {
          if (!inFrame[i] || coarse[i]! >= CLEAR) {
            clear = false;
            break;
          }
        }
      }
      if (clear) starts.push(by * width + bx);
    }
  }
  return starts;
}

function blockMean(plane: Float32Array, start: number, width: number): number {
  let sum = 0;
  for (let y = 0; y < BLOCK; y++) for (let i = start + y * width; i < start + y * width + BLOCK; i++) sum += plane[i]!;
  return sum / (BLOCK * BLOCK);
}

const to255 = (v: number) => Math.min(255, Math.max(0, v * 255));
/** CIE76 between two colours given 0..1 per channel. */
const rgbDeltaE76 = (p: readonly number[], q: readonly number[]): number =>
  deltaE76(rgbToLab(to255(p[0]!), to255(p[1]!), to255(p[2]!)), rgbToLab(to255(q[0]!), to255(q[1]!), to255(q[2]!)));

/**
 * The plate behind this capture's output, or why not. It is compared with the capture on output
 * blocks of clear backdrop: their mean ΔE from the plate is the lighting drift (too much: the plate
 * is out of date, or not this backdrop); a per-channel gain then takes out an exposure or white
 * balance change (a gain in linear light is one in gamma-encoded values too), and what remains must
 * be small, or the plate's shading is not this backdrop's. With the plate's picture the comparison is
 * on it (a busy backdrop is not its block means), and where it fits, the pixels that match it are
 * background whatever the mask says (`background`).
 */
export async function plateBehind(plate: BackdropPlate, guide: PlanarRgb, coarse: Float32Array, inFrame: Uint8Array, mapping: OutputMapping, frameWidth: number, frameHeight: number): Promise<PlateFit> {
  const aspectGap = Math.abs(plate.frame.width / plate.frame.height / (frameWidth / frameHeight) - 1);
  if (aspectGap > PLATE_LIMITS.aspect) {
    return { use: { used: false, reason: 'frame_shape', detail: `plate ${plate.frame.width}x${plate.frame.height}, capture ${frameWidth}x${frameHeight}` }, colour: null, background: null };
  }
  const { width, height } = guide;
  const onOutput: PlateOnOutput = {
    plate,
    xs: taps(width, plate.cols, (u) => (u - mapping.offsetX) / mapping.scaleX, frameWidth),
    ys: taps(height, plate.rows, (v) => (v - mapping.offsetY) / mapping.scaleY, frameHeight),
  };
  const picture = plate.image ? await renderImage(plate.image, mapping, frameWidth, frameHeight, width, height) : null;
  const captured = [guide.r, guide.g, guide.b];
  const starts = clearBlocks(coarse, inFrame, width, height);
  if (starts.length < PLATE_LIMITS.minBlocks) {
    return { use: { used: false, reason: 'too_little_backdrop', detail: `${starts.length} clear blocks` }, colour: null, background: null };
  }
  const capture = starts.map((start) => captured.map((plane) => blockMean(plane, start, width)));
  const cellBlocks = starts.map((start) => {
    const [u, v] = [start % width, Math.floor(start / width)];
    // the plate is bilinear, so its mean over a block is (within a cell exactly) the mean of the block's corners
    const corners = [[u, v], [u + BLOCK - 1, v], [u, v + BLOCK - 1], [u + BLOCK - 1, v + BLOCK - 1]] as const;
    return [0, 1, 2].map((k) => corners.reduce((sum, [x, y]) => sum + plateAt(onOutput, x, y, k), 0) / 4);
  });
  // the block means serve a plain backdrop (smooth, no JPEG noise of the picture in the colour); a
  // busy one is only matched by its picture
  let fit = fitOn(capture, cellBlocks);
  const byCells = fit.drift <= PLATE_LIMITS.drift && fit.residual <= PLATE_LIMITS.residual;
  if (!byCells && picture) fit = fitOn(capture, starts.map((start) => [picture.r, picture.g, picture.b].map((plane) => blockMean(plane, start, width))));
  const { drift, gain, residual } = fit;
  if (drift > PLATE_LIMITS.drift) {
    return { use: { used: false, reason: 'drifted', detail: `backdrop ΔE ${drift.toFixed(1)} from the plate` }, colour: null, background: null };
  }
  if (residual > PLATE_LIMITS.residual) {
    return { use: { used: false, reason: 'mismatch', detail: `backdrop ΔE ${residual.toFixed(1)} from the plate after exposure gain` }, colour: null, background: null };
  }
  const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
  const [gr, gg, gb] = gain.map((g) => round(g, 3)) as [number, number, number];
  const used = { used: true, driftDeltaE: round(drift, 1), residualDeltaE: round(residual, 1), gain: [gr, gg, gb] } as const;
  const colour = byCells ? renderPlate(onOutput, gain, width, height) : null;
  if (!picture) return { use: { ...used, matchedPx: null }, colour, background: null };
  for (const [k, plane] of [picture.r, picture.g, picture.b].entries()) for (let i = 0; i < plane.length; i++) plane[i] = Math.min(1, plane[i]! * gain[k]!);
  const matched = matchingPlate(guide, picture, inFrame);
  return { use: { ...used, matchedPx: matched.count }, colour: colour ?? picture, background: matched.background };
}

/** Lighting drift, exposure gain and what remains after it, between the capture's and the plate's block means. */
function fitOn(capture: number[][], plate: number[][]): { drift: number; gain: number[]; residual: number } {
  const count = capture.length;
  const drift = capture.reduce((s, c, b) => s + rgbDeltaE76(c, plate[b]!), 0) / count;
  // a channel near black in both (a saturated backdrop) carries no exposure information: the offset keeps its gain near 1
  const sum = (rows: number[][], k: number) => rows.reduce((s, row) => s + row[k]!, 0);
  const gain = [0, 1, 2].map((k) => (sum(capture, k) + 0.02 * count) / (sum(plate, k) + 0.02 * count));
  const residual = capture.reduce((s, c, b) => s + rgbDeltaE76(c, plate[b]!.map((p, k) => p * gain[k]!)), 0) / count;
  return { drift, gain, residual };
}
