// Entry of the headless vision page: exposes the booth's StillAnalyzer to a Node driver
// (tools/headlessVision.ts) so the runner, tests and benchmarks use the booth's own vision code.
import { toWire } from '../../shared/vision/analysisWire.ts';
import type { StillAnalysisWire } from '../../shared/vision/stillAnalysis.ts';
import type { FaceParserState } from './faceParser.ts';
import { StillAnalyzer, type VisionAssets } from './stillAnalyzer.ts';

export interface HeadlessVisionApi {
  /** milliseconds spent loading the models, and whether the parser is there */
  init(assets: VisionAssets): Promise<{ loadMs: number; parser: FaceParserState }>;
  /** Analyse raw RGBA pixels served at `frameUrl` (width x height), a downscaled copy of a fullWidth x fullHeight still. */
  analyze(frameUrl: string, width: number, height: number, fullWidth: number, fullHeight: number): Promise<StillAnalysisWire>;
}

declare global {
  interface Window {
    gradboothVision: HeadlessVisionApi;
  }
}

let analyzer: StillAnalyzer | null = null;

window.gradboothVision = {
  async init(assets) {
    const t0 = performance.now();
    analyzer ??= await StillAnalyzer.create(assets);
    return { loadMs: performance.now() - t0, parser: analyzer.parserStatus };
  },
  async analyze(frameUrl, width, height, fullWidth, fullHeight) {
    if (!analyzer) throw new Error('vision not initialised');
    const t0 = performance.now();
    const bytes = new Uint8ClampedArray(await (await fetch(frameUrl)).arrayBuffer());
    const bitmap = await createImageBitmap(new ImageData(bytes, width, height));
    const t1 = performance.now();
    try {
      const result = await analyzer.analyze(bitmap, fullWidth, fullHeight);
      return toWire({ ...result, timings: { ...result.timings, transfer: t1 - t0 } });
    } finally {
      bitmap.close();
    }
  },
};
