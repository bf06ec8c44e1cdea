// The face parser's class map resampled onto the output grid (nearest cell): one class per output
// pixel, -1 where the map does not reach (below the face-centred crop, or outside the source frame)
// or is not to be read: CelebAMask-HQ labels no bare skin below the neck, so on a bare shoulder or
// chest the parser says background, and the engine reads its map only above `untilY` (the chin line).
import type { FaceParse } from '../vision/stillAnalysis.ts';
import { mapParseToOutput, type OutputMapping } from './outputMapping.ts';

export const OFF_MAP = -1;

export function parseOnOutput(parse: FaceParse, mapping: OutputMapping, width: number, height: number, inFrame: Uint8Array | null = null, untilY = height): Int8Array {
  const { crop } = mapParseToOutput(parse, mapping);
  const scale = parse.width / crop.size;
  const out = new Int8Array(width * height).fill(OFF_MAP);
  const cols = new Int32Array(width);
  for (let u = 0; u < width; u++) cols[u] = Math.floor((u + 0.5 - crop.x) * scale);
  for (let v = 0; v < Math.min(height, untilY); v++) {
    const pv = Math.floor((v + 0.5 - crop.y) * scale);
    if (pv < 0 || pv >= parse.height) continue;
    for (let u = 0; u < width; u++) {
      const pu = cols[u]!;
      const i = v * width + u;
      if (pu < 0 || pu >= parse.width || (inFrame && !inFrame[i])) continue;
      out[i] = parse.classes[pv * parse.width + pu]!;
    }
  }
  return out;
}
