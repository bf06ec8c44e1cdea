// What the vision side (tasks-vision in a browser context) hands over about one still: the seam
// between the renderer and the Node photo pipeline (ARCHITECTURE §4). Coordinates are source pixels
// of the full-resolution, EXIF-oriented image.
import { z } from 'zod';

export const LANDMARK_COUNT = 478;

export const FaceObservationSchema = z.object({
  /** 478 landmarks, flat [x0, y0, z0, x1, ...]: x, y in source pixels; z in the same pixel scale as x */
  points: z.array(z.number()).length(LANDMARK_COUNT * 3),
  /** the 52 blendshape scores by category name, 0..1 */
  blendshapes: z.record(z.string(), z.number()),
  /** the 4x4 facial transformation matrix, column-major as tasks-vision returns it */
  matrix: z.array(z.number()).length(16),
});
export type FaceObservation = z.infer<typeof FaceObservationSchema>;

export const PersonMaskSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** person confidence 0..255, row-major, covering the whole source frame (base64 on the wire) */
  data: z.instanceof(Uint8Array),
});
export type PersonMask = z.infer<typeof PersonMaskSchema>;

/** The face parser's class map of a face-centred square crop of the still (faceParserContract). */
export const FaceParseSchema = z.object({
  /** the crop in source pixels: a square of side `size` whose top-left corner is x, y (it may reach outside the frame) */
  crop: z.object({ x: z.number(), y: z.number(), size: z.number().positive() }),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** class ids (faceParserContract's list), row-major, width x height */
  classes: z.instanceof(Uint8Array),
});
export type FaceParse = z.infer<typeof FaceParseSchema>;

export const StillAnalysisSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  faces: z.array(FaceObservationSchema),
  mask: PersonMaskSchema.nullable(),
  /** null or absent: no parser configured, or it failed (the rules that need it then warn) */
  parse: FaceParseSchema.nullable().optional(),
  /** milliseconds spent in each model, for the benchmarks */
  timings: z.record(z.string(), z.number()),
});
export type StillAnalysis = z.infer<typeof StillAnalysisSchema>;

/** Landmark indices of the MediaPipe face mesh that the photo rules rely on. */
export const LM = {
  leftCheek: 234,
  rightCheek: 454,
  /** iris centres (refined landmarks 468–477); "left"/"right" are image left/right */
  irisA: 468,
  irisB: 473,
  foreheadTop: 10,
  chin: 152,
  noseTip: 1,
  noseBridge: 168,
} as const;

export interface Point {
  x: number;
  y: number;
}

export function landmark(face: FaceObservation, index: number): Point {
  const x = face.points[index * 3];
  const y = face.points[index * 3 + 1];
  if (x === undefined || y === undefined) throw new RangeError(`landmark ${index} out of range`);
  return { x, y };
}

/** A FaceParse as JSON carries it: the class ids in base64. */
export const FaceParseWireSchema = FaceParseSchema.omit({ classes: true }).extend({ base64: z.string() });
export type FaceParseWire = z.infer<typeof FaceParseWireSchema>;

/** A StillAnalysis as it travels as JSON (renderer → booth, headless page → runner): mask bytes in base64. */
export const StillAnalysisWireSchema = StillAnalysisSchema.extend({
  mask: z.object({ width: z.number().int().positive(), height: z.number().int().positive(), base64: z.string() }).nullable(),
  parse: FaceParseWireSchema.nullable().optional(),
});
export type StillAnalysisWire = z.infer<typeof StillAnalysisWireSchema>;
