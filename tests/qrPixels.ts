// Reads a QR code from an image's pixels the way a phone camera would (zxing-wasm in Node, its wasm
// from node_modules): the receipt, payment and help QR codes are checked from what the screen shows.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { projectRoot } from '../electron/booth/host/projectRoot.ts';

let prepared: Promise<void> | null = null;

function prepare(): Promise<void> {
  prepared ??= readFile(path.join(projectRoot, 'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm')).then((wasm) => {
    prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });
  });
  return prepared;
}

/** The text of the QR code in an image (PNG, JPEG… or a file path), or null when none is readable. */
export async function readQrText(image: Buffer | string): Promise<string | null> {
  await prepare();
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const [scanned] = await readBarcodes({ data: new Uint8ClampedArray(data), width: info.width, height: info.height, colorSpace: 'srgb' } as ImageData, { formats: ['QRCode'] });
  return scanned?.text || null;
}
