// Where the photo tests put what they make from the shared eval data.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { PersonMask } from '../../shared/vision/stillAnalysis.ts';
import { projectRoot } from '../../scripts/models.ts';

export const OUT = path.join(projectRoot, 'test-output', 'photo');

/** Writes an image derived from the eval data (once) and returns its path. */
export async function derivedImage(name: string, make: () => Promise<Buffer>): Promise<string> {
  const file = path.join(OUT, 'derived', name);
  if (!existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, await make());
  }
  return file;
}

/**
 * The empty backdrop behind a portrait, as a calibration would photograph it: the photo's own
 * backdrop pixels (real gradient, real noise) where the person mask and a margin around it are clear,
 * and under the person a per-channel quadratic fit of them (a studio backdrop's smooth shading).
 */
export async function emptyBackdropOf(file: string, mask: PersonMask): Promise<Buffer> {
  const { data, info } = await sharp(file).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  // the person with a margin of 3 % of the width: hair strands outside the mask stay out of the fit
  const person = await sharp(Buffer.from(mask.data), { raw: { width: mask.width, height: mask.height, channels: 1 } })
    .resize(width, height, { fit: 'fill' }).threshold(20).blur(Math.max(1, width * 0.03)).threshold(1).extractChannel(0).raw().toBuffer();
  const terms = (x: number, y: number) => {
    const u = x / width, v = y / height;
    return [1, u, v, u * u, u * v, v * v];
  };
  const fits = [0, 1, 2].map((c) => {
    const normal = Array.from({ length: 6 }, () => new Array<number>(7).fill(0));
    for (let y = 0; y < height; y += 2) {
      for (let x = 0; x < width; x += 2) {
        const i = y * width + x;
        if (person[i]! > 0) continue;
        const t = terms(x, y);
        for (let r = 0; r < 6; r++) {
          for (let k = 0; k < 6; k++) normal[r]![k]! += t[r]! * t[k]!;
          normal[r]![6]! += t[r]! * data[i * 3 + c]!;
        }
      }
    }
    return solveLinear(normal);
  });
  const out = Buffer.from(data);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (person[i]! === 0) continue;
      const t = terms(x, y);
      for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(Math.min(255, Math.max(0, t.reduce((s, v, k) => s + v * fits[c]![k]!, 0))));
    }
  }
  return sharp(out, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

/** Gauss–Jordan on an augmented n×(n+1) matrix, with partial pivoting. */
function solveLinear(m: number[][]): number[] {
  const n = m.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let k = col; k <= n; k++) m[r]![k]! -= f * m[col]![k]!;
    }
  }
  return m.map((row, r) => row[n]! / row[r]!);
}

/**
 * A capture and its empty backdrop from a P3M portrait: the portrait composited by its reference
 * alpha over a real photo without people (resized to cover the frame), which alone is the plate.
 */
export async function compositePair(portrait: string, alphaFile: string, backdrop: string): Promise<{ capture: Buffer; plate: Buffer }> {
  const { data: fg, info } = await sharp(portrait).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const alpha = await sharp(alphaFile).resize(width, height, { fit: 'fill' }).extractChannel(0).raw().toBuffer();
  const bg = await sharp(backdrop).removeAlpha().resize(width, height, { fit: 'cover' }).raw().toBuffer();
  const out = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const a = alpha[i]! / 255;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(a * fg[i * 3 + c]! + (1 - a) * bg[i * 3 + c]!);
  }
  const jpeg = (raw: Buffer) => sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
  return { capture: await jpeg(out), plate: await jpeg(bg) };
}
