// The pixel type every check reads (sharp raw buffers in Node, ImageData in the browser) and the
// few pixel statistics the checks share: sampling a region, colour spaces, resampling to a fixed scale.
import type { PersonMask, Point } from '../vision/stillAnalysis.ts';
import { rgbToLab as labOf } from '../photo/colour.ts';

export interface RgbImage {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Lab {
  l: number;
  a: number;
  b: number;
}

/** Rec. 601 luma, 0..255: cheap and close enough to perceived brightness for relative measures. */
export function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** sRGB (0..255) to CIELAB under D65 (shared/photo/colour.ts holds the one conversion). */
export function rgbToLab(r: number, g: number, b: number): Lab {
  const [l, a, bb] = labOf(r, g, b);
  return { l, a, b: bb };
}

/** CIE76 colour difference: enough to tell clothing from background or skin from hair. */
export function deltaE(p: Lab, q: Lab): number {
  return Math.hypot(p.l - q.l, p.a - q.a, p.b - q.b);
}

/** Hue in degrees 0..360 and HSV saturation 0..1. */
export function hueSat(r: number, g: number, b: number): { hue: number; sat: number } {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  if (max === 0 || d === 0) return { hue: 0, sat: 0 };
  let hue: number;
  if (max === r) hue = ((g - b) / d) % 6;
  else if (max === g) hue = (b - r) / d + 2;
  else hue = (r - g) / d + 4;
  hue *= 60;
  if (hue < 0) hue += 360;
  return { hue, sat: d / max };
}

export function clampBox(image: { width: number; height: number }, box: Box): Box | null {
  const x0 = Math.max(0, Math.floor(box.x0));
  const y0 = Math.max(0, Math.floor(box.y0));
  const x1 = Math.min(image.width, Math.ceil(box.x1));
  const y1 = Math.min(image.height, Math.ceil(box.y1));
  return x1 - x0 >= 1 && y1 - y0 >= 1 ? { x0, y0, x1, y1 } : null;
}

/** Share of a box that lies inside the image: a region cut off by a tight crop cannot be judged. */
export function visibleFraction(image: { width: number; height: number }, box: Box): number {
  const area = (box.x1 - box.x0) * (box.y1 - box.y0);
  const c = clampBox(image, box);
  return c && area > 0 ? ((c.x1 - c.x0) * (c.y1 - c.y0)) / area : 0;
}

export interface Pixel {
  x: number;
  y: number;
  r: number;
  g: number;
  b: number;
}

/**
 * Visit about `samples` evenly spaced pixels of a box (clamped to the image), optionally only those
 * inside a polygon: statistics then cost the same on a 640x480 frame and a 12 MP still.
 */
export function forEachPixel(image: RgbImage, box: Box, visit: (p: Pixel) => void, options: { samples?: number; polygon?: readonly Point[] } = {}): void {
  const c = clampBox(image, box);
  if (!c) return;
  const samples = options.samples ?? 4096;
  const step = Math.max(1, Math.sqrt(((c.x1 - c.x0) * (c.y1 - c.y0)) / samples));
  const { data, width, channels } = image;
  const polygon = options.polygon;
  const pixel: Pixel = { x: 0, y: 0, r: 0, g: 0, b: 0 };
  for (let fy = c.y0 + step / 2; fy < c.y1; fy += step) {
    const y = Math.floor(fy);
    for (let fx = c.x0 + step / 2; fx < c.x1; fx += step) {
      const x = Math.floor(fx);
      if (polygon && !insidePolygon(polygon, x + 0.5, y + 0.5)) continue;
      const i = (y * width + x) * channels;
      pixel.x = x;
      pixel.y = y;
      pixel.r = data[i] ?? 0;
      pixel.g = data[i + 1] ?? 0;
      pixel.b = data[i + 2] ?? 0;
      visit(pixel);
    }
  }
}

export function insidePolygon(polygon: readonly Point[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i];
    const b = polygon[j];
    if (!a || !b) continue;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

export function boundingBox(points: readonly Point[], pad = 0): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of points) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return { x0: x0 - pad, y0: y0 - pad, x1: x1 + pad, y1: y1 + pad };
}

/**
 * A grey copy of a box at a fixed output size by area averaging, so texture and focus measures
 * see the face at the same scale whatever the camera resolution.
 */
export function resampleGray(image: RgbImage, box: Box, outWidth: number, outHeight: number): Float32Array {
  const out = new Float32Array(outWidth * outHeight);
  const sx = (box.x1 - box.x0) / outWidth;
  const sy = (box.y1 - box.y0) / outHeight;
  // up to 3x3 taps per output pixel: cheap, and enough to avoid aliasing at the downscales used here
  const taps = Math.max(1, Math.min(3, Math.round(Math.min(sx, sy))));
  const { data, width, height, channels } = image;
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++) {
      let sum = 0;
      for (let ty = 0; ty < taps; ty++) {
        const y = Math.min(height - 1, Math.max(0, Math.floor(box.y0 + (oy + (ty + 0.5) / taps) * sy)));
        for (let tx = 0; tx < taps; tx++) {
          const x = Math.min(width - 1, Math.max(0, Math.floor(box.x0 + (ox + (tx + 0.5) / taps) * sx)));
          const i = (y * width + x) * channels;
          sum += luma(data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0);
        }
      }
      out[oy * outWidth + ox] = sum / (taps * taps);
    }
  }
  return out;
}

/** Person confidence 0..1 at a source pixel; 1 where there is no mask (nothing contradicts a person). */
export function personAt(mask: PersonMask | null, image: { width: number; height: number }, x: number, y: number): number {
  if (!mask) return 1;
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) return 0;
  const mx = Math.min(mask.width - 1, Math.floor((x / image.width) * mask.width));
  const my = Math.min(mask.height - 1, Math.floor((y / image.height) * mask.height));
  return (mask.data[my * mask.width + mx] ?? 0) / 255;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))] ?? NaN;
}
