// Decode an image file to the checks' RgbImage at full size, EXIF-oriented like the vision input,
// sniffing the format from the content (eval files are not always what their extension says).
import sharp from 'sharp';
import type { RgbImage } from '../shared/checks/image.ts';

export async function loadRgbImage(input: string | Buffer): Promise<RgbImage> {
  const { data, info } = await sharp(input).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
