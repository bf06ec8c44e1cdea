// One still through the booth's whole photo path, headless: vision in Chromium (the renderer's
// code), standardization in Node (electron/booth/photo). Used by the runner, tests and benchmarks.
import { performance } from 'node:perf_hooks';
import type { Rgb } from '../shared/photoStandard.ts';
import type { BackdropPlate } from '../electron/booth/photo/backdropPlate.ts';
import { preparePhoto, standardizePhoto, type StandardizeOutcome } from '../electron/booth/photo/standardize.ts';
import type { FaceParse, StillAnalysis } from '../shared/vision/stillAnalysis.ts';
import { visionInput, type HeadlessVision } from './headlessVision.ts';

export interface PipelineResult {
  outcome: StandardizeOutcome;
  analysis: StillAnalysis | null;
  /** milliseconds: the model-sized copy, vision, the engine's own stages, and the whole */
  timings: Record<string, number>;
}

const NO_ANALYSIS: StillAnalysis = { width: 1, height: 1, faces: [], mask: null, timings: {} };

export async function runPipeline(vision: HeadlessVision, input: Buffer, options: { background?: Rgb; plate?: BackdropPlate | null } = {}): Promise<PipelineResult> {
  const t0 = performance.now();
  // the engine's full-resolution decode runs on libvips' threads while Chromium runs the models
  const preparing = preparePhoto(input);
  let analysis: StillAnalysis | null = null;
  let parse: Promise<{ parse: FaceParse | null; ms: number }> | null = null;
  const timings: Record<string, number> = {};
  try {
    const prepared = await visionInput(input);
    const t1 = performance.now();
    timings.vision_input = t1 - t0;
    const observed = await vision.observe(prepared.small, prepared.width, prepared.height);
    analysis = observed.analysis;
    parse = observed.parse;
    timings.vision = performance.now() - t1;
  } catch {
    // not an image or a damaged one: preparePhoto names the reason below
  }
  const t2 = performance.now();
  const prepared = await preparing;
  timings.decode_wait = performance.now() - t2;
  // the class map is made in Chromium while the engine decodes and frames the photo, as in the booth
  const outcome = await standardizePhoto(prepared, analysis ?? NO_ANALYSIS, { ...options, parse: parse?.then((p) => p.parse) });
  const parsed = parse && (await parse);
  if (analysis && parsed) analysis = { ...analysis, parse: parsed.parse, timings: { ...analysis.timings, ...(parsed.parse ? { face_parse: parsed.ms } : {}) } };
  return { outcome, analysis, timings: { ...timings, ...outcome.report.timings, total: performance.now() - t0 } };
}
