// Small bright ridges and spots at a fixed scale: how earrings and necklace chains show up against
// skin and cloth (a step edge such as a collar is not a ridge, so it does not count).
import type { PersonMask } from '../vision/stillAnalysis.ts';
import { PIXEL_CLASSES } from './calibration.ts';
import { personAt, resampleGray, type Box, type RgbImage } from './image.ts';

/** Share of person pixels in `box` that stand out as ridges; `unitPx` is the face width. */
export function ridgeShare(image: RgbImage, mask: PersonMask | null, box: Box, unitPx: number): number {
  const contrast = PIXEL_CLASSES.ridgeContrast;
  // 40 samples per face width: a chain or a stud is 1–3 samples wide at this scale
  const W = Math.max(4, Math.round(((box.x1 - box.x0) / unitPx) * 40));
  const H = Math.max(4, Math.round(((box.y1 - box.y0) / unitPx) * 40));
  const g = resampleGray(image, box, W, H);
  let person = 0;
  let ridges = 0;
  for (let y = 2; y < H - 2; y++) {
    for (let x = 2; x < W - 2; x++) {
      const sx = box.x0 + ((x + 0.5) / W) * (box.x1 - box.x0);
      const sy = box.y0 + ((y + 0.5) / H) * (box.y1 - box.y0);
      if (sx < 0 || sy < 0 || sx >= image.width || sy >= image.height) continue;
      if (personAt(mask, image, sx, sy) < 0.5) continue;
      person++;
      const v = g[y * W + x] ?? 0;
      const horizontal = v - Math.max(g[y * W + x - 2] ?? 0, g[y * W + x + 2] ?? 0);
      const vertical = v - Math.max(g[(y - 2) * W + x] ?? 0, g[(y + 2) * W + x] ?? 0);
      if (Math.max(horizontal, vertical) > contrast) ridges++;
    }
  }
  // a box that is mostly backdrop (short hair, ear lobes against the wall) has little to wear jewellery:
  // its few ridges are counted against at least 30 samples rather than left unjudged
  return ridges / Math.max(person, 30);
}
