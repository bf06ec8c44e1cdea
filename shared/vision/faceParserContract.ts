// The face parser behind a small contract, so a deployer can drop in a parser trained on licensed
// data: resources/models/face-parser.json names the model file, its input size and normalisation and its
// class names in id order. The rules read parts by the CelebAMask-HQ names below; a model's own ids
// are mapped onto them by name, and a class a model does not have is simply never seen.
import { z } from 'zod';
import { LM, landmark, type FaceObservation } from './stillAnalysis.ts';

/** The part names the rules know, in the id order of shared/checks/parsedRegions.ts's PART. */
export const PART_NAMES = [
  'background', 'skin', 'l_brow', 'r_brow', 'l_eye', 'r_eye', 'eye_g', 'l_ear', 'r_ear', 'ear_r',
  'nose', 'mouth', 'u_lip', 'l_lip', 'neck', 'neck_l', 'cloth', 'hair', 'hat',
] as const;

export const FaceParserContractSchema = z.object({
  /** file name under models/ */
  model: z.string().regex(/^[\w.-]+\.tflite$/),
  /** the model takes a square RGB image of this side and returns one class id per pixel of it */
  inputSize: z.number().int().min(64).max(1024),
  /** input value = (channel byte − mean) × scale */
  normalisation: z.object({ mean: z.number(), scale: z.number().positive() }),
  output: z.literal('class_ids'),
  classes: z.array(z.string()).min(2).max(255),
  licence: z.string(),
});
export type FaceParserContract = z.infer<typeof FaceParserContractSchema>;

/** model class id → PART id (0, background, for a class the rules do not know). */
export function partIdsOf(contract: FaceParserContract): Uint8Array {
  return Uint8Array.from(contract.classes, (name) => Math.max(0, PART_NAMES.indexOf(name as (typeof PART_NAMES)[number])));
}

/** Side of the parser's square crop in face widths (cheek to cheek): head, hair, ears and the collar. */
export const PARSE_CROP_FACE_WIDTHS = 2.6;
/** How far below the eyes the crop is centred, in face widths: the head sits high, neck and cloth below. */
export const PARSE_CROP_DROP = 0.35;

/** The face-centred square the parser sees, in source pixels (it may reach outside the frame). */
export function faceParseCrop(face: FaceObservation): { x: number; y: number; size: number } {
  const a = landmark(face, LM.leftCheek);
  const b = landmark(face, LM.rightCheek);
  const eyeA = landmark(face, LM.irisA);
  const eyeB = landmark(face, LM.irisB);
  const faceWidth = Math.hypot(b.x - a.x, b.y - a.y);
  const size = PARSE_CROP_FACE_WIDTHS * faceWidth;
  const cx = (eyeA.x + eyeB.x) / 2;
  const cy = (eyeA.y + eyeB.y) / 2 + PARSE_CROP_DROP * faceWidth;
  return { x: cx - size / 2, y: cy - size / 2, size };
}
