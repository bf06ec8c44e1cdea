// Which detected face is the student. FaceLandmarker also "finds" faces on logos, seals and framed
// pictures, so only faces on the person mask count (the checks' facesOnPerson, the same test the
// face.count rule uses); of those, a second one nearly the student's size is another person in view.
import { faceGeometry } from '../checks/faceGeometry.ts';
import { facesOnPerson } from '../checks/faceCount.ts';
import { refusal, type Refusal } from './refusals.ts';
import type { FaceObservation, StillAnalysis } from '../vision/stillAnalysis.ts';

/** A second face at least this fraction of the student's face width is another person in view. */
export const SECOND_PERSON_MIN_RELATIVE_WIDTH = 0.4;

export type PersonSelection = { ok: true; face: FaceObservation; people: number } | { ok: false; refusal: Refusal };

export function selectPerson(analysis: StillAnalysis): PersonSelection {
  // largest first
  const people = facesOnPerson(analysis.faces, analysis.mask, analysis);
  const [main, ...rest] = people;
  if (!main) {
    return { ok: false, refusal: refusal('no_face', analysis.faces.length ? `${analysis.faces.length} face-like pattern(s) outside the person` : undefined) };
  }
  const mainWidth = faceGeometry(main).width;
  const others = rest.filter((f) => faceGeometry(f).width >= SECOND_PERSON_MIN_RELATIVE_WIDTH * mainWidth);
  if (others.length > 0) return { ok: false, refusal: refusal('multiple_faces', `${others.length + 1} people`) };
  return { ok: true, face: main, people: people.length };
}
