// Where the parts of one face are in the image, from its 478 landmarks and pose matrix: the shared
// vocabulary of every check (face width, eye and lip outlines, cheek patches, head pose).
import { landmark, LM, type FaceObservation, type Point } from '../vision/stillAnalysis.ts';

/** MediaPipe face-mesh outlines; "A" is the eye/brow on the image left (the subject's right). */
export const MESH = {
  eyeA: [33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7],
  eyeB: [263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249],
  browA: [70, 63, 105, 66, 107, 55, 65, 52, 53, 46],
  browB: [300, 293, 334, 296, 336, 285, 295, 282, 283, 276],
  lipsOuter: [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91, 146],
  lipsInner: [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95],
  faceOval: [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109],
  irisA: [469, 470, 471, 472],
  irisB: [474, 475, 476, 477],
  cheekA: 50,
  cheekB: 280,
  /** jaw points just in front of the ear lobes */
  jawA: 132,
  jawB: 361,
  upperLipInner: 13,
  lowerLipInner: 14,
  upperLipOuter: 0,
  lowerLipOuter: 17,
} as const;

export interface HeadPose {
  /** degrees, positive = face turned towards the image right */
  yaw: number;
  /** degrees as the model reads it (before the frontal-bias correction of calibration.ts) */
  pitchRaw: number;
  /** degrees from the eye line in the image, positive = clockwise */
  roll: number;
}

export interface FaceGeometry {
  face: FaceObservation;
  /** cheek-to-cheek width in pixels (landmarks 234–454): the unit of every region size */
  width: number;
  pt: (index: number) => Point;
  /** 3D distance between two landmarks (z in the pixel scale of x): lengths that do not shrink as the head turns or tips */
  dist3: (a: number, b: number) => number;
  outline: (indices: readonly number[]) => Point[];
  irisA: Point;
  irisB: Point;
  /** iris radius in pixels, mean of both eyes */
  irisRadius: number;
  pose: HeadPose;
  chin: Point;
}

const toDeg = 180 / Math.PI;

/** Yaw and pitch from the column-major facial transformation matrix. */
function matrixPose(matrix: readonly number[]): { yaw: number; pitchRaw: number } {
  const r = (row: number, col: number): number => matrix[col * 4 + row] ?? 0;
  const yaw = Math.asin(Math.max(-1, Math.min(1, r(0, 2)))) * toDeg;
  const pitchRaw = Math.atan2(-r(1, 2), r(2, 2)) * toDeg;
  return { yaw, pitchRaw };
}

export function faceGeometry(face: FaceObservation): FaceGeometry {
  const pt = (index: number): Point => landmark(face, index);
  const outline = (indices: readonly number[]): Point[] => indices.map(pt);
  const p = face.points;
  const dist3 = (a: number, b: number): number => Math.hypot((p[a * 3] ?? 0) - (p[b * 3] ?? 0), (p[a * 3 + 1] ?? 0) - (p[b * 3 + 1] ?? 0), (p[a * 3 + 2] ?? 0) - (p[b * 3 + 2] ?? 0));
  const irisA = pt(LM.irisA);
  const irisB = pt(LM.irisB);
  const radius = (centre: Point, ring: readonly number[]): number => ring.reduce((s, i) => s + Math.hypot(pt(i).x - centre.x, pt(i).y - centre.y), 0) / ring.length;
  const a = pt(LM.leftCheek);
  const b = pt(LM.rightCheek);
  const roll = Math.atan2(irisB.y - irisA.y, irisB.x - irisA.x) * toDeg;
  return {
    face,
    width: Math.hypot(b.x - a.x, b.y - a.y),
    pt,
    dist3,
    outline,
    irisA,
    irisB,
    irisRadius: (radius(irisA, MESH.irisA) + radius(irisB, MESH.irisB)) / 2,
    pose: { ...matrixPose(face.matrix), roll },
    chin: pt(LM.chin),
  };
}
