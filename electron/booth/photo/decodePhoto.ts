// Reads a photo by its content (never its file name): JPEG, PNG or WebP, EXIF orientation applied,
// and names what is wrong with anything else.
import sharp, { type Metadata, type Sharp } from 'sharp';
import { refusal, type Refusal } from '../../../shared/photo/refusals.ts';

const SUPPORTED = new Set(['jpeg', 'png', 'webp']);
/** Smaller than this on its short side cannot hold a head-and-shoulders portrait. */
export const MIN_SIDE = 64;

export interface PhotoInfo {
  format: string;
  /** size after EXIF orientation */
  width: number;
  height: number;
  orientation: number;
}

export type PhotoInfoResult = { ok: true; info: PhotoInfo } | { ok: false; refusal: Refusal };

export async function readPhotoInfo(input: Buffer): Promise<PhotoInfoResult> {
  let meta: Metadata;
  try {
    meta = await sharp(input).metadata();
  } catch (err) {
    const message = (err as Error).message;
    const unknown = /unsupported image format|Input buffer is empty/i.test(message);
    return { ok: false, refusal: refusal(unknown ? 'not_an_image' : 'corrupt_image', message) };
  }
  if (!meta.format || !SUPPORTED.has(meta.format)) return { ok: false, refusal: refusal('not_an_image', `format ${meta.format ?? 'unknown'}`) };
  const orientation = meta.orientation ?? 1;
  const swap = orientation >= 5;
  const width = (swap ? meta.height : meta.width) ?? 0;
  const height = (swap ? meta.width : meta.height) ?? 0;
  if (Math.min(width, height) < MIN_SIDE) return { ok: false, refusal: refusal('image_too_small', `${width}x${height}`) };
  return { ok: true, info: { format: meta.format, width, height, orientation } };
}

/** A decoding pipeline on the oriented image; decode errors (a truncated file) surface when it runs. */
export function orientedImage(input: Buffer): Sharp {
  // failOn 'warning' (sharp's default, made explicit): a truncated JPEG is an error, not a grey band
  return sharp(input, { failOn: 'warning' }).rotate();
}

export function decodeFailure(err: unknown): Refusal {
  return refusal('corrupt_image', (err as Error).message);
}
