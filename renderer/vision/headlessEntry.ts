// Entry of the headless vision page: exposes the booth's StillAnalyzer to a Node driver
// (tools/headlessVision.ts) so the runner, tests and benchmarks use the booth's own vision code.
import { parseToWire, toWire } from '../../shared/vision/analysisWire.ts';
import type { FaceParseWire, StillAnalysis, StillAnalysisWire } from '../../shared/vision/stillAnalysis.ts';
import type { FaceParserState } from './faceParser.ts';
import { StillAnalyzer, type VisionAssets } from './stillAnalyzer.ts';

export interface HeadlessVisionApi {
  /** milliseconds spent loading the models, and whether the parser is there */
  init(assets: VisionAssets): Promise<{ loadMs: number; parser: FaceParserState }>;
  /** Analyse raw RGBA pixels served at `frameUrl` (width x height), a downscaled copy of a fullWidth x fullHeight still. */
  analyze(frameUrl: string, width: number, height: number, fullWidth: number, fullHeight: number): Promise<StillAnalysisWire>;
  /** The same without the class map, as the booth hands it to the engine first; `parse(frameUrl)` then gives the map. */
  observe(frameUrl: string, width: number, height: number, fullWidth: number, fullHeight: number): Promise<StillAnalysisWire>;
  parse(frameUrl: string): { parse: FaceParseWire | null; ms: number };
}

declare global {
  interface Window {
    gradboothVision: HeadlessVisionApi;
  }
}

let analyzer: StillAnalyzer | null = null;
/** observed frames waiting for their parse */
const observed = new Map<string, { bitmap: ImageBitmap; analysis: StillAnalysis }>();

async function load(frameUrl: string, width: number, height: number): Promise<{ bitmap: ImageBitmap; ms: number }> {
  const t0 = performance.now();
  const bytes = new Uint8ClampedArray(await (await fetch(frameUrl)).arrayBuffer());
  return { bitmap: await createImageBitmap(new ImageData(bytes, width, height)), ms: performance.now() - t0 };
}

function ready(): StillAnalyzer {
  if (!analyzer) throw new Error('vision not initialised');
  return analyzer;
}

window.gradboothVision = {
  async init(assets) {
    const t0 = performance.now();
    analyzer ??= await StillAnalyzer.create(assets);
    return { loadMs: performance.now() - t0, parser: analyzer.parserStatus };
  },
  async analyze(frameUrl, width, height, fullWidth, fullHeight) {
    const { bitmap, ms } = await load(frameUrl, width, height);
    try {
      const result = await ready().analyze(bitmap, fullWidth, fullHeight);
      return toWire({ ...result, timings: { ...result.timings, transfer: ms } });
    } finally {
      bitmap.close();
    }
  },
  async observe(frameUrl, width, height, fullWidth, fullHeight) {
    const { bitmap, ms } = await load(frameUrl, width, height);
    const analysis = await ready().observe(bitmap, fullWidth, fullHeight);
    observed.set(frameUrl, { bitmap, analysis });
    return toWire({ ...analysis, timings: { ...analysis.timings, transfer: ms } });
  },
  parse(frameUrl) {
    const frame = observed.get(frameUrl);
    if (!frame) throw new Error(`no observed frame ${frameUrl}`);
    observed.delete(frameUrl);
    try {
      const { parse, ms } = ready().parseStill(frame.bitmap, frame.analysis);
      return { parse: parse && parseToWire(parse), ms };
    } finally {
      frame.bitmap.close();
    }
  },
};
