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
