// face.count: exactly one real person's face. FaceLandmarker also "finds" faces on logos and seals,
// so a face counts only if its landmarks lie on the person mask.
import type { CheckResult } from '../checkResult.ts';
import type { FaceObservation, PersonMask } from '../vision/stillAnalysis.ts';
import { CALIBRATION } from './calibration.ts';
import type { CheckContext } from './context.ts';
import { personAt } from './image.ts';
import { result } from './result.ts';

/** Faces whose landmarks mostly lie on the person mask, largest first. */
export function facesOnPerson(faces: readonly FaceObservation[], mask: PersonMask | null, size: { width: number; height: number }): FaceObservation[] {
  const onPerson = faces.filter((face) => {
    let inside = 0;
    let total = 0;
    // every 7th landmark spreads the test over the whole face at negligible cost
    for (let i = 0; i < face.points.length / 3; i += 7) {
      total++;
      if (personAt(mask, size, face.points[i * 3] ?? -1, face.points[i * 3 + 1] ?? -1) >= CALIBRATION.personMaskMin) inside++;
    }
    return total > 0 && inside / total >= CALIBRATION.faceOnPersonMin;
  });
  const width = (f: FaceObservation): number => Math.abs((f.points[454 * 3] ?? 0) - (f.points[234 * 3] ?? 0));
  return onPerson.sort((a, b) => width(b) - width(a));
}

export function checkFaceCount(ctx: CheckContext): CheckResult {
  const n = ctx.personFaces;
  return result('face.count', n === 1 ? 'pass' : 'fail', n, { min: 1, max: 1, unit: 'faces' }, n === 0 ? 'no face found' : n > 1 ? `${n} faces` : undefined);
}
