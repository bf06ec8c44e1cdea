// Mean over a (2r+1)² window, O(1) per pixel with running sums, windows clipped at the borders.
// The building block of the guided filter and the matte's colour estimates.

// Scratch space for the horizontal pass, reused across calls (boxMean is synchronous): a matte makes
// dozens of these passes and fresh buffers each time kept the garbage collector busy.
let scratch = new Float32Array(0);
let columnSums = new Float64Array(0);

/** Mean of `src` (width x height, one channel) over the window of radius r; writes into `out`. */
export function boxMean(src: Float32Array, width: number, height: number, r: number, out: Float32Array = new Float32Array(src.length)): Float32Array {
  if (scratch.length < src.length) scratch = new Float32Array(src.length);
  const tmp = scratch;
  // horizontal pass: running sum along each row
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let x = 0; x <= Math.min(r, width - 1); x++) sum += src[row + x]!;
    for (let x = 0; x < width; x++) {
      const lo = x - r - 1;
      const hi = x + r;
      if (x > 0) {
        if (hi < width) sum += src[row + hi]!;
        if (lo >= 0) sum -= src[row + lo]!;
      }
      tmp[row + x] = sum / (Math.min(width - 1, hi) - Math.max(0, x - r) + 1);
    }
  }
  // vertical pass, column sums kept for a whole row at a time (cache-friendly)
  if (columnSums.length < width) columnSums = new Float64Array(width);
  const colSum = columnSums.fill(0, 0, width);
  for (let y = 0; y <= Math.min(r, height - 1); y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) colSum[x]! += tmp[row + x]!;
  }
  for (let y = 0; y < height; y++) {
    const lo = y - r - 1;
    const hi = y + r;
    if (y > 0) {
      if (hi < height) {
        const row = hi * width;
        for (let x = 0; x < width; x++) colSum[x]! += tmp[row + x]!;
      }
      if (lo >= 0) {
        const row = lo * width;
        for (let x = 0; x < width; x++) colSum[x]! -= tmp[row + x]!;
      }
    }
    const n = Math.min(height - 1, hi) - Math.max(0, y - r) + 1;
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = colSum[x]! / n;
  }
  return out;
}

/** Halves a plane by averaging 2x2 blocks (odd sizes round up; the last row or column repeats). */
export function halve(src: Float32Array, width: number, height: number): { data: Float32Array; width: number; height: number } {
  const w = Math.ceil(width / 2);
  const h = Math.ceil(height / 2);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = 2 * y;
    const y1 = Math.min(height - 1, y0 + 1);
    for (let x = 0; x < w; x++) {
      const x0 = 2 * x;
      const x1 = Math.min(width - 1, x0 + 1);
      out[y * w + x] = (src[y0 * width + x0]! + src[y0 * width + x1]! + src[y1 * width + x0]! + src[y1 * width + x1]!) / 4;
    }
  }
  return { data: out, width: w, height: h };
}

/** A plane kept at reduced resolution (1/factor per side), read back at full-resolution coordinates. */
export interface ReducedField {
  data: Float32Array;
  width: number;
  height: number;
  factor: number;
}

/** Bilinear value of a reduced field at full-resolution pixel (x, y). */
export function sampleField(field: ReducedField, x: number, y: number): number {
  const { data, width: w, height: h, factor } = field;
  const fx = Math.min(w - 1, Math.max(0, (x + 0.5) / factor - 0.5));
  const fy = Math.min(h - 1, Math.max(0, (y + 0.5) / factor - 0.5));
  const x0 = fx | 0;
  const y0 = fy | 0;
  const x1 = x0 + 1 < w ? x0 + 1 : x0;
  const y1 = y0 + 1 < h ? y0 + 1 : y0;
  const tx = fx - x0;
  const ty = fy - y0;
  const top = data[y0 * w + x0]! + (data[y0 * w + x1]! - data[y0 * w + x0]!) * tx;
  const bottom = data[y1 * w + x0]! + (data[y1 * w + x1]! - data[y1 * w + x0]!) * tx;
  return top + (bottom - top) * ty;
}

/** Bilinear upsampling of a half-resolution plane back to width x height. */
export function double(src: Float32Array, w: number, h: number, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  // the column taps and weights are the same on every row
  const xs0 = new Int32Array(width);
  const xs1 = new Int32Array(width);
  const txs = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(w - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
    xs0[x] = fx | 0;
    xs1[x] = Math.min(w - 1, (fx | 0) + 1);
    txs[x] = fx - (fx | 0);
  }
  for (let y = 0; y < height; y++) {
    const fy = Math.min(h - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
    const r0 = (fy | 0) * w;
    const r1 = Math.min(h - 1, (fy | 0) + 1) * w;
    const ty = fy - (fy | 0);
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const a = xs0[x]!, b = xs1[x]!, tx = txs[x]!;
      const top = src[r0 + a]! + (src[r0 + b]! - src[r0 + a]!) * tx;
      const bottom = src[r1 + a]! + (src[r1 + b]! - src[r1 + a]!) * tx;
      out[row + x] = top + (bottom - top) * ty;
    }
  }
  return out;
}

/**
 * A wide local mean kept at reduced resolution: the result is smooth anyway, so a radius of 8 px or
 * more is computed at half resolution and one of 16 px or more at quarter resolution (4x or 16x
 * fewer pixels); callers read it only where they need it (sampleField).
 */
export function smoothField(src: Float32Array, width: number, height: number, r: number): ReducedField {
  let plane = { data: src, width, height };
  let factor = 1;
  while (r / (factor * 2) >= 4) {
    plane = halve(plane.data, plane.width, plane.height);
    factor *= 2;
  }
  return { data: boxMean(plane.data, plane.width, plane.height, Math.max(1, Math.round(r / factor))), width: plane.width, height: plane.height, factor };
}
