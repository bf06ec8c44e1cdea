// One still through the booth's whole photo path, headless: vision in Chromium (the renderer's
// code), standardization in Node (electron/booth/photo). Used by the runner, tests and benchmarks.
import { performance } from 'node:perf_hooks';
import type { Rgb } from '../shared/photoStandard.ts';
import { standardizePhoto, type StandardizeOutcome } from '../electron/booth/photo/standardize.ts';
import { readPhotoInfo } from '../electron/booth/photo/decodePhoto.ts';
import { refusal } from '../shared/photo/refusals.ts';
import type { StillAnalysis } from '../shared/vision/stillAnalysis.ts';
import type { HeadlessVision } from './headlessVision.ts';
import { visionInput } from './headlessVision.ts';

export interface PipelineResult {
  outcome: StandardizeOutcome;
  analysis: StillAnalysis | null;
  /** milliseconds: decode (model-sized copy), vision, and the engine's own stages */
  timings: Record<string, number>;
}

export async function runPipeline(vision: HeadlessVision, input: Buffer, options: { background?: Rgb } = {}): Promise<PipelineResult> {
  const t0 = performance.now();
  const info = await readPhotoInfo(input);
  if (!info.ok) {
    const outcome = await standardizePhoto(input, { width: 1, height: 1, faces: [], mask: null, timings: {} }, options);
    return { outcome, analysis: null, timings: { total: performance.now() - t0 } };
  }
  let prepared: Awaited<ReturnType<typeof visionInput>>;
  try {
    prepared = await visionInput(input);
  } catch (err) {
    const report = { source: { width: info.info.width, height: info.info.height, format: info.info.format }, crop: null, mapping: null, sourceGeometry: null, outputFace: null, quality: null, checks: [], timings: {} };
    return { outcome: { ok: false, refusal: refusal('corrupt_image', (err as Error).message), report }, analysis: null, timings: { total: performance.now() - t0 } };
  }
  const t1 = performance.now();
  const analysis = await vision.analyze(prepared.small, prepared.width, prepared.height);
  const t2 = performance.now();
  const outcome = await standardizePhoto(input, analysis, options);
  const t3 = performance.now();
  return {
    outcome,
    analysis,
    timings: { vision_decode: t1 - t0, vision: t2 - t1, ...outcome.report.timings, engine: t3 - t2, total: t3 - t0 },
  };
}
