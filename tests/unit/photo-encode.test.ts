// The output file and its measures: baseline JPEG at 300 dpi within 20–40 KB, the JPEG inspector,
// the crop solver's trade-offs and refusals, and the edge-fringe measure catching a real halo.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeStandardJpeg, inspectJpeg, withJfifDensity } from '../../electron/booth/photo/jpegFile.ts';
import { decodeRgb, measureBackground } from '../../electron/booth/photo/measureOutput.ts';
import { solveCrop } from '../../shared/photo/cropSolver.ts';
import { GEOMETRY } from '../../shared/photoStandard.ts';
import { EDGE_FRINGE_MAX } from '../../shared/photo/outputChecks.ts';
import { EVAL_DATA } from '../../tools/evalData.ts';

const portrait = path.join(EVAL_DATA, 'portraits-hivision', 'test1.jpg');

async function portraitRgb(width: number, height: number): Promise<Buffer> {
  return sharp(portrait).resize(width, height, { fit: 'cover' }).removeAlpha().raw().toBuffer();
}

describe('the standard JPEG encoder', () => {
  it('chooses the highest quality whose file fits 40 KB, baseline, 24-bit, 300 dpi', async () => {
    const rgb = await portraitRgb(480, 640);
    const { jpeg, quality } = await encodeStandardJpeg(rgb, 480, 640);
    const props = inspectJpeg(jpeg);
    expect(props).toMatchObject({ baseline: true, components: 3, width: 480, height: 640, jfif: { units: 1, xDensity: 300, yDensity: 300 }, quality });
    expect(jpeg.length).toBeGreaterThanOrEqual(20 * 1024);
    expect(jpeg.length).toBeLessThanOrEqual(40 * 1024);
    expect(quality).toBeGreaterThanOrEqual(60);
    // one step higher would not fit
    if (quality < 100) {
      const higher = withJfifDensity(await sharp(rgb, { raw: { width: 480, height: 640, channels: 3 } }).jpeg({ quality: quality + 1, optimiseCoding: true }).toBuffer(), 300);
      expect(higher.length).toBeGreaterThan(40 * 1024);
    }
  });

  it('reads a progressive JPEG as not baseline and the quality from the quantisation tables', async () => {
    const progressive = await sharp(portrait).jpeg({ progressive: true, quality: 77 }).toBuffer();
    expect(inspectJpeg(progressive)).toMatchObject({ baseline: false, quality: 77 });
    const baseline = await sharp(portrait).jpeg({ quality: 64 }).toBuffer();
    expect(inspectJpeg(baseline)).toMatchObject({ baseline: true, quality: 64 });
  });

  it('names a PNG given with a .jpg name for what it is', async () => {
    // the eval set's IDPhotos "image.jpg" is really a PNG
    const bytes = await readFile(path.join(EVAL_DATA, 'portraits-more', 'wangling1820__IDPhotos__image.jpg'));
    expect(() => inspectJpeg(bytes)).toThrow(/not a JPEG/);
  });

  it('names a file that is not a JPEG', () => {
    expect(() => inspectJpeg(Buffer.from('GIF89a'))).toThrow(/not a JPEG/);
  });
});

describe('the crop solver', () => {
  const head = { frameWidth: 3000, frameHeight: 4000, eyeY: 1500, midlineX: 1500 };
  it('puts an ordinary head (hair 0.9 face widths above the eyes) inside every range with margin', () => {
    const result = solveCrop({ ...head, faceWidth: 800, headTopY: 1500 - 0.9 * 800 });
    if (!result.ok) throw new Error(result.reason);
    const p = result.crop.predicted;
    expect(p.headTop).toBeGreaterThan(GEOMETRY.headTop.min + 5);
    expect(p.headTop).toBeLessThan(GEOMETRY.headTop.max - 5);
    expect(p.eyeLine).toBeGreaterThan(GEOMETRY.eyeLine.min + 5);
    expect(p.eyeLine).toBeLessThan(GEOMETRY.eyeLine.max - 5);
    expect(p.faceWidth).toBeGreaterThan(GEOMETRY.faceWidth.min + 5);
    expect(p.centreX).toBe(240);
    expect(result.crop.margin).toBeGreaterThan(0.2);
  });
  it('refuses a bun piled 1.45 face widths above the eyes', () => {
    expect(solveCrop({ ...head, faceWidth: 800, headTopY: 1500 - 1.45 * 800 })).toEqual({ ok: false, reason: 'hair_too_high' });
  });
  it('refuses a frame that ends at the chin instead of adding background below', () => {
    expect(solveCrop({ ...head, frameHeight: 1500 + 800, faceWidth: 800, headTopY: 1500 - 0.9 * 800 })).toEqual({ ok: false, reason: 'frame_too_short' });
  });
  it('refuses a face too small to enlarge', () => {
    expect(solveCrop({ ...head, faceWidth: 60, headTopY: 1500 - 54 })).toEqual({ ok: false, reason: 'face_too_small' });
  });
});

describe('the edge measure (bg.edge)', () => {
  it('finds the white halo a matte leaves when it keeps a ring of the old background', async () => {
    // a real portrait on its white-ish background, cut out with its own hard mask, then the same
    // with the mask grown by 4 px so a ring of the old background stays around the hair
    const file = path.join(EVAL_DATA, 'portraits-more', 'DefTruth__lite.ai.toolkit__test_lite_facefusion_pipeline_target.jpg');
    const { data, info } = await sharp(file).resize(480, 640, { fit: 'cover' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const n = info.width * info.height;
    const luma = (i: number) => 0.299 * data[i * 3]! + 0.587 * data[i * 3 + 1]! + 0.114 * data[i * 3 + 2]!;
    // the studio background is near white: the person is what is darker
    const hard = new Float32Array(n);
    for (let i = 0; i < n; i++) hard[i] = luma(i) < 200 ? 1 : 0;
    const grow = (alpha: Float32Array, r: number) => {
      const out = new Float32Array(n);
      for (let y = 0; y < info.height; y++) for (let x = 0; x < info.width; x++) {
        let v = 0;
        for (let dy = -r; dy <= r && !v; dy++) for (let dx = -r; dx <= r && !v; dx++) {
          const yy = y + dy, xx = x + dx;
          if (yy >= 0 && xx >= 0 && yy < info.height && xx < info.width && alpha[yy * info.width + xx]) v = 1;
        }
        out[y * info.width + x] = v;
      }
      return out;
    };
    const fringeOf = async (alpha: Float32Array) => {
      // soften the cut over 2 px like a real matte edge, then composite on the blue
      const soft = new Float32Array(n);
      for (let y = 0; y < info.height; y++) for (let x = 0; x < info.width; x++) {
        let s = 0, c = 0;
        for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
          const yy = Math.min(info.height - 1, Math.max(0, y + dy)), xx = Math.min(info.width - 1, Math.max(0, x + dx));
          s += alpha[yy * info.width + xx]!; c++;
        }
        soft[y * info.width + x] = s / c;
      }
      const rgb = Buffer.alloc(n * 3);
      const bg = [100, 197, 255];
      for (let i = 0; i < n; i++) for (let ch = 0; ch < 3; ch++) rgb[i * 3 + ch] = Math.round(soft[i]! * data[i * 3 + ch]! + (1 - soft[i]!) * bg[ch]!);
      const { jpeg } = await encodeStandardJpeg(rgb, info.width, info.height);
      return measureBackground(await decodeRgb(jpeg), soft, [100, 197, 255]).edgeFringe!;
    };
    const clean = await fringeOf(hard);
    const haloed = await fringeOf(grow(hard, 4));
    console.log(`edge fringe: tight cut ${clean.toFixed(1)}, with a 4 px ring of old background ${haloed.toFixed(1)} (limit ${EDGE_FRINGE_MAX})`);
    expect(haloed).toBeGreaterThan(EDGE_FRINGE_MAX);
    expect(haloed).toBeGreaterThan(clean * 1.5);
  });
});

describe('the crop solver at the frame sides', () => {
  it('keeps the crop inside the frame width when a comfortable margin allows it', () => {
    // a tall, narrow frame with a large face: the widest-margin crop would need the sides extended
    const input = { frameWidth: 1000, frameHeight: 1780, eyeY: 480, midlineX: 490, faceWidth: 500, headTopY: 480 - 0.9 * 500 };
    const result = solveCrop(input);
    if (!result.ok) throw new Error(result.reason);
    const { x0, scale, margin } = result.crop;
    expect(x0).toBeGreaterThanOrEqual(-0.5);
    expect(x0 + 480 / scale).toBeLessThanOrEqual(1000.5);
    expect(margin).toBeGreaterThanOrEqual(0.3);
  });
});
