// The local mean colour of a weighted set of pixels (the confident person, the old background…)
// around every pixel: the colour models of the matte and of the edge measure.
import { sampleField, smoothField, type ReducedField } from './boxFilter.ts';

export interface LocalColour {
  /** local mean of the weights: how much of the window the set covers */
  coverage: ReducedField;
  sums: readonly ReducedField[];
  /** weighted sums of squares over all channels, when asked for: the set's local colour spread */
  squares: ReducedField | null;
}

/** Local means over windows of radius r of `planes` (one per channel) weighted by `weight` (0..1). */
export function localColour(planes: readonly Float32Array[], weight: Float32Array, width: number, height: number, r: number, withSpread = false): LocalColour {
  const tmp = new Float32Array(weight.length);
  const sums = planes.map((plane) => {
    for (let i = 0; i < tmp.length; i++) tmp[i] = plane[i]! * weight[i]!;
    return smoothField(tmp, width, height, r);
  });
  let squares: ReducedField | null = null;
  if (withSpread) {
    tmp.fill(0);
    for (const plane of planes) for (let i = 0; i < tmp.length; i++) tmp[i]! += plane[i]! * plane[i]! * weight[i]!;
    squares = smoothField(tmp, width, height, r);
  }
  return { coverage: smoothField(weight, width, height, r), sums, squares };
}

/** The set's local colour spread (RGB standard deviation, summed over channels) at (x, y), given its mean `mean` there. */
export function spreadAt(model: LocalColour, x: number, y: number, mean: readonly number[]): number {
  if (!model.squares) throw new Error('localColour was built without spread');
  const w = sampleField(model.coverage, x, y);
  const meanSquare = sampleField(model.squares, x, y) / w;
  const squareOfMean = mean.reduce((sum, m) => sum + m * m, 0);
  return Math.sqrt(Math.max(0, meanSquare - squareOfMean));
}

/**
 * Writes the local colour at (x, y) into `out` and returns true, or returns false where the set
 * covers less than `minCoverage` of the window (no trustworthy colour there).
 */
export function colourAt(model: LocalColour, x: number, y: number, out: number[], minCoverage: number): boolean {
  const w = sampleField(model.coverage, x, y);
  if (w < minCoverage) return false;
  for (let c = 0; c < model.sums.length; c++) out[c] = sampleField(model.sums[c]!, x, y) / w;
  return true;
}
