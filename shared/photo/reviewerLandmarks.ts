// What the reviewer's overlay draws on a standardized photo: the face's landmarks and the measured
// head top, eye line, cheeks and roll, all in output pixels (shared/sync LandmarksSchema).
import type { CheckResult } from '../checkResult.ts';
import type { Landmarks } from '../sync/protocol.ts';
import { LANDMARK_COUNT, LM, landmark, type FaceObservation } from '../vision/stillAnalysis.ts';

export function reviewerLandmarks(outputFace: FaceObservation, checks: readonly CheckResult[]): Landmarks {
  const measured = (id: CheckResult['id']) => checks.find((c) => c.id === id)?.value ?? null;
  const points: number[] = [];
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const p = landmark(outputFace, i);
    points.push(Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10);
  }
  return {
    points,
    headTopY: measured('geom.head_top'),
    eyeLineY: measured('geom.eye_line'),
    faceLeftX: landmark(outputFace, LM.leftCheek).x,
    faceRightX: landmark(outputFace, LM.rightCheek).x,
    rollDeg: measured('geom.roll'),
  };
}
