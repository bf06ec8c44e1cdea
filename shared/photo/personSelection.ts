// Which detected face is the student: FaceLandmarker also "finds" faces on logos, seals and framed
// pictures and gives no score, so a face counts only where the person mask agrees it is a person.
import { refusal, type Refusal } from './refusals.ts';
import { LM, landmark, type FaceObservation, type PersonMask, type StillAnalysis } from '../vision/stillAnalysis.ts';

/** Landmarks sampled against the mask: eyes, nose tip, forehead, chin. */
const PROBES = [LM.irisA, LM.irisB, LM.noseTip, LM.foreheadTop, LM.chin];
/** A second face at least this fraction of the student's face width is another person in view. */
export const SECOND_PERSON_MIN_RELATIVE_WIDTH = 0.4;

export function personScore(face: FaceObservation, mask: PersonMask, frameWidth: number, frameHeight: number): number {
  let sum = 0;
  for (const index of PROBES) {
    const p = landmark(face, index);
    const x = Math.min(mask.width - 1, Math.max(0, Math.floor((p.x / frameWidth) * mask.width)));
    const y = Math.min(mask.height - 1, Math.max(0, Math.floor((p.y / frameHeight) * mask.height)));
    sum += mask.data[y * mask.width + x]! / 255;
  }
  return sum / PROBES.length;
}

function faceWidth(face: FaceObservation): number {
  return Math.abs(landmark(face, LM.rightCheek).x - landmark(face, LM.leftCheek).x);
}

export type PersonSelection = { ok: true; face: FaceObservation; people: number } | { ok: false; refusal: Refusal };

export function selectPerson(analysis: StillAnalysis): PersonSelection {
  const { mask } = analysis;
  const people = mask ? analysis.faces.filter((f) => personScore(f, mask, analysis.width, analysis.height) >= 0.5) : analysis.faces;
  if (people.length === 0) {
    return { ok: false, refusal: refusal('no_face', analysis.faces.length ? `${analysis.faces.length} face-like pattern(s) outside the person` : undefined) };
  }
  const sorted = [...people].sort((a, b) => faceWidth(b) - faceWidth(a));
  const main = sorted[0]!;
  const others = sorted.slice(1).filter((f) => faceWidth(f) >= SECOND_PERSON_MIN_RELATIVE_WIDTH * faceWidth(main));
  if (others.length > 0) return { ok: false, refusal: refusal('multiple_faces', `${others.length + 1} people`) };
  return { ok: true, face: main, people: people.length };
}
