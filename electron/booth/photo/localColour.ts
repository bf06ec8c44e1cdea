// The local mean colour of a weighted set of pixels (the confident person, the old background…)
// around every pixel: the colour models of the matte and of the edge measure.
import { sampleHalf, smoothField, type HalfField } from './boxFilter.ts';

export interface LocalColour {
  /** local mean of the weights: how much of the window the set covers */
  coverage: HalfField;
  sums: readonly HalfField[];
}

/** Local means over windows of radius r of `planes` (one per channel) weighted by `weight` (0..1). */
export function localColour(planes: readonly Float32Array[], weight: Float32Array, width: number, height: number, r: number): LocalColour {
  const tmp = new Float32Array(weight.length);
  const sums = planes.map((plane) => {
    for (let i = 0; i < tmp.length; i++) tmp[i] = plane[i]! * weight[i]!;
    return smoothField(tmp, width, height, r);
  });
  return { coverage: smoothField(weight, width, height, r), sums };
}

/**
 * Writes the local colour at (x, y) into `out` and returns true, or returns false where the set
 * covers less than `minCoverage` of the window (no trustworthy colour there).
 */
export function colourAt(model: LocalColour, x: number, y: number, out: number[], minCoverage: number): boolean {
  const w = sampleHalf(model.coverage, x, y);
  if (w < minCoverage) return false;
  for (let c = 0; c < model.sums.length; c++) out[c] = sampleHalf(model.sums[c]!, x, y) / w;
  return true;
}
