// The measures of spec §2 taken on a head: eye line, roll, face width, mid-line (from the checks'
// face geometry, the one reading of the landmarks), and the top of the hair from the person mask.
// Pure; used by the crop solver, the output re-measure and live guidance.
import { faceGeometry } from '../checks/faceGeometry.ts';
import { LM, type FaceObservation, type PersonMask, type Point } from '../vision/stillAnalysis.ts';

export interface HeadMeasures {
  /** centre of the pupils, averaged: the eye line is its y */
  eyeCentre: Point;
  /** in-plane head tilt from the pupils, degrees, positive = clockwise on screen */
  rollDeg: number;
  /** cheek to cheek (landmarks 234 ↔ 454), pixels */
  faceWidth: number;
  /** x of the face mid-line, halfway between the cheeks */
  midlineX: number;
  /** y of the forehead landmark (10), the start of the upward hair search */
  foreheadY: number;
  /** y of the chin: below it is clothing */
  chinY: number;
}

export function headMeasures(face: FaceObservation): HeadMeasures {
  const g = faceGeometry(face);
  return {
    eyeCentre: { x: (g.irisA.x + g.irisB.x) / 2, y: (g.irisA.y + g.irisB.y) / 2 },
    rollDeg: g.pose.roll,
    faceWidth: g.width,
    midlineX: (g.pt(LM.leftCheek).x + g.pt(LM.rightCheek).x) / 2,
    foreheadY: g.pt(LM.foreheadTop).y,
    chinY: g.chin.y,
  };
}

export interface HeadTop {
  /** y of the top of the hair in source pixels (may be fractional) */
  y: number;
  /** the person reaches the top edge of the frame above the face: the hair is cut off */
  cutOff: boolean;
}

/** The hair top is looked for in the columns within this many face widths of the mid-line. */
export const HAIR_SEARCH_HALF_WIDTH = 0.35;

/** Mask confidence above which a mask pixel counts as the person. */
const PERSON = 128;

/**
 * The top of the hair: in every mask column across the middle of the face, walk up from the
 * forehead while the mask says "person"; the highest row reached over all columns is the head top.
 * Walking from the forehead (not scanning from the frame's top) ignores blobs of background above
 * the head that the segmenter mistakes for a person.
 */
export function headTop(mask: PersonMask, geometry: HeadMeasures, frameWidth: number, frameHeight: number): HeadTop {
  const sx = mask.width / frameWidth;
  const sy = mask.height / frameHeight;
  const half = HAIR_SEARCH_HALF_WIDTH * geometry.faceWidth;
  const c0 = Math.max(0, Math.floor((geometry.midlineX - half) * sx));
  const c1 = Math.min(mask.width - 1, Math.ceil((geometry.midlineX + half) * sx));
  const startRow = Math.min(mask.height - 1, Math.max(0, Math.round(geometry.foreheadY * sy)));
  let top = Infinity;
  let cutOff = false;
  for (let c = c0; c <= c1; c++) {
    if ((mask.data[startRow * mask.width + c] ?? 0) < PERSON) continue;
    let r = startRow;
    while (r > 0 && (mask.data[(r - 1) * mask.width + c] ?? 0) >= PERSON) r--;
    if (r === 0) cutOff = true;
    // sub-pixel: where the confidence crosses PERSON between row r-1 and r
    const above = r > 0 ? (mask.data[(r - 1) * mask.width + c] ?? 0) : PERSON;
    const here = mask.data[r * mask.width + c] ?? PERSON;
    const frac = here > above ? (here - PERSON) / (here - above) : 0;
    top = Math.min(top, r - frac);
  }
  if (!Number.isFinite(top)) return { y: geometry.foreheadY, cutOff: false };
  // mask row r is centred on source y = (r + 0.5) / sy
  return { y: Math.max(0, (top + 0.5) / sy), cutOff };
}
