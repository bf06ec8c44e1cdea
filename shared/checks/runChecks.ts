// The two entry points of the compliance checks: every still rule on a captured or standardized
// photo, and the cheap live subset on a video frame.
import type { CheckResult } from '../checkResult.ts';
import type { FaceObservation, StillAnalysis } from '../vision/stillAnalysis.ts';
import type { CheckConfig, CheckContext } from './context.ts';
import { faceGeometry } from './faceGeometry.ts';
import { checkFaceCount, facesOnPerson } from './faceCount.ts';
import type { RgbImage } from './image.ts';
import { ParsedRegions } from './parsedRegions.ts';
import { RULES } from './registry.ts';

export type { CheckConfig } from './context.ts';
export type { RgbImage } from './image.ts';

/**
 * Every rule of spec §7 except file.*, geom.* and bg.*, in registry order. `image` holds the pixels
 * the analysis was made on (same width and height); its alpha, if any, is ignored: the mask decides.
 */
export function runStillChecks(analysis: StillAnalysis, image: RgbImage, config: CheckConfig): CheckResult[] {
  const ctx = checkContext(analysis, image, config);
  return RULES.filter((r) => r.still).map((r) => r.check(ctx));
}

/** What every rule of one still sees (the evaluation runs each rule's own check on it). */
export function checkContext(analysis: StillAnalysis, image: RgbImage, config: CheckConfig): CheckContext {
  if (image.width !== analysis.width || image.height !== analysis.height) {
    throw new RangeError(`runStillChecks: image is ${image.width}x${image.height} but the analysis is of ${analysis.width}x${analysis.height}; map the analysis to the image first`);
  }
  if (image.data.length < image.width * image.height * image.channels) {
    throw new RangeError(`runStillChecks: image.data has ${image.data.length} bytes, expected ${image.width * image.height * image.channels} for ${image.channels} channels`);
  }
  const people = facesOnPerson(analysis.faces, analysis.mask, analysis);
  const first = people[0];
  const parsed = analysis.parse ? new ParsedRegions(analysis.parse, analysis) : null;
  return { face: first ? faceGeometry(first) : null, personFaces: people.length, image, mask: analysis.mask, parsed, config };
}

/**
 * The live subset on one video frame (landmarks in frame pixels). Without a face there is nothing
 * to guide but finding one: a single face.count fail. Without a frame only the landmark and
 * blendshape rules run (pose, roll, eyes, mouth); the pixel rules need the frame.
 */
export function runLiveChecks(face: FaceObservation | null, frame: RgbImage | null, config: CheckConfig): CheckResult[] {
  const ctx: CheckContext = { face: face ? faceGeometry(face) : null, personFaces: face ? 1 : 0, image: frame, mask: null, parsed: null, config };
  if (!face) return [checkFaceCount(ctx)];
  return RULES.filter((r) => r.live && (frame !== null || !PIXEL_RULES.has(r.id))).map((r) => r.check(ctx));
}

/** live rules that read pixels and so are skipped without a frame */
const PIXEL_RULES = new Set(['hair.eyebrows']);
