// Mean over a (2r+1)² window, O(1) per pixel with running sums, windows clipped at the borders.
// The building block of the guided filter and the matte's colour estimates.

/** Mean of `src` (width x height, one channel) over the window of radius r; writes into `out`. */
export function boxMean(src: Float32Array, width: number, height: number, r: number, out: Float32Array = new Float32Array(src.length)): Float32Array {
  const tmp = new Float32Array(src.length);
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
  const colSum = new Float64Array(width);
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

/** Bilinear upsampling of a halved plane back to width x height. */
export function double(src: Float32Array, w: number, h: number, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(h - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(h - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(w - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(w - 1, x0 + 1);
      const tx = fx - x0;
      const top = src[y0 * w + x0]! * (1 - tx) + src[y0 * w + x1]! * tx;
      const bottom = src[y1 * w + x0]! * (1 - tx) + src[y1 * w + x1]! * tx;
      out[y * width + x] = top * (1 - ty) + bottom * ty;
    }
  }
  return out;
}

/**
 * A wide local mean (radius ≥ 4) computed at half resolution: the result is smooth anyway, and a
 * quarter of the pixels makes it four times cheaper.
 */
export function smoothMean(src: Float32Array, width: number, height: number, r: number): Float32Array {
  const small = halve(src, width, height);
  return double(boxMean(small.data, small.width, small.height, Math.max(1, Math.round(r / 2))), small.width, small.height, width, height);
}
