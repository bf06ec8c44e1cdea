// Reads a QR code (the 采集码 on a phone screen) from the camera stream with zxing-wasm, its .wasm
// served with the app (never fetched from a CDN: the booth may be offline).
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import zxingWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

let prepared = false;

function prepare(): void {
  if (prepared) return;
  prepared = true;
  prepareZXingModule({
    overrides: { locateFile: (file: string, prefix: string) => (file.endsWith('.wasm') ? new URL(zxingWasmUrl, document.baseURI).href : prefix + file) },
  });
}

/** The text of the first valid QR code in the current video frame, or null. */
export async function readQrFromVideo(video: HTMLVideoElement, canvas: HTMLCanvasElement): Promise<string | null> {
  if (video.videoWidth === 0) return null;
  prepare();
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(video, 0, 0);
  const results = await readBarcodes(context.getImageData(0, 0, canvas.width, canvas.height), { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 });
  const found = results.find((r) => r.isValid && r.text.length > 0);
  return found ? found.text : null;
}
