// How source pixels land on the output photo (scale and offset, no rotation), and the vision
// results carried over to output pixels so every output measure uses the same landmarks.
import { LANDMARK_COUNT, type FaceObservation } from '../vision/stillAnalysis.ts';

/** out = src * scale + offset, per axis. */
export interface OutputMapping {
  scaleX: number;
  scaleY: number;
  offsetX: number;
  offsetY: number;
}

export function mapFaceToOutput(face: FaceObservation, m: OutputMapping): FaceObservation {
  const points = face.points.slice();
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    points[i * 3] = face.points[i * 3]! * m.scaleX + m.offsetX;
    points[i * 3 + 1] = face.points[i * 3 + 1]! * m.scaleY + m.offsetY;
    points[i * 3 + 2] = face.points[i * 3 + 2]! * m.scaleX;
  }
  return { ...face, points };
}
