// Entry of the headless vision page: exposes the booth's StillAnalyzer to a Node driver
// (tools/headlessVision.ts) so the runner, tests and benchmarks use the booth's own vision code.
import type { StillAnalysisWire } from '../../shared/vision/stillAnalysis.ts';
import { StillAnalyzer, type VisionAssets } from './stillAnalyzer.ts';

export interface HeadlessVisionApi {
  init(assets: VisionAssets): Promise<number>;
  /** Analyse raw RGBA pixels served at `frameUrl` (width x height), a downscaled copy of a fullWidth x fullHeight still. */
  analyze(frameUrl: string, width: number, height: number, fullWidth: number, fullHeight: number): Promise<StillAnalysisWire>;
}

declare global {
  interface Window {
    gradboothVision: HeadlessVisionApi;
  }
}

let analyzer: StillAnalyzer | null = null;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

window.gradboothVision = {
  async init(assets) {
    const t0 = performance.now();
    analyzer ??= await StillAnalyzer.create(assets);
    return performance.now() - t0;
  },
  async analyze(frameUrl, width, height, fullWidth, fullHeight) {
    if (!analyzer) throw new Error('vision not initialised');
    const t0 = performance.now();
    const bytes = new Uint8ClampedArray(await (await fetch(frameUrl)).arrayBuffer());
    const bitmap = await createImageBitmap(new ImageData(bytes, width, height));
    const t1 = performance.now();
    try {
      const result = await analyzer.analyze(bitmap, fullWidth, fullHeight);
      const mask = result.mask && { width: result.mask.width, height: result.mask.height, base64: toBase64(result.mask.data) };
      return { ...result, mask, parse: null, timings: { ...result.timings, transfer: t1 - t0 } };
    } finally {
      bitmap.close();
    }
  },
};
